#!/usr/bin/env python3
"""Checks that every diagnostic code in the sources is catalogued in docs/errors.md and that every
catalogued code is used, following the convention stated at the top of docs/errors.md:

  A code is a string literal passed as the FIRST argument of a call to one of the reporting
  functions add(…), input_error(…), error(…), report(…) or fail(…) (a loader's local helpers
  carry one of these names). The literal may be on the next line. Codes are kebab-case.

Usage: check_error_codes.py <source root>   (scans src/ and tools/, reads docs/errors.md)
"""
import pathlib
import re
import sys

from cpp_source import strip_comments

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
CALL = re.compile(r'(?<![A-Za-z0-9_])(add|input_error|error|report|fail|warn)\(\s*"((?:[^"\\]|\\.)*)"\s*,',
                  re.S)
# A value type that carries its code (a printed-figure mismatch) names it in an assignment.
ASSIGN = re.compile(r'\.code\s*=\s*"([a-z][a-z0-9-]*)"\s*;'
                    r'|\{\s*"([a-z][a-z0-9-]*-utf16)",\s*"([a-z][a-z0-9-]*-not-utf8)"\s*\}'
                    r'|check_line_endings\([^;]*?"([a-z][a-z0-9-]*)"')
KEBAB = re.compile(r'^[a-z][a-z0-9]*(-[a-z0-9]+)*$')
COMMENT = re.compile(r'//[^\n]*|/\*.*?\*/', re.S)


used = {}
bad = []
for folder in ("src", "tools"):
    for path in sorted((root / folder).rglob("*")):
        if path.suffix not in (".cpp", ".hpp", ".h", ".cc"):
            continue
        text = strip_comments(path.read_text(encoding="utf-8"))
        for m in CALL.finditer(text):
            code = m.group(2)
            line = text.count("\n", 0, m.start()) + 1
            where = f"{path.relative_to(root)}:{line}"
            if not KEBAB.match(code):
                # A reporting call whose first argument is a plain message is not a code: skip
                # messages (they contain spaces or punctuation), flag anything code-like.
                if " " in code or not code:
                    continue
                bad.append(f"{where}: code '{code}' is not kebab-case")
                continue
            used.setdefault(code, where)
        for m in ASSIGN.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            for code in filter(None, m.groups()):
                used.setdefault(code, f"{path.relative_to(root)}:{line}")

doc = (root / "docs" / "errors.md").read_text(encoding="utf-8")
headings = re.findall(r'^### `?([^\s`]+)`?\s*$', doc, re.M)
catalogued = set(headings)
dups = sorted({h for h in headings if headings.count(h) > 1})

problems = list(bad)
for code in sorted(set(used) - catalogued):
    problems.append(f"{used[code]}: code '{code}' is not in docs/errors.md (add '### {code}')")
for code in sorted(catalogued - set(used)):
    problems.append(f"docs/errors.md: '### {code}' is used nowhere in src/ or tools/")
for code in dups:
    problems.append(f"docs/errors.md: '### {code}' appears twice")
for code in sorted(catalogued):
    # Every entry gives a meaning, an example input and the printed message.
    section = doc.split(f"### {code}\n", 1)[1].split("\n### ", 1)[0]
    if f"error[{code}]" not in section and f"warning[{code}]" not in section:
        problems.append(f"docs/errors.md: '### {code}' needs an example and its printed "
                        f"message (containing 'error[{code}]' or 'warning[{code}]')")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(used)} codes, all catalogued")
