#!/usr/bin/python3
"""Times scikit-learn's PCA on the MNIST digits (50 components), as the app loads them
(pixels / 255, float32 values), for `npm run bench`. Prints one JSON line.

Run: /usr/bin/python3 bench/reference/pca_sklearn.py [rows ...]   (default: 10000)
"""
import gzip
import json
import struct
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA

with open("static/data/mnist.bin.gz", "rb") as f:
    raw = gzip.decompress(f.read())
header_length = struct.unpack("<I", raw[4:8])[0]
header = json.loads(raw[8 : 8 + header_length])
start = -(-(8 + header_length) // 4) * 4
pixels = np.frombuffer(raw, dtype=np.uint8, count=header["rows"] * header["features"], offset=start)
x = pixels.reshape(header["rows"], header["features"]).astype(np.float32).astype(np.float64) / 255

times = []
for rows in [int(r) for r in sys.argv[1:]] or [x.shape[0]]:
    for solver in ["randomized", "full"]:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            PCA(n_components=50, svd_solver=solver, random_state=0).fit(x[:rows])
            runs.append(time.perf_counter() - started)
        times.append({"rows": rows, "solver": solver, "seconds": sorted(runs)[1]})
print(json.dumps({"sklearn": sklearn.__version__, "features": int(x.shape[1]), "times": times}))
