"""Points of every node (leaf sums per tiêu chí, per lĩnh vực and the total) for every unit, as an
analyst would with pandas: codes are "domain.criterion.leaf", so groupby on the code prefixes.

    python3 pandas_score_all.py UNITS.csv OUT.csv
"""
import sys

import pandas as pd

units_csv, out_csv = sys.argv[1], sys.argv[2]
df = pd.read_csv(units_csv).set_index("unit")
leaves = df[[c for c in df.columns if c.count(".") == 2]]
criterion = leaves.T.groupby(lambda code: code.rsplit(".", 1)[0]).sum().T
domain = leaves.T.groupby(lambda code: code.split(".", 1)[0]).sum().T
total = leaves.sum(axis=1).rename("total")
pd.concat([total, domain, criterion], axis=1).to_csv(out_csv, float_format="%.4f")
