#!/usr/bin/env python3
"""Writes docs/errors.md from the meanings below and the catalogue of bad inputs: each code's
example is the first catalogue file that produces it, with the line chiso prints for it.

Usage: make_errors_doc.py <chiso executable> <source root>
Codes no file of the catalogue can produce (out of memory, a bug…) have a hand-written example in
MANUAL. tests/errors/check_error_codes.py then checks the result against the sources.
"""
import pathlib
import subprocess
import sys

MEANING = {
    # YAML layer (every YAML reader)
    "yaml-syntax": "The file is not valid YAML; the message says what happened (a tab in the indentation, an unclosed `{` or `[`, a line indented unlike its neighbours, a `: ` inside an unquoted value) and ends with the parser's own words.",
    "yaml-invalid": "The YAML parser refused a value while chiso read it (a rare case the other codes do not cover).",
    "yaml-too-deep": "Lists and mappings nest more than 100 levels deep. A criteria tree is a few levels deep; chiso refuses deeper files rather than recurse without bound.",
    "yaml-alias-limit": "Aliases (`*name`) expand the file beyond 250 000 nodes: each use of an alias counts as a copy of what its anchor (`&name`) marks, so a few lines of aliases of aliases would otherwise make billions of nodes.",
    "yaml-too-large": "The file has more than 250 000 nodes even without aliases; chiso refuses it rather than use unbounded memory.",
    "yaml-alias-cycle": "An alias refers to a node that contains it (`criteria: &a [{children: *a}]`), which would make an infinite tree.",
    "yaml-merge-key": "YAML 1.1 merge keys (`<<: *common`) are not supported: write the keys out in each mapping (an alias can still stand for a whole value). A quoted `\"<<\"` is an ordinary key.",
    "yaml-flow-comma": "Inside `{…}` a comma ends a value, so the rest of an unquoted text containing a comma became a key of its own. Quote the value (`name: \"Tính đồng bộ, thống nhất\"`).",
    "not-chiso-file": "The file does not start with a mapping that has `kind:` (every chiso file names its kind).",
    "wrong-file-kind": "The file is a chiso file of another kind than the one expected here (a band table given as criteria).",
    "missing-format-version": "The file has no `format_version:`.",
    "unsupported-format-version": "The file's `format_version` is not one this chiso reads.",
    "cannot-open-file": "The file cannot be opened (it does not exist or is not readable).",
    "not-a-mapping": "A value that must be a mapping of keys to values is something else (a list, a text).",
    "key-not-text": "A key of a mapping is a list or a mapping instead of a word.",
    "duplicate-key": "A key appears twice in the same mapping; the message points at the first.",
    "unknown-key": "A key is not one this part of the file accepts (keys starting with `x-` are yours and ignored); a close one is suggested.",
    "missing-key": "A required key is absent.",
    "not-text": "A value that must be a (non-empty) text is a list, a mapping or empty.",
    "not-a-list": "A value that must be a list is something else (or an empty list where one entry is needed).",
    "not-a-number": "A value that must be an exact decimal number is not one; the message says why (a decimal comma, a thousands separator, an exponent, too many digits…).",
    "not-a-whole-number": "A value that must be a whole number has decimals or is out of range.",
    "not-a-boolean": "A value that must be `true` or `false` is something else.",
    "not-a-year": "A year is not a four-digit year between 1990 and 2100.",
    "negative-value": "A value that cannot be negative (a cost, a half-width) is.",
    "percent-range": "A percentage is outside [0, 100].",
    "too-many-problems": "More than 100 problems were found: the first 100 (by file, line and column) are printed, then this one line counting the rest.",
    "input-too-large": "Reading the file ran out of memory.",
    "internal-error": "A bug in chiso: something other than the file's content failed while reading it. Please report it with the file.",
    # criteria
    "decimals-range": "`index: decimals` must be between 0 and 9.",
    "engine-limit": "A leaf's max (or min) does not fit the batch scoring engine, which stores each leaf's points as a 32-bit count of 10^-decimals points (at most 2 147 483 647 units: 2.147483647 points at 9 decimals, 21.47483647 at 8, 214 748.3647 at 4). Lower `decimals`.",
    "years-not-list": "`years` must be a year or a list of years.",
    "equal-share-not-leaf": "`max: equal_share` is only for leaves (a parent's max is the sum of its children's).",
    "equal-share-mixed": "Either all or none of a parent's children have `max: equal_share`.",
    "equal-share-parent": "Children with `max: equal_share` need the parent to declare its `max` (and `min` if not 0) and not be partial.",
    "equal-share-min": "A leaf with `max: equal_share` cannot declare a `min`: its range is a share of its parent's.",
    "max-not-above-min": "A criterion's max is not greater than its min.",
    "unknown-method": "`method` is not self_assessed, appraised, survey or official_data.",
    "partial-unlisted": "`partial` needs `unlisted: full_marks | zero | unknown`.",
    "partial-leaf": "Only a criterion with children can be `partial`.",
    "partial-sum": "A partial criterion's listed children already sum to more than its max.",
    "too-many-decimals": "A value has more decimals than the tree's `index: decimals` declares.",
    "empty-children": "`criteria` or `children` must be a non-empty list of criteria.",
    "bad-code": "A criterion code is not a dotted code such as 2.4.1.",
    "code-not-under-parent": "A child's code does not extend its parent's (`2.1` under `1`).",
    "duplicate-code": "Two criteria have the same code.",
    "rule-not-leaf": "A criterion with children has a `rule`; only leaves are scored by rules.",
    "leaf-without-max": "A leaf has no `max` (write `max: unknown` where the source does not give it).",
    "leaf-without-method": "A leaf has no `method`, on itself or an ancestor.",
    "max-sum": "A parent's declared max is not the sum of its children's (declare it partial if the source lists only part).",
    "min-sum": "A parent's declared min is not the sum of its children's.",
    # rules
    "rule-not-mapping": "A `rule` must be a mapping with a `kind`.",
    "unknown-rule-kind": "The rule's `kind` is not one of the kinds in docs/rules.md.",
    "rule-needs-max": "A rule that scores between min and max needs the leaf's max, which is `unknown`.",
    "rule-bounds": "`zero_below` is above `full_at`.",
    "rule-percent-range": "A rule's percentage (`full_at`, `zero_below`…) is outside [0, 100].",
    "rule-points-range": "Points a rule gives lie outside the criterion's [min, max].",
    "rule-measure": "`measure` is not value, ratio or percent.",
    "rule-precision": "`precision` is outside 0 … the index's decimals.",
    "rule-rounding": "`rounding` is not half_up, half_even or truncate.",
    "rule-input-twice": "Two of a rule's inputs have the same name.",
    "rule-direction": "`direction` is not at_least or at_most.",
    "rule-steps": "The `steps` of a steps rule do not cover 0 upwards exactly once (a gap, an overlap, a missing last open step).",
    "rule-levels": "`levels` must map each answer to its points.",
    "rule-per": "A deduction's `per` must be greater than 0.",
    "rule-listed-twice": "A category is listed twice.",
    "rule-variant": "A survey rule's `variant` is not share or mean, or a key belongs to the other variant.",
    "rule-unknown-category": "A `satisfied` category is not one of the `categories`.",
    "rule-mean-scale": "`mean_scale` is not of_max or of_range.",
    "rule-scores": "A survey rule's `scores` do not map at least two categories to a positive range.",
    "rule-best-worst": "A goalposts rule's `best` and `worst` are equal.",
    # rule inputs (sheets, scenarios)
    "input-twice": "A rule input is given twice.",
    "unknown-input": "An input the leaf's rule does not read; a close name is suggested (and is then not also reported missing).",
    "input-missing": "An input the leaf's rule needs is not given.",
    "input-not-a-number": "A numeric rule input is not a decimal number.",
    "input-not-scalar": "A rule input is a list or a mapping instead of a number or an answer.",
    "input-count": "A count input is negative or not whole.",
    "input-rate": "A rate is negative or above 100 % (allow it with `allow_over_100: true`).",
    "input-undefined": "The measured value is undefined (a zero denominator or target, a survey without answers).",
    "input-out-of-range": "The measured value lies outside what the rule scores (below the first step, outside the goalposts without `clamp: true`).",
    "unknown-answer": "An answer is not one of the rule's levels (or yes/no); a close one is suggested.",
    # sheets
    "wrong-criteria": "The file is written for another criteria tree than the one given.",
    "unknown-stage": "`stage` is not self_assessed, appraised or final.",
    "unknown-missing-policy": "`missing` is not error, zero or unknown.",
    "unknown-criterion": "A criterion code is not in the tree; a suggestion names only a code the file does not already use.",
    "points-on-parent": "Points are given for a criterion with children (give them for its leaves).",
    "points-twice": "A leaf gets points twice.",
    "points-not-applicable": "A leaf marked not applicable also has points or inputs.",
    "inputs-without-rule": "Inputs are given for a leaf without a rule that reads inputs.",
    "points-and-inputs": "A leaf has both points and inputs.",
    "points-missing": "Leaves without points that are not marked not applicable (reported only when nothing else is wrong, so that an unreadable value is not also called missing).",
    "points-below-min": "Points are below the leaf's min.",
    "points-above-max": "Points exceed the leaf's max.",
    # bands
    "band-bound-twice": "A band gives both `from` and `above`, or both `to` and `up_to`.",
    "band-bounds-reversed": "A band's upper bound is not above its lower bound.",
    "band-unbounded": "A band other than the last has no lower bound, or one other than the first has no upper bound.",
    "band-gap": "Neighbouring bands leave values in no band.",
    "band-overlap": "Neighbouring bands both contain some values.",
    "bands-and-quantiles": "A band table gives both `bands` and `quantiles`.",
    "quantiles-too-few": "`quantiles` needs at least 2 labels.",
    "band-label-twice": "A label is used twice in one table.",
    "quota-percent": "A quota's `max_percent` is not above 0 and at most 100.",
    "quota-ties": "A quota's `ties` is not move_down or keep_together.",
    "quota-table": "A quota needs a table of at least two threshold bands.",
    "band-group-twice": "A unit group has two band tables.",
    # catalog
    "unknown-status": "A catalog entry's `status` is not official, partial, unverified or example.",
    "duplicate-criteria-id": "Two catalog entries list the same criteria id.",
    "catalog-years-overlap": "Two catalog entries cover the same index, level and year.",
    "catalog-year-repeated": "A catalog entry lists the same year twice.",
    "csv-no-units": "A unit CSV has its header but no unit rows.",
    "csv-group-missing": "The criteria declare unit groups but the unit CSV has no 'group' column.",
    "sheet-evidence-date": "An evidence document's date is not a day that exists (2019-01-10 or 10/01/2019).",
    "stage-mismatch": "A score sheet of another stage than the place it is given for (--self, --appraised, --final).",
    "stage-unit-mismatch": "The sheets compared stage by stage are not of the same unit.",
    "catalog-entry-mismatch": "A tree loaded through the catalog disagrees with its catalog entry (id, level, legal basis, years, status).",
    # mappings
    "mapping-unit-twice": "A unit is mapped twice.",
    "mapping-previous-twice": "A mapping lists a previous unit twice.",
    "mapping-compare-with": "`compare_with` is not one of the mapping's previous units.",
    "mapping-unknown-unit": "A mapping names a unit that is not in the year it refers to.",
    # scenario
    "unknown-action": "A change's `action` is not one of the scenario actions.",
    "unknown-unit": "A unit id is not among the units loaded; a close one is suggested.",
    "scenario-extra-key": "A change has a key its action does not take.",
    "scenario-points-range": "A change would put a leaf outside its [min, max].",
    "scenario-not-applicable": "A change targets a criterion the unit marks not applicable.",
    "scenario-no-inputs": "A rule-input change targets a unit that gives the leaf's points, not raw inputs.",
    "scenario-max-unknown": "`to_max` on a criterion whose max is unknown.",
    "scenario-not-published": "`add` on a leaf whose points are not published (`missing: unknown`).",
    # plan
    "plan-mode": "`mode` is not fractional or whole_criterion.",
    "plan-objective": "`objective` is not points or cost.",
    "plan-target": "`target` must give exactly one of `percent` or `rank` (a rank of 1 or more).",
    "plan-cap": "A `cap` is on a parent (use `cap_percent`) or past the leaf's max.",
    # uncertainty
    "unknown-model": "`model` is not binomial or normal.",
    "uncertainty-jitter": "`weight_jitter` is not at least 0 and below 1.",
    "not-survey": "A criterion declared as a survey is not measured by survey.",
    "survey-twice": "A survey criterion is declared twice.",
    "survey-size": "A survey declaration gives neither or both of `sample_size` and `half_width`.",
    "survey-undeclared": "Survey criteria are neither in `surveys` nor in `excluded`.",
    "survey-unused": "A survey declaration varies nothing (every survey leaf under it is excluded or declared more specifically).",
}

MANUAL = {
    "input-out-of-range": ("rule: {kind: goalposts, worst: 0, best: 100, rounding: half_up}\n# sheet\ninputs: {\"1.1\": {value: 150}}",
                           "s.yaml:7:20: error[input-out-of-range]: criterion '1.1': value 150 is outside the goalposts (worst 0, best 100) and the rule does not declare 'clamp: true'"),
    "input-twice": ("(a score_sheet built in code whose inputs for '1.1' name 'total' twice)",
                    "<input>: error[input-twice]: criterion '1.1': input 'total' is given twice"),
    "scenario-not-applicable": ("# the unit marks 3.1 not applicable\n  - {code: \"3.1\", action: set, points: 1, units: [so-a]}",
                                "scenario.yaml:5:5: error[scenario-not-applicable]: change on '3.1' for unit 'so-a': the criterion is not applicable to this unit"),
    "scenario-no-inputs": ("# so-a gives the points of 2.2, not its rule inputs\n  - {code: \"2.2\", action: rule_input, input: answer, value: no, units: [so-a]}",
                           "scenario.yaml:5:5: error[scenario-no-inputs]: change on '2.2' for unit 'so-a': the unit gives points for '2.2', not raw inputs: there is no input 'answer' to change"),
    "scenario-max-unknown": ("# 4 has a leaf with max: unknown\n  - {code: \"4\", action: to_max, units: all}",
                             "scenario.yaml:5:5: error[scenario-max-unknown]: change on '4' for unit 'so-a': the maximum of '4.2' is unknown"),
    "scenario-not-published": ("# the sheet says missing: unknown and has no points for 1.2\n  - {code: \"1.2\", action: add, points: 1, units: [so-a]}",
                               "scenario.yaml:5:5: error[scenario-not-published]: change on '1.2' for unit 'so-a': the points of '1.2' are not published (missing: unknown): set them instead"),
    "yaml-invalid": ("points: !!binary 'x'", "sheet.yaml:6:9: error[yaml-invalid]: invalid YAML: …"),
    "yaml-too-large": ("criteria:\n  - … (a generated file of more than 250 000 nodes)",
                       "big.yaml:41671:7: error[yaml-too-large]: the file has more than 250000 nodes: chiso refuses files this large"),
    "cannot-open-file": ("chiso validate no-such-file.yaml", "no-such-file.yaml: error[cannot-open-file]: cannot open file"),
    "input-too-large": ("(a file whose reading exhausts memory)", "big.yaml: error[input-too-large]: not enough memory to read this file"),
    "internal-error": ("(none: a bug)", "x.yaml: error[internal-error]: chiso could not read this file: vector::_M_range_check … (a bug in chiso: please report it with the file)"),
    "catalog-entry-mismatch": ("# catalog.yaml\n  - {criteria: bad-inputs, index: t, level: tinh, years: 2024, file: tree.yaml, status: example}\n# tree.yaml has no 'level'",
                               "catalog.yaml:4:5: error[catalog-entry-mismatch]: catalog entry 'bad-inputs': level is '' in tree.yaml but 'tinh' in the catalog"),
    "mapping-unknown-unit": ("# mappings.yaml, with `chiso rank --mappings mappings.yaml`\n  - {unit: hue, previous: thua-thien-hue}",
                             "mappings.yaml:4:5: error[mapping-unknown-unit]: mapping for 'hue', which is not in the current year"),
}

def main():
    chiso, root = sys.argv[1], pathlib.Path(sys.argv[2])
    bad = root / "tests" / "data" / "bad"
    first = {}
    for raw in (bad / "cases.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or raw.startswith("@"):
            continue
        name, code, where, message = [p.strip() for p in raw.split("|", 3)]
        if code not in first:
            first[code] = (name, where, message)
    out = [HEADER]
    sections = [("YAML layer: every YAML reader", ["yaml-syntax"]), ]
    for code in MEANING:
        out.append(f"### {code}\n\n{MEANING[code]}\n")
        if code in first:
            name, where, message = first[code]
            text = (bad / name).read_text(encoding="utf-8")
            if len(text) > 1200:
                text = text[:1200].rsplit("\n", 1)[0] + "\n…\n"
            pos = "" if where == "-" else ":" + where
            lang = "csv" if name.endswith(".csv") else "yaml"
            out.append(f"Example (`tests/data/bad/{name}`):\n\n```{lang}\n{text.rstrip()}\n```\n")
            out.append(f"```text\ntests/data/bad/{name}{pos}: error[{code}]: {message}\n```\n")
        elif code in MANUAL:
            example, printed = MANUAL[code]
            out.append(f"Example:\n\n```yaml\n{example}\n```\n\n```text\n{printed}\n```\n")
        else:
            out.append("Example: none yet.\n")
    (root / "docs" / "errors.md").write_text("\n".join(out), encoding="utf-8")

HEADER = """# Diagnostic codes

Every problem chiso finds in an input file is printed GCC-style with a stable code:

```text
file:line:col: error[code]: message
```

Programs (a web form, a portal) key on the **code** and on the diagnostic's `unit` and
`criterion` fields (`chiso::diagnostic`), never on the message, which may be reworded. Codes are
kebab-case and never change meaning; a new problem gets a new code.

Diagnostics are sorted by file, then line, then column. A loader reports at most 100; the rest
are counted in one last `too-many-problems` line. The command-line tool exits with 1 on any of
them (2 for bad usage, 3 for an internal error; see [cli.md](cli.md)).

**Convention for the sources** (checked by `tests/errors/check_error_codes.py`, the CTest
`error_codes_catalogued`): a code is the string literal passed as the *first argument* of a
call to `add(…)`, `input_error(…)` or a loader's local reporting helper named `error(…)`,
`report(…)` or `fail(…)`; the literal may be on the next line. Every such code must have a
`### <code>` heading below, with a one-line meaning, an example input and the printed message,
and every heading must be used in `src/` or `tools/`. Examples come from the catalogue of bad
inputs, `tests/data/bad/` (checked by the CTest `cli_bad_inputs_catalogue`);
`tests/errors/make_errors_doc.py` regenerates this file from it.

Limits a YAML file is held to (`src/yaml_support.hpp`): at most 100 nested lists/mappings, at
most 250 000 nodes counting each alias use as a copy, no recursive aliases, no merge keys.
"""

if __name__ == "__main__":
    main()
