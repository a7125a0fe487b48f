#!/usr/bin/env python3
"""The workbook follows --lang in what people read and not in what programs read: runs
`chiso rank … --format xlsx --lang <lang>` and checks, read back with openpyxl, the sheet names
(unit groups as the data names them, then the band counts and the notes sheet in <lang>), the
notes sheet's headings, the ranking sheet's column headings, and that the rank changes stay
numbers (the cells a program reads do not change with the language), and that the band counts'
"(tất cả)" rows are "(all)" in English, and that the notes sheet lists the band thresholds and
the ranking's notes for the workbook (not under the first group's sheet); that each group's
charts end their title in the group and that the band-count axis counts units, in <lang>.

Usage: check_xlsx_lang.py <chiso> <source root> <out.xlsx> <lang> <sheet name>... -- <args>
"""
import re
import subprocess
import sys
import zipfile

import openpyxl

chiso, root, out, lang = sys.argv[1:5]
dash = sys.argv.index("--")
expected_names = sys.argv[5:dash]
args = sys.argv[dash + 1:]
run = subprocess.run([chiso] + args + ["--format", "xlsx", "-o", out, "--lang", lang], cwd=root,
                     capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f"chiso failed ({run.returncode}): {run.stderr}")
book = openpyxl.load_workbook(out)
problems = []
if book.sheetnames != expected_names:
    problems.append(f"sheet names {book.sheetnames}, expected {expected_names}")
notes = book[book.sheetnames[-1]]
heads = {"en": ("Sheet", "Notes", "Rank", "Rank change"),
         "vi": ("Trang tính", "Ghi chú", "Hạng", "Thay đổi hạng")}[lang]
if (notes.cell(1, 1).value, notes.cell(1, 2).value) != heads[:2]:
    problems.append(f"notes headings {notes.cell(1, 1).value!r}, {notes.cell(1, 2).value!r}")
first = book[book.sheetnames[0]]
header = [c.value for c in first[2]]
for h in heads[2:]:
    if h not in header:
        problems.append(f"no column heading {h!r} in {header}")
if "Rank change" in header or "Thay đổi hạng" in header:
    column = header.index(heads[3]) + 1
    values = [first.cell(r, column).value for r in range(3, first.max_row + 1)]
    if not values or not all(isinstance(v, int) for v in values if v not in ("n/a", "–")):
        problems.append(f"rank changes are not numbers: {values}")
# The markers chiso adds to cells ("(tất cả)" rows of the band counts) are in <lang> too.
marker = {"en": "(all)", "vi": "(tất cả)"}[lang]
other = {"en": "(tất cả)", "vi": "(all)"}[lang]
counts = book[book.sheetnames[-2]]
cells = [c.value for row in counts.iter_rows() for c in row]
if marker not in cells or other in cells:
    problems.append(f"band counts: expected {marker!r} rows and no {other!r}: {cells}")
# The notes sheet lists the band thresholds the counts are read against (issue 16, item 1),
# under the band-count sheet's name, in <lang>.
threshold = {"en": "Band 'Tốt' (so, huyen): from 80 to below 90",
             "vi": "Xếp loại 'Tốt' (so, huyen): từ 80 đến dưới 90"}[lang]
listed = [(notes.cell(r, 1).value, notes.cell(r, 2).value) for r in range(2, notes.max_row + 1)]
if (book.sheetnames[-2], threshold) not in listed:
    problems.append(f"notes sheet lacks ({book.sheetnames[-2]!r}, {threshold!r}): {listed}")
# A workbook-wide note (the rounding rule, in the first rows without a sheet name) is not
# repeated under a sheet's name.
overall = {note for sheet, note in listed if not sheet}
repeated = [(sheet, note) for sheet, note in listed if sheet and note in overall]
if repeated:
    problems.append(f"notes repeated under a sheet: {repeated}")
# The ranking's notes (ranks on exact values, ties…) are about every group's sheet: listed for
# the workbook, not under the first group's name as if only it had them.
first_group = book.sheetnames[0]
if any(sheet == first_group for sheet, _ in listed):
    problems.append(f"notes listed under the first group's sheet {first_group!r}: {listed}")
if not any(not sheet and note and note.startswith(("Ranks:", "Xếp hạng:")) for sheet, note in listed):
    problems.append(f"the ranking's rule is not among the workbook's notes: {listed}")
# Charts (openpyxl does not read them back: their XML is read). A chart on a group's sheet says
# whose it is; the band-count chart's value axis counts units, in <lang>.
texts = []
with zipfile.ZipFile(out) as z:
    for name in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")):
        texts.append(re.findall(r"<a:t>([^<]*)</a:t>", z.read(name).decode("utf-8")))
titles = [t[0] for t in texts if t]
for group in expected_names[:-2]:
    if not any(title.endswith(" — " + group) for title in titles):
        problems.append(f"no chart title ends in the group {group!r}: {titles}")
units_axis = {"en": "units", "vi": "số đơn vị"}[lang]
if not any(units_axis in t for t in texts):
    problems.append(f"no chart axis titled {units_axis!r}: {texts}")
print("\n".join(problems) or f"workbook in {lang}: {book.sheetnames}")
sys.exit(1 if problems else 0)
