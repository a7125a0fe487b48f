#!/usr/bin/env python3
"""Every diagnostic site of the sources has a Vietnamese shape in src/messages/details.inc, so that
no message falls back to "meaning — English detail" in Vietnamese, including at sites no bad input
of tests/data/bad exercises.

A site is a call found as tests/errors/check_error_codes.py finds codes: add(…), input_error(…),
error(…), report(…), fail(…) or warn(…) with a kebab-case code literal as first argument. Its
message is the first later argument that holds a string literal, read as a pattern: literals as
written, every other operand of `+` (a name, a figure, a call) a value `{}`; a parenthesised
`c ? "a" : "b"` gives one pattern per branch. A message in a variable is read where it is built
(`std::string m = …;` and each `m += …;` before the call, as alternatives); one returned by a
helper (`detail::missing_group_message(…)`) is read from each `return` of the helper.

A pattern fits when a shape of details.inc can read some message it prints, as localize_message()
reads one (src/messages.cpp): the shape's literal parts in order, its `{}` place any run without
": " (without "': " between quotes), its `{m}` place a run that fits in turn (or a text of
texts.inc); a value of the pattern may stand for any text (a context prefix "criterion '1': "
built before the call, a name). A value inside the message covers only a place of the shape: a
value that could also cover the shape's letters would let any message that ends in ")" fit
"{m} (did you mean '{}'?)" (so "score sheet is for {}, not a year of criteria …" passed with no
shape of its own). So the check finds a message no shape can read — a site added without its
shape — not a value that breaks a shape at run time (the bad inputs test that).

Sites that this stricter reading found without a shape when it came are listed in UNSHAPED, to
be given shapes (each still has to fail: one that fits is an error, so the list only shrinks).

A site whose message cannot be read this way must be listed in COMPOSED with where its parts are
catalogued; a listed site that no longer exists is an error too.

Usage: check_message_shapes.py <source root>
"""
import ast
import functools
import pathlib
import re
import sys

from cpp_source import literal_end, strip_comments

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")

# Sites whose message is built before the call (file, the message expression as written): each
# is made of parts that are catalogued themselves — the helper's or variable's literals are
# sites of their own, or shapes checked by the tests named.
COMPOSED = {
    # read_points() builds each message where the mark is read and report_mark() reports the
    # first cell (shapes "unit '{}', criterion '{}': {m}" + "'{}' has a decimal comma, but this
    # file ({}) writes decimals with a point: write {}…") and keeps the second (same shapes).
    ("src/unit_set.cpp", "csv-decimal-mark"): "details.inc: '{}' has a decimal comma/point …",
}

# (file, code) of sites no shape reads yet, or that this check cannot read (a message assembled
# from fragments under a condition); found when values stopped covering shape letters. Give each a
# shape in src/messages/details.inc (and a bad input in tests/data/bad) and remove it here.
UNSHAPED = {
    ("src/criteria_loader.cpp", "criterion-groups"),
    ("src/criteria_loader.cpp", "index-groups"),
    ("src/printed_check.cpp", "printed-code"),
    ("src/printed_check.cpp", "printed-derived"),
    ("src/printed_check.cpp", "printed-rounding"),
    ("src/printed_check.cpp", "printed-value"),
    ("src/ranked_results.cpp", "year-missing"),
    ("src/ranked_results.cpp", "year-not-in-tree"),
    ("src/rule.cpp", "input-missing"),
    ("src/rule.cpp", "input-not-a-number"),
    ("src/rule.cpp", "missing-key"),
    ("src/rule.cpp", "rule-measure"),
    ("src/rule.cpp", "rule-variant"),
    ("src/rule.cpp", "unknown-answer"),
    ("src/rule.cpp", "unknown-input"),
    ("src/rule.cpp", "unknown-rule-kind"),
    ("src/sheet.cpp", "engine-limit"),
    ("src/sheet.cpp", "not-applicable-to-group"),
    ("src/sheet.cpp", "points-above-max"),
    ("src/sheet.cpp", "points-below-min"),
    ("src/sheet.cpp", "sheet-evidence"),
    ("src/sheet.cpp", "too-many-decimals"),
    ("src/sheet.cpp", "unknown-criterion"),
    ("src/tree_import.cpp", "import-tree-group"),
    ("src/uncertainty.cpp", "unknown-model"),
    ("src/unit_set.cpp", "csv-attribute-differs"),
    ("src/unit_set.cpp", "csv-cell-range"),
    ("src/unit_set.cpp", "csv-duplicate-unit"),
    ("src/unit_set.cpp", "not-applicable-to-group"),
    ("src/yaml_support.cpp", "not-a-number"),
    ("src/yaml_support.cpp", "too-many-problems"),
}

CALL = re.compile(r'(?<![A-Za-z0-9_])(add|input_error|error|report|fail|warn)\(\s*"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"\s*,')


def split_top(text, separators):
    """`text` cut at the top-level (outside brackets and literals) occurrences of `separators`."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c == '"' or (c == "'" and text.find("'", i + 1) - i <= 3):
            i = literal_end(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0:
            for s in separators:
                if text.startswith(s, i) and not text.startswith(s * 2, i) and \
                        not (i > 0 and text[i - 1] == s[0]):
                    parts.append(text[start:i])
                    start = i + len(s)
                    i = start - 1
                    break
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def arguments(text, open_at):
    """The arguments of the call whose '(' is at `open_at`, as written."""
    depth, i = 0, open_at
    while i < len(text):
        c = text[i]
        if c == '"':
            i = literal_end(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return split_top(text[open_at + 1:i], [","])
        i += 1
    return []


LITERAL = re.compile(r'^(?:"(?:[^"\\]|\\.)*"\s*)+$', re.S)


def literal_text(term):
    """The text of a term that is only string literals (adjacent ones joined), else None."""
    term = term.strip()
    m = re.fullmatch(r'std::string(?:_view)?\((.*)\)', term, re.S)
    if m:
        term = m.group(1).strip()
    while term.startswith("(") and term.endswith(")") and \
            split_top(term[1:-1], [","]) == [term[1:-1].strip()] and term.count("(") == 1:
        term = term[1:-1].strip()
    if LITERAL.match(term):
        return "".join(ast.literal_eval(lit) for lit in re.findall(r'"(?:[^"\\]|\\.)*"', term))
    return None


def patterns(expression):
    """The patterns a message expression may print: literals kept, other operands `{}`."""
    results = [""]
    for term in split_top(expression, ["+"]):
        text = literal_text(term)
        if text is not None:
            results = [r + text for r in results]
            continue
        inner = term
        m = re.fullmatch(r'std::string\((.*)\)', inner, re.S)
        if m:
            inner = m.group(1).strip()
        if inner.startswith("(") and inner.endswith(")"):
            inner = inner[1:-1]
        branches = split_top(inner, ["?"])
        if len(branches) == 2 and '"' in inner:
            alternatives = split_top(branches[1], [":"])
            out = []
            for alternative in alternatives:
                for p in patterns(alternative):
                    out += [r + p for r in results]
            results = out
            continue
        results = [r if r.endswith("{}") else r + "{}" for r in results]
    return results


def built_before(text, call_at, argument):
    """The patterns of a message variable built before the call: `std::string v = …;` then any
    `v += …;` (each optional: they are alternatives under ifs), at most two of them at once."""
    name = re.sub(r"^std::move\((.*)\)$", r"\1", argument.strip())
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        return None
    declarations = list(re.finditer(r"std::string\s+" + name + r"\s*=", text[:call_at]))
    if not declarations:
        return None
    start = declarations[-1].end()
    end = text.index(";", start)
    while split_top(text[start:end], [";"]) != [text[start:end].strip()] or \
            text[start:end].count('"') % 2:
        end = text.index(";", end + 1)
    heads = patterns(" ".join(text[start:end].split()))
    appends = []
    for a in re.finditer(r"(?<![\w.])" + name + r"\s*\+=\s*", text[end:call_at]):
        at = end + a.end()
        stop = text.index(";", at)
        while text[at:stop].count('"') % 2:
            stop = text.index(";", stop + 1)
        appends.append(patterns(" ".join(text[at:stop].split())))
    out = list(heads)
    for i, first in enumerate(appends):
        out += [h + p for h in heads for p in first]
        for second in appends[i + 1:]:
            out += [h + p + q for h in heads for p in first for q in second]
    return [re.sub(r"(\{\})+", "{}", p) for p in out]


sources = {}


def helper_patterns(argument):
    """The patterns a helper that returns the message may return (`std::string NAME(…) {…}` in
    src/: each `return` of its body, a variable there as built_before() reads it)."""
    m = re.fullmatch(r"(?:detail::)?([A-Za-z_]\w*)\(.*\)", argument.strip(), re.S)
    if not m:
        return None
    for path, text in sources.items():
        d = re.search(r"std::string\s+(?:detail::)?" + m.group(1) + r"\([^;{]*\)\s*(?:const\s*)?\{", text)
        if not d:
            continue
        depth, i = 0, d.end() - 1
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if text[i] == '"':
                i = text.index('"', i + 1)
                while text[i - 1] == "\\":
                    i = text.index('"', i + 1)
            if depth == 0:
                break
            i += 1
        body = text[:i]
        out = []
        for r in re.finditer(r"\breturn\s+", body[d.end():]):
            at = d.end() + r.end()
            stop = body.index(";", at)
            while body[at:stop].count('"') % 2:
                stop = body.index(";", stop + 1)
            expression = " ".join(body[at:stop].split())
            out += built_before(body, at, expression) or patterns(expression)
        return out or None
    return None


def read_shapes(text, macro):
    return [tuple(ast.literal_eval(x) for x in m) for m in re.findall(
        macro + r'\(("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")\)\s*$', text, re.M)]


details = read_shapes((root / "src/messages/details.inc").read_text(), "CHISO_DETAIL")
texts = read_shapes((root / "src/messages/texts.inc").read_text(), "CHISO_TEXT")
english_texts = {en for _, en in texts}
PLACE = re.compile(r"\{m?\}")


HOLE = None  # a value of the site's pattern: any text at run time


def items(pattern, places):
    """`pattern` as a tuple of characters, with each place (`{}`, and `{m}` when `places` says so)
    one item: HOLE, "{}" or "{m}"."""
    out, at = [], 0
    for m in (PLACE if places else re.compile(r"\{\}")).finditer(pattern):
        out += list(pattern[at:m.start()])
        out.append(m.group(0) if places else HOLE)
        at = m.end()
    return tuple(out + list(pattern[at:]))


shapes = [items(en, True) for en, _ in details]


def runs(seq):
    """The literal text before the first place and after the last one."""
    head = []
    for x in seq:
        if x is HOLE or x in ("{}", "{m}"):
            break
        head.append(x)
    tail = []
    for x in reversed(seq):
        if x is HOLE or x in ("{}", "{m}"):
            break
        tail.append(x)
    return "".join(head), "".join(reversed(tail))


shape_runs = [runs(sh) for sh in shapes]


in_progress = set()


@functools.lru_cache(maxsize=None)
def fits(site):
    """Whether some message `site` (a pattern as items) may print is read by a shape: a value of
    the site may stand for any text (a context prefix, a name), a shape's `{}` takes any text
    without ": " outside quotes, its `{m}` one that fits in turn (or a text of texts.inc)."""
    if site == (HOLE,) or "".join(x for x in site if x is not HOLE) in english_texts and HOLE not in site:
        return True
    if site in in_progress:
        return False
    in_progress.add(site)
    try:
        return any_shape_fits(site)
    finally:
        in_progress.discard(site)


longest = [max(re.split(r"\{m?\}", en), key=len) for en, _ in details]


def any_shape_fits(site):
    head, tail = runs(site)
    # Shapes whose longest literal part the site has are tried first: most sites fit one of
    # them, and the others are then never tried.
    plain = "".join(x for x in site if x is not HOLE)
    order = sorted(range(len(shapes)), key=lambda k: longest[k] not in plain)
    for shape, (shead, stail) in ((shapes[k], shape_runs[k]) for k in order):
        # Cheap refusal: the texts both start (and end) with must agree.
        n = min(len(head), len(shead))
        if head[:n] != shead[:n] and not (HOLE in site[:1]):
            continue
        n = min(len(tail), len(stail))
        if n and tail[-n:] != stail[-n:] and site[-1:] != (HOLE,):
            continue
        if unify(site, shape):
            return True
    return False


def unify(site, shape):
    @functools.lru_cache(maxsize=None)
    def match(i, j):
        if j == len(shape):
            return i == len(site) or all(x is HOLE for x in site[i:])
        if i == len(site):
            return False
        a, b = site[i], shape[j]
        if a is HOLE:
            # A value of the site stands for any text: it may end here, or cover the shape's
            # next place. Only a value that opens the message (a context prefix built before
            # the call) may cover the shape's letters too: elsewhere a value that could would
            # let any site fit a shape with a place near its end ("{m} (did you mean '{}'?)").
            if b not in ("{}", "{m}") and i > 0:
                return match(i + 1, j)
            return match(i + 1, j) or match(i, j + 1) or match(i + 1, j + 1)
        if b in ("{}", "{m}"):
            quoted = j > 0 and shape[j - 1] == "'" and j + 1 < len(shape) and shape[j + 1] == "'"
            for k in range(i + 1, len(site) + 1):
                # The value site[i:k] may not hold ": " (nor "': " when quoted): checked on the
                # item just taken.
                if b == "{}" and site[k - 1] == " " and k - 2 >= i and site[k - 2] == ":" and \
                        (not quoted or (k - 3 >= i and site[k - 3] == "'")):
                    break
                if b == "{m}" and (site[i:k] == site or not fits(site[i:k])):
                    continue
                if match(k, j + 1):
                    return True
            return False
        return a == b and match(i + 1, j + 1)

    return match(0, 0)


def site_fits(pattern):
    return fits(items(pattern, False))


problems, sites, used, unshaped = [], 0, set(), set()
for folder in ("src", "tools"):
    for path in sorted((root / folder).rglob("*.cpp")):
        sources[path] = strip_comments(path.read_text(encoding="utf-8"))
for folder in ("src", "tools"):
    for path in sorted((root / folder).rglob("*.cpp")) + sorted((root / folder).rglob("*.hpp")):
        text = strip_comments(path.read_text(encoding="utf-8"))
        relative = str(path.relative_to(root))
        for m in CALL.finditer(text):
            args = arguments(text, m.end(1))
            line = text.count("\n", 0, m.start()) + 1
            message = next((a for a in args[1:] if '"' in a), None)
            sites += 1
            built = None
            if message is None and len(args) > 2:
                built = built_before(text, m.start(), args[2]) or helper_patterns(args[2])
            if built:
                for pattern in built:
                    if not site_fits(pattern):
                        if (relative, m.group(2)) in UNSHAPED:
                            unshaped.add((relative, m.group(2)))
                            continue
                        problems.append(f"{relative}:{line}: [{m.group(2)}] no shape of "
                                        f"src/messages/details.inc fits {pattern!r}")
                continue
            if message is None:
                expression = " ".join(args[min(2, len(args) - 1)].split())
                key = (relative, m.group(2))
                if key not in COMPOSED:
                    problems.append(f"{relative}:{line}: [{m.group(2)}] the message ({expression}) "
                                    f"is built elsewhere: list ({relative!r}, {m.group(2)!r}) in "
                                    f"COMPOSED with where its parts are catalogued")
                used.add(key)
                continue
            for pattern in patterns(" ".join(message.split())):
                if not site_fits(pattern):
                    if (relative, m.group(2)) in UNSHAPED:
                        unshaped.add((relative, m.group(2)))
                        continue
                    problems.append(f"{relative}:{line}: [{m.group(2)}] no shape of "
                                    f"src/messages/details.inc fits {pattern!r}")
for key in sorted(set(COMPOSED) - used):
    problems.append(f"COMPOSED lists {key}, which is no site any more")
for key in sorted(set(UNSHAPED) - unshaped):
    problems.append(f"UNSHAPED lists {key}, but a shape reads each of its messages now: remove it")
for p in problems:
    print(p)
print(f"{sites} diagnostic sites, {len(problems)} problems")
sys.exit(1 if problems else 0)
