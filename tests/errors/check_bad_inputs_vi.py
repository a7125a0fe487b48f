#!/usr/bin/env python3
"""Every diagnostic of the catalogue of bad inputs (tests/data/bad/cases.txt) in Vietnamese: runs
each case with `--lang vi` and checks that it prints as many diagnostics as in English, with the
same codes and positions, and that no detail is still the English message: each must have been
refilled from a shape of src/messages/details.inc (an uncatalogued detail prints after the code's
Vietnamese meaning, `… — <English message>`, which this check catches), and must read as
Vietnamese (a letter with a Vietnamese diacritic).

Usage: check_bad_inputs_vi.py <chiso executable> <source root>
"""
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bad_cases  # noqa: E402  (cases.txt, read as both checks read it)

chiso, root = sys.argv[1], pathlib.Path(sys.argv[2])
bad = root / "tests" / "data" / "bad"
LINE = re.compile(r'^(.*?)(?::(\d+):(\d+))?: lỗi(?:\[([a-z0-9-]+)\])?: (.*)$')
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                        re.I)

# Words no Vietnamese detail has outside what it quotes (names, input, keys, paths and the YAML
# parser's own words are quoted or stripped first).
ENGLISH = re.compile(r"\b(the|is|are|must|not|with|which|from|this|that|its|has|have|cannot|"
                     r"criterion|unit|inside|became|exceeds?|should)\b")
QUOTED = re.compile(r"'[^']*'|`[^`]*`|\"[^\"]*\"|\S*/\S*|\(bộ đọc YAML:[^)]*\)")

expected, args = bad_cases.read(root)

failures, checked = [], 0
for name, diagnostics in sorted(expected.items()):
    command = bad_cases.command(chiso, args, name) + ["--lang", "vi"]
    run = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=30)
    got = []
    for line in run.stderr.splitlines():
        m = LINE.match(line)
        got.append((m.group(4) or "-", f"{m.group(2)}:{m.group(3)}" if m.group(2) else "-",
                    m.group(5)) if m else ("?", "-", line))
    if run.returncode != 1 or len(got) != len(diagnostics):
        failures.append(f"{name}: exit code {run.returncode}, {len(got)} diagnostics "
                        f"(expected 1 and {len(diagnostics)}):\n{run.stderr}")
        continue
    for (code, where, english), (vcode, vwhere, detail) in zip(diagnostics, got):
        checked += 1
        if (code, where) != (vcode, vwhere):
            failures.append(f"{name}: {vcode} at {vwhere} in Vietnamese, {code} at {where} in English")
        elif english in detail or not VIETNAMESE.search(detail):
            failures.append(f"{name}: [{code}] still in English: {detail}")
        elif leaked := ENGLISH.findall(QUOTED.sub("", detail)):
            # A shape fitted, but a value took part of the English sentence with it.
            failures.append(f"{name}: [{code}] English words {leaked} left in: {detail}")
print("\n".join(failures))
print(f"{checked} diagnostics of {len(expected)} bad inputs checked in Vietnamese; "
      f"{len(failures)} not translated")
sys.exit(1 if failures else 0)
