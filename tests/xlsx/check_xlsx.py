#!/usr/bin/env python3
"""Writes a workbook with the CLI (--format xlsx -o FILE) and checks it cell by cell against the
CSV the same command prints (--format csv): every data row of the table sheets, numbers as real
numeric cells (shown with as many decimals as the CSV prints), everything else as text, ranks as
integers (never dates), a frozen header with an autofilter, and the charts asked for.

Usage: check_xlsx.py <chiso> <workdir> <out.xlsx> <min charts> -- <chiso arguments…>
Needs Debian's python3-openpyxl.
"""
import csv
import io
import re
import subprocess
import sys

import openpyxl

chiso, workdir, out, min_charts = sys.argv[1:5]
args = sys.argv[sys.argv.index("--") + 1:]
csv_text = subprocess.run([chiso, *args, "--format", "csv"], cwd=workdir, check=True,
                          capture_output=True, text=True).stdout
rows = list(csv.reader(io.StringIO(csv_text)))
header, expected = rows[0], rows[1:]
subprocess.run([chiso, *args, "--format", "xlsx", "-o", out], cwd=workdir, check=True,
               capture_output=True)
book = openpyxl.load_workbook(out)
problems = []
got = []
charts = 0
for ws in book.worksheets:
    charts += len(ws._charts)
    if ws.title == "Ghi chú" or ws.max_column != len(header):
        continue
    if ws.freeze_panes != "A3" or not ws.auto_filter.ref:
        problems.append(f"{ws.title}: header not frozen or no autofilter")
    for row in ws.iter_rows(min_row=3):
        cells = []
        for c in row:
            if c.value is None:
                cells.append("")
            elif c.data_type == "n":
                fmt = c.number_format
                decimals = len(fmt.split(".")[1]) if "." in fmt else 0
                if decimals == 0:
                    cells.append(str(int(c.value)))
                else:
                    cells.append(f"{float(c.value):.{decimals}f}".replace(".", ","))
            elif c.data_type == "d":
                problems.append(f"{ws.title}!{c.coordinate}: a date")
                cells.append(str(c.value))
            else:
                cells.append(str(c.value))
        got.append(cells)
# A numeric CSV cell printed with a decimal point (--decimal-point) compares as a comma here.
norm = [[c for c in r] for r in expected]
if got != norm:
    problems.append("cells differ from the CSV")
    for i, (a, b) in enumerate(zip(got, norm)):
        if a != b:
            problems.append(f"  row {i + 1}: xlsx {a}\n          csv  {b}")
            break
    if len(got) != len(norm):
        problems.append(f"  {len(got)} rows in the workbook, {len(norm)} in the CSV")
# Figures with decimals, and ranks, must be numeric cells, not text that looks like a number.
decimal_figure = re.compile(r"^[+-]?\d+,\d+$")
rank_columns = [k for k, key in enumerate(header) if key in ("rank", "ranked_count")]
sheets = [ws for ws in book.worksheets if ws.title != "Ghi chú" and ws.max_column == len(header)]
cells = [c for ws in sheets for row in ws.iter_rows(min_row=3) for c in row]
for ws in sheets:
    for row in ws.iter_rows(min_row=3):
        for k, c in enumerate(row):
            text = "" if c.value is None else str(c.value)
            if c.data_type != "n" and (decimal_figure.match(text) or (k in rank_columns and text.isdigit())):
                problems.append(f"{ws.title}!{c.coordinate}: '{text}' is text, not a number")
if charts < int(min_charts):
    problems.append(f"{charts} charts, expected at least {min_charts}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(got)} rows, {charts} charts: the workbook matches the CSV")
