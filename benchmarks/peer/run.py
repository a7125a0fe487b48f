#!/usr/bin/python3
"""chiso and pandas side by side on the same generated data, as whole processes.

Generates PAR-INDEX-shaped data (8 lĩnh vực, 40 tiêu chí, 150 leaves of max 1, 4 decimals, one
group; CONSTRUCTED random points), runs each job with chiso and with the pandas script an analyst
would write (pandas_*.py, Debian python3-pandas), N times each, and writes the median wall time,
the median peak RSS (/usr/bin/time -v) and chiso ÷ pandas to benchmarks/RESULTS.md.

    cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCHISO_BUILD_BENCHMARKS=ON
    cmake --build build-bench -j2 --target chiso_cli chiso_peer_score_all
    benchmarks/peer/run.py --build build-bench [--runs 5] [--sizes 10000,100000,1000000]

Jobs: rank from CSV (`chiso rank … --csv FILE --format csv` against read_csv → total → % →
rank(method="min") per group → to_csv); score all nodes of 10^5 units (CSV in, every node's
points out); Monte Carlo, 10^4 draws × 63 units, 45 of 150 leaves (30 %) surveyed
(`chiso uncertainty`, normal model, against a numpy loop over draws).
"""
import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
DOMAINS, CRITERIA_PER_DOMAIN = 8, 5  # 40 tiêu chí
SURVEY_DOMAINS = ["7", "8"]  # + the survey leaves of domain 6 below: 45 of 150


def leaf_codes():
    """150 leaves: the first 30 tiêu chí have 4 leaves, the last 10 have 3."""
    codes, k = [], 0
    for d in range(1, DOMAINS + 1):
        for c in range(1, CRITERIA_PER_DOMAIN + 1):
            n = 4 if k < 30 else 3
            codes += [f"{d}.{c}.{l}" for l in range(1, n + 1)]
            k += 1
    return codes


def survey_leaf(code):
    d, c, _ = code.split(".")
    return d in SURVEY_DOMAINS or (d == "6" and int(c) >= 2 and code != "6.5.4")


def write_tree(path):
    lines = [
        "# CONSTRUCTED benchmark tree shaped like the PAR INDEX (not an official index).",
        "kind: chiso/criteria",
        "format_version: 1",
        "index:",
        "  id: peer-bench",
        "  name: Benchmark (CONSTRUCTED)",
        "  level: tinh",
        "  years: [2024]",
        "  decimals: 4",
        "  unverified: constructed for benchmarks",
        "criteria:",
    ]
    codes = leaf_codes()
    for d in range(1, DOMAINS + 1):
        lines += [f'  - code: "{d}"', f"    name: Lĩnh vực {d}", "    children:"]
        for c in range(1, CRITERIA_PER_DOMAIN + 1):
            prefix = f"{d}.{c}."
            leaves = [x for x in codes if x.startswith(prefix)]
            lines += [f'      - code: "{d}.{c}"', f"        name: Tiêu chí {d}.{c}", "        children:"]
            for leaf in leaves:
                method = ", method: " + ("survey" if survey_leaf(leaf) else "official_data")
                lines.append(f'          - {{code: "{leaf}", name: "{leaf}", max: 1{method}}}')
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def write_units(path, units, seed):
    """Fixed-width rows "u0000001,tinh,0.1234,…" built as bytes with numpy (fast for 10^6)."""
    codes = leaf_codes()
    rng = np.random.default_rng(seed)
    width = 8  # "u" + 7 digits
    with open(path, "wb") as f:
        f.write(("unit,group," + ",".join(codes) + "\n").encode())
        block = 50_000
        for start in range(0, units, block):
            n = min(block, units - start)
            values = rng.integers(0, 10001, size=(n, len(codes)))
            cells = np.empty((n, len(codes), 7), dtype=np.uint8)
            cells[:, :, 0] = ord(",")
            cells[:, :, 1] = ord("0") + values // 10000
            cells[:, :, 2] = ord(".")
            for k in range(4):
                cells[:, :, 3 + k] = ord("0") + values // 10 ** (3 - k) % 10
            ids = np.arange(start, start + n)
            head = np.empty((n, width + 5), dtype=np.uint8)
            head[:, 0] = ord("u")
            for k in range(7):
                head[:, 1 + k] = ord("0") + ids // 10 ** (6 - k) % 10
            head[:, width:] = np.frombuffer(b",tinh", dtype=np.uint8)
            rows = np.concatenate(
                [head, cells.reshape(n, -1), np.full((n, 1), ord("\n"), dtype=np.uint8)], axis=1
            )
            f.write(rows.tobytes())


def write_run(path, draws):
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            "kind: chiso/uncertainty\nformat_version: 1\ncriteria: peer-bench\n"
            f"draws: {draws}\nseed: 1\nmodel: normal\n"
            "surveys:\n  - {code: \"6\", sample_size: 1000}\n"
            "  - {code: \"7\", sample_size: 1000}\n  - {code: \"8\", sample_size: 1000}\n"
        )


def measure(cmd, runs, log):
    """Median wall seconds and median peak RSS (MB) of `runs` whole-process runs."""
    walls, rss = [], []
    for _ in range(runs):
        p = subprocess.run(
            ["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True,
        )
        if p.returncode != 0:
            sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
        wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
        h, m, s = wall.groups()
        walls.append(int(h or 0) * 3600 + int(m) * 60 + float(s))
        rss.append(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)[1]) / 1024)
        log.write(f"{walls[-1]:.3f} s {rss[-1]:.0f} MB  {' '.join(cmd)}\n")
    return statistics.median(walls), statistics.median(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--score-units", type=int, default=100_000)
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--work", default=None, help="directory for the generated data (default: a temp dir)")
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "RESULTS.md"))
    args = ap.parse_args()
    chiso = os.path.join(args.build, "tools", "chiso", "chiso")
    if not os.path.exists(chiso):
        chiso = os.path.join(args.build, "tools", "chiso")
    score_all = os.path.join(args.build, "benchmarks", "chiso_peer_score_all")
    work = args.work or tempfile.mkdtemp(prefix="chiso-peer-")
    os.makedirs(work, exist_ok=True)
    tree = os.path.join(work, "tree.yaml")
    write_tree(tree)
    log = open(os.path.join(work, "runs.log"), "w")
    rows = []

    def job(name, chiso_cmd, pandas_cmd):
        c = measure(chiso_cmd, args.runs, log)
        p = measure(pandas_cmd, args.runs, log)
        rows.append((name, c, p))
        print(f"{name}: chiso {c[0]:.2f} s {c[1]:.0f} MB, pandas {p[0]:.2f} s {p[1]:.0f} MB, "
              f"chiso ÷ pandas {c[0] / p[0]:.3f} (pandas ÷ chiso {p[0] / c[0]:.1f}×)", flush=True)

    out = os.path.join(work, "out.csv")
    for units in [int(s) for s in args.sizes.split(",")]:
        data = os.path.join(work, f"units-{units}.csv")
        if not os.path.exists(data):
            write_units(data, units, seed=units)
        mb = os.path.getsize(data) / 1e6
        job(f"rank from CSV, {units:,} units ({mb:,.0f} MB)".replace(",", " "),
            [chiso, "rank", "-c", tree, "--csv", data, "--year", "2024", "--format", "csv"],
            [PYTHON, os.path.join(HERE, "pandas_rank.py"), data, "150", out])

    data = os.path.join(work, f"units-{args.score_units}.csv")
    if not os.path.exists(data):
        write_units(data, args.score_units, seed=args.score_units)
    if os.path.exists(score_all):
        job(f"score all nodes, {args.score_units:,} units".replace(",", " "),
            [score_all, tree, data, out],
            [PYTHON, os.path.join(HERE, "pandas_score_all.py"), data, out])

    data63 = os.path.join(work, "units-63.csv")
    write_units(data63, 63, seed=63)
    run = os.path.join(work, "run.yaml")
    write_run(run, args.draws)
    job(f"Monte Carlo, {args.draws:,} draws × 63 units, 45 survey leaves".replace(",", " "),
        [chiso, "uncertainty", "-c", tree, "--csv", data63, "--year", "2024", "--run", run,
         "--format", "csv"],
        [PYTHON, os.path.join(HERE, "pandas_monte_carlo.py"), data63, "6,7,8", "1000",
         str(args.draws), "1", out])

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# chiso and pandas side by side\n\n")
        f.write(f"Written by `benchmarks/peer/run.py` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC.\n")
        f.write(f"Machine: {platform.node()}, {cpu}, {os.cpu_count()} logical CPUs, "
                f"{platform.system()} {platform.release()}; load average at the end "
                f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min).\n")
        f.write(f"Each figure: the median of {args.runs} whole-process runs (`/usr/bin/time -v`: wall "
                "time, peak resident memory); CSV in, CSV out; data CONSTRUCTED (8 lĩnh vực, 40 tiêu "
                "chí, 150 leaves, 4 decimals, one group).\n\n")
        f.write("| job | chiso | pandas | chiso ÷ pandas (time) | pandas ÷ chiso | chiso ÷ pandas (peak memory) |\n")
        f.write("|---|---|---|---|---|---|\n")
        for name, c, p in rows:
            f.write(f"| {name} | {c[0]:.2f} s, {c[1]:.0f} MB | {p[0]:.2f} s, {p[1]:.0f} MB | "
                    f"{c[0] / p[0]:.3f} | {p[0] / c[0]:.1f}× | {c[1] / p[1]:.2f} |\n")
    print(f"wrote {args.out}; runs in {os.path.join(work, 'runs.log')}")


if __name__ == "__main__":
    main()
