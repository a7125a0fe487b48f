#!/usr/bin/env python3
"""The message catalogues (src/messages/): every diagnostic code of docs/errors.md has a
Vietnamese and an English text in diagnostics.inc, and no other code is there; every pair of
texts.inc has both sides, with as many `{}` places on each, and no text is on two pairs with
different translations; every shape of details.inc has both sides, the same places (`{}` values
and `{m}` nested messages, in the same order) on each, no two places side by side (a shape
would not say where one ends), Vietnamese that is not the English, and no shape twice.

Usage: check_messages.py <source root>
"""
import ast
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
problems = []

documented = re.findall(r"^### (\S+)\s*$", (root / "docs/errors.md").read_text(), re.M)
entries = re.findall(r'CHISO_DIAGNOSTIC\(\s*("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")\s*\)',
                     (root / "src/messages/diagnostics.inc").read_text())
catalogued = {}
for code, vi, en in entries:
    code, vi, en = ast.literal_eval(code), ast.literal_eval(vi), ast.literal_eval(en)
    if code in catalogued:
        problems.append(f"diagnostics.inc: {code} is catalogued twice")
    catalogued[code] = (vi, en)
    if not vi.strip():
        problems.append(f"diagnostics.inc: {code} has no Vietnamese text")
    if not en.strip():
        problems.append(f"diagnostics.inc: {code} has no English text")
for code in documented:
    if code not in catalogued:
        problems.append(f"{code}: in docs/errors.md but not in src/messages/diagnostics.inc")
for code in catalogued:
    if code not in documented:
        problems.append(f"{code}: in src/messages/diagnostics.inc but not in docs/errors.md")

pairs = re.findall(r'^CHISO_TEXT\(("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")\)\s*$',
                   (root / "src/messages/texts.inc").read_text(), re.M)
lines = [l for l in (root / "src/messages/texts.inc").read_text().splitlines()
         if l.startswith("CHISO_TEXT(")]
if len(pairs) != len(lines):
    problems.append(f"texts.inc: {len(lines) - len(pairs)} CHISO_TEXT lines are not one pair of literals")
english = {}
for vi, en in pairs:
    vi, en = ast.literal_eval(vi), ast.literal_eval(en)
    if not vi.strip() or not en.strip():
        problems.append(f"texts.inc: an empty side in ({vi!r}, {en!r})")
    if vi.count("{}") != en.count("{}"):
        problems.append(f"texts.inc: ({vi!r}, {en!r}) fill different numbers of {{}}")
    if en in english and english[en] != vi and en not in ("Points", "Criteria", "Level"):
        problems.append(f"texts.inc: {en!r} translates to both {english[en]!r} and {vi!r}")
    english.setdefault(en, vi)

details_text = (root / "src/messages/details.inc").read_text()
details = re.findall(r'^CHISO_DETAIL\(("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")\)\s*$',
                     details_text, re.M)
detail_lines = [l for l in details_text.splitlines() if l.startswith("CHISO_DETAIL(")]
if len(details) != len(detail_lines):
    problems.append(f"details.inc: {len(detail_lines) - len(details)} CHISO_DETAIL lines are not one pair of literals")
PLACE = re.compile(r"\{m?\}")
seen = set()
for en, vi in details:
    en, vi = ast.literal_eval(en), ast.literal_eval(vi)
    if not en.strip() or not vi.strip():
        problems.append(f"details.inc: an empty side in ({en!r}, {vi!r})")
    if PLACE.findall(en) != PLACE.findall(vi):
        problems.append(f"details.inc: ({en!r}, {vi!r}) have different places "
                        f"({PLACE.findall(en)} and {PLACE.findall(vi)})")
    if re.search(r"\{m?\}\{m?\}", en):
        problems.append(f"details.inc: {en!r} has two places side by side")
    if en == vi and re.search(r"[A-Za-z]", PLACE.sub("", en)):
        problems.append(f"details.inc: {en!r} is not translated")
    if en in seen:
        problems.append(f"details.inc: {en!r} is catalogued twice")
    seen.add(en)

for p in problems:
    print(p)
print(f"{len(catalogued)} diagnostic codes, {len(pairs)} texts and {len(details)} detail shapes catalogued in Vietnamese and English; "
      f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
