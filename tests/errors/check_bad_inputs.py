#!/usr/bin/env python3
"""The catalogue of bad inputs (tests/data/bad/cases.txt): runs the chiso CLI on each file as a user
would and checks that it exits with 1 (never a crash, a hang or another code) and prints exactly
the listed diagnostics, in order: code, position and message.

cases.txt, one expected diagnostic a line (a file with several lines expects several, in the
order printed, which is by file, line and column):

    <file> | <code> | <line>:<col> | <message>

`<line>:<col>` is `-` for a diagnostic without a position. By default a file is checked with
`chiso validate -c tests/data/bad/tree.yaml --units tests/data/bad/units <file>`; a line
`@ <file> | <arguments>` gives other arguments ({file} stands for the file).

Usage: check_bad_inputs.py <chiso executable> <source root> [--print]   (--print: show output)
"""
import collections
import pathlib
import re
import subprocess
import sys

chiso, root = sys.argv[1], pathlib.Path(sys.argv[2])
show = "--print" in sys.argv
bad = root / "tests" / "data" / "bad"
default_args = "validate -c tests/data/bad/tree.yaml --units tests/data/bad/units {file}"
# A diagnostic without a code (the CSV reader's, until its call sites get codes) has code '-'.
LINE = re.compile(r'^(.*?)(?::(\d+):(\d+))?: error(?:\[([a-z0-9-]+)\])?: (.*)$')

expected = collections.OrderedDict()
args = {}
for n, raw in enumerate((bad / "cases.txt").read_text(encoding="utf-8").splitlines(), 1):
    if not raw.strip() or raw.startswith("#"):
        continue
    if raw.startswith("@"):
        name, command = [p.strip() for p in raw[1:].split("|", 1)]
        args[name] = command
        continue
    parts = [p.strip() for p in raw.split("|", 3)]
    if len(parts) != 4:
        sys.exit(f"cases.txt:{n}: expected '<file> | <code> | <line>:<col> | <message>'")
    expected.setdefault(parts[0], []).append(tuple(parts[1:]))

files = sorted(p.name for p in bad.glob("*.*")
               if p.name not in ("cases.txt", "tree.yaml", "rules-tree.yaml") and p.is_file())
failures = []
for name in files:
    if name not in expected and not show:
        failures.append(f"{name}: not listed in cases.txt")
        continue
    path = f"tests/data/bad/{name}"
    command = [chiso] + args.get(name, default_args).replace("{file}", path).split()
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
