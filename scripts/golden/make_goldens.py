#!/usr/bin/python3
"""Reference outputs from scikit-learn for the unit tests, written to tests/fixtures/goldens.json.

Run with Debian's interpreter (python3-sklearn 1.2.1): /usr/bin/python3 scripts/golden/make_goldens.py
Tests read the committed JSON and never need Python.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import make_circles, make_moons
from sklearn.metrics import confusion_matrix
from sklearn.preprocessing import StandardScaler

out = {"sklearn": sklearn.__version__}

# Synthetic sets without noise and without shuffling are deterministic formulas.
for name, make, n in [("circles", make_circles, 10), ("circles_odd", make_circles, 11),
                      ("moons", make_moons, 10), ("moons_odd", make_moons, 11)]:
    x, y = make(n_samples=n, shuffle=False, noise=None) if make is make_moons else \
        make(n_samples=n, shuffle=False, noise=None, factor=0.5)
    out[name] = {"n": n, "x": x.tolist(), "y": y.tolist()}

# StandardScaler: population std (ddof 0); a constant column is left centred with scale 1.
rng = np.random.RandomState(0)
matrix = np.column_stack([rng.normal(3, 2, 7), rng.uniform(-1, 1, 7), np.full(7, 5.0)])
scaler = StandardScaler().fit(matrix)
out["standard_scaler"] = {
    "x": matrix.tolist(),
    "mean": scaler.mean_.tolist(),
    "scale": scaler.scale_.tolist(),
    "transformed": scaler.transform(matrix).tolist(),
}

truth = [0, 1, 2, 2, 1, 0, 0, 2, 1, 1]
pred = [0, 2, 2, 2, 1, 0, 1, 0, 1, 1]
out["confusion"] = {"truth": truth, "pred": pred, "matrix": confusion_matrix(truth, pred).tolist()}

with open("tests/fixtures/goldens.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote tests/fixtures/goldens.json")
