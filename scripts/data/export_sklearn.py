#!/usr/bin/python3
"""Exports scikit-learn's bundled datasets (iris, digits, wine, breast_cancer) to the packed format
read by src/engine/data/packed-format.ts, and records their SHA-256 in checksums.json.

Run with Debian's interpreter, which has python3-sklearn: /usr/bin/python3 scripts/data/export_sklearn.py
The datasets ship inside scikit-learn (BSD-3-Clause); their own sources are in src/engine/data/catalog.ts.
"""
import gzip
import hashlib
import json
import struct

import numpy as np
from sklearn import datasets

CHECKSUMS = "src/engine/data/checksums.json"
GOLDEN = "tests/fixtures/sklearn-datasets.json"
golden = {}


def encode(header, features, targets):
    body = json.dumps(header, separators=(",", ":")).encode()
    head_end = 8 + len(body)
    feature_start = -(-head_end // 4) * 4
    fbytes = features.tobytes()
    target_start = -(-(feature_start + len(fbytes)) // 4) * 4
    out = bytearray(target_start + targets.nbytes)
    out[0:4] = b"MLPD"
    out[4:8] = struct.pack("<I", len(body))
    out[8:head_end] = body
    out[feature_start : feature_start + len(fbytes)] = fbytes
    out[target_start:] = targets.tobytes()
    return bytes(out)


def write(name, raw):
    with open(f"static/data/{name}", "wb") as f:
        f.write(gzip.compress(raw, compresslevel=9, mtime=0))
    with open(CHECKSUMS) as f:
        sums = json.load(f)
    sums[name] = hashlib.sha256(raw).hexdigest()
    with open(CHECKSUMS, "w") as f:
        json.dump(dict(sorted(sums.items())), f, indent=2)
        f.write("\n")
    return sums[name]


def export(name, bunch, integer_features=False, shape=None):
    x = np.asarray(bunch.data)
    y = np.asarray(bunch.target).astype(np.uint8)
    if integer_features:
        assert np.all(x == np.round(x)) and x.min() >= 0 and x.max() <= 255
        features, dtype = x.astype(np.uint8), "uint8"
    else:
        features, dtype = x.astype("<f4"), "float32"
    header = {
        "version": 1,
        "name": name,
        "rows": int(x.shape[0]),
        "features": int(x.shape[1]),
        "featureDtype": dtype,
        # Image pixels load as [0, 1]: digits' grey levels 0-16 are stored as they are, scaled 1/16.
        "featureScale": 1 / 16 if shape is not None else 1,
        "shape": shape,
        "targetDtype": "uint8",
        "classes": [str(c) for c in bunch.target_names],
        "featureNames": [str(n) for n in bunch.feature_names] if shape is None else None,
    }
    sha = write(f"{name}.bin.gz", encode(header, features, y))
    golden[name] = {
        "rows": int(x.shape[0]),
        "features": int(x.shape[1]),
        "columnMeans": [float(v) for v in x.mean(axis=0)],
        "classCounts": [int(v) for v in np.bincount(y)],
        "firstRow": [float(v) for v in x[0]],
    }
    print(f"{name}: {x.shape[0]} x {x.shape[1]}, sha256 {sha}")


export("iris", datasets.load_iris())
export("digits", datasets.load_digits(), integer_features=True, shape=[8, 8, 1])
export("wine", datasets.load_wine())
export("breast-cancer", datasets.load_breast_cancer())

with open(GOLDEN, "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
