"""Monte Carlo of ranks as an analyst would with pandas/numpy: per draw, each survey leaf's share
gets normal sampling noise sd = sqrt(p(1-p)/n), clipped to [0, 1]; totals, % and competition
ranks per draw; then the 5th/50th/95th percentile rank and mean % per unit.

    python3 pandas_monte_carlo.py UNITS.csv SURVEY_PREFIXES SAMPLE_SIZE DRAWS SEED OUT.csv
"""
import sys

import numpy as np
import pandas as pd

units_csv, prefixes, n, draws, seed, out_csv = sys.argv[1:7]
prefixes, n, draws = prefixes.split(","), int(n), int(draws)
df = pd.read_csv(units_csv).set_index("unit")
leaves = [c for c in df.columns if c.count(".") == 2]
survey = [c for c in leaves if c.split(".", 1)[0] in prefixes]
fixed = [c for c in leaves if c not in survey]
max_points = float(len(leaves))  # every leaf has max 1
p = df[survey].to_numpy()
sd = np.sqrt(p * (1 - p) / n)
base = df[fixed].sum(axis=1).to_numpy()
rng = np.random.default_rng(int(seed))
ranks = np.empty((draws, len(df)), dtype=np.int64)
percent = np.empty((draws, len(df)))
for k in range(draws):
    drawn = np.clip(p + sd * rng.standard_normal(p.shape), 0, 1)
    pct = pd.Series((base + drawn.sum(axis=1)) / max_points * 100, index=df.index)
    percent[k] = pct.to_numpy()
    ranks[k] = pct.rank(method="min", ascending=False).astype(int).to_numpy()
out = pd.DataFrame(
    {
        "rank_p5": np.percentile(ranks, 5, axis=0, method="inverted_cdf"),
        "rank_median": np.percentile(ranks, 50, axis=0, method="inverted_cdf"),
        "rank_p95": np.percentile(ranks, 95, axis=0, method="inverted_cdf"),
        "mean_percent": percent.mean(axis=0),
    },
    index=df.index,
)
out.to_csv(out_csv, float_format="%.4f")
