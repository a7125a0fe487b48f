#!/usr/bin/env python3
"""The catalogue of bad inputs (tests/data/bad/cases.txt): runs the chiso CLI on each file as a user
would and checks that it exits with 1 (never a crash, a hang or another code) and prints exactly
the listed diagnostics, in order: code, position and message.

The format of cases.txt: tests/errors/bad_cases.py.

Usage: check_bad_inputs.py <chiso executable> <source root> [--print]   (--print: show output)
"""
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bad_cases  # noqa: E402  (cases.txt, read as both checks read it)

chiso, root = sys.argv[1], pathlib.Path(sys.argv[2])
show = "--print" in sys.argv
bad = root / "tests" / "data" / "bad"
# A diagnostic without a code (the CSV reader's, until its call sites get codes) has code '-'.
LINE = re.compile(r'^(.*?)(?::(\d+):(\d+))?: error(?:\[([a-z0-9-]+)\])?: (.*)$')

expected, args = bad_cases.read(root)

files = sorted(p.name for p in bad.glob("*.*")
               if p.name not in ("cases.txt", "tree.yaml", "rules-tree.yaml") and p.is_file())
failures = []
for name in files:
    if name not in expected and not show:
        failures.append(f"{name}: not listed in cases.txt")
        continue
    path = f"tests/data/bad/{name}"
    command = bad_cases.command(chiso, args, name)
    try:
        run = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        failures.append(f"{name}: still running after 30 s")
        continue
    got = []
    for line in run.stderr.splitlines():
        m = LINE.match(line)
        if not m:
            got.append(("?", "-", line))
            continue
        where = f"{m.group(2)}:{m.group(3)}" if m.group(2) else "-"
        got.append((m.group(4) or "-", where, m.group(5)))
    if show:
        print(f"# rc={run.returncode}")
        for code, where, message in got:
            print(f"{name} | {code} | {where} | {message}")
        continue
    if run.returncode != 1:
        failures.append(f"{name}: exit code {run.returncode}, expected 1\n{run.stderr}")
        continue
    if got != expected[name]:
        lines = [f"{name}: diagnostics differ", "  expected:"]
        lines += [f"    {c} | {w} | {m}" for c, w, m in expected[name]]
        lines += ["  got:"] + [f"    {c} | {w} | {m}" for c, w, m in got]
        failures.append("\n".join(lines))
for name in expected:
    if name not in files:
        failures.append(f"cases.txt lists {name}, which is not in tests/data/bad")
if failures:
    print("\n".join(failures))
    sys.exit(1)
if not show:
    print(f"{len(files)} bad inputs, {sum(len(v) for v in expected.values())} diagnostics, all as listed")
