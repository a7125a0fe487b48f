"""Rank units from a wide CSV as an analyst would with pandas: read, total, % of the maximum,
rank within each group (ties share the best place: method="min"), write CSV.

    python3 pandas_rank.py UNITS.csv MAX_POINTS OUT.csv
"""
import sys

import pandas as pd

units_csv, max_points, out_csv = sys.argv[1], float(sys.argv[2]), sys.argv[3]
df = pd.read_csv(units_csv)
leaves = [c for c in df.columns if c not in ("unit", "name", "group", "ranked")]
out = df[["unit", "group"]].copy()
out["points"] = df[leaves].sum(axis=1)
out["percent"] = out["points"] / max_points * 100
out["rank"] = out.groupby("group")["percent"].rank(method="min", ascending=False).astype(int)
out.sort_values(["group", "rank", "unit"]).to_csv(out_csv, index=False, float_format="%.4f")
