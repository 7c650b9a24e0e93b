#!/usr/bin/python3
"""Reference float32 <-> float16 conversions from numpy, for the unit tests of float16.ts.

numpy's astype(np.float16) rounds to nearest, ties to even, with subnormals, overflow to inf and
NaN kept. Values are stored as bit patterns (uint32 for float32, uint16 for float16) so the JSON
is exact. Cases: hand-picked edges (65504, the 65520 overflow midpoint, 2^-24, 2^-25, ties,
signed zeros, infinities, NaNs), float16 ties and their neighbours, and seeded random values over
every magnitude; plus random float16 bit patterns converted back to float32.
Writes tests/fixtures/float16-numpy.json. Run: /usr/bin/python3 scripts/golden/float16_numpy.py
"""
import json

import numpy as np

rng = np.random.RandomState(0)
edges = np.array([
    0.0, -0.0, 1.0, -1.0, 1 / 3, 0.1, 65504.0, -65504.0, 65519.0, 65519.996, 65520.0, 65536.0,
    1e10, -1e10, 2.0 ** -14, 2.0 ** -24, -(2.0 ** -24), 2.0 ** -25, 1.5 * 2.0 ** -25, 2.0 ** -26,
    3 * 2.0 ** -25, 1e-45, 1.0 + 2.0 ** -11, 1.0 + 3 * 2.0 ** -11, 2048.0 + 1.0, 2048.0 + 3.0,
    np.inf, -np.inf,
], dtype=np.float32)
nan_bits = np.array([0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FA00000, 0x7FFFFFFF], dtype=np.uint32)

# Exact midpoints between neighbouring float16 values (ties) and one float32 ulp either side.
halves = rng.randint(0, 0x7BFF, 300).astype(np.uint16)
low = halves.view(np.float16).astype(np.float64)
high = (halves + 1).astype(np.uint16).view(np.float16).astype(np.float64)
mid = ((low + high) / 2).astype(np.float32)  # exact: a half midpoint needs 12 significant bits
ties = np.concatenate([mid, np.nextafter(mid, np.float32(np.inf)), np.nextafter(mid, np.float32(-np.inf))])

# Random values over every magnitude from far below 2^-24 to far above 65504, both signs.
magnitudes = 2.0 ** rng.uniform(-30, 18, 300)
signs = np.where(rng.rand(300) < 0.5, -1.0, 1.0)
random = (magnitudes * signs).astype(np.float32)

values = np.concatenate([edges, nan_bits.view(np.float32), ties.astype(np.float32), random])
float32_bits = values.view(np.uint32)
with np.errstate(over="ignore"):  # overflow to inf is one of the cases
    float16_bits = values.astype(np.float16).view(np.uint16)

half_patterns = np.concatenate([
    np.array([0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, 0xFC00, 0x7C01, 0x7E00, 0xFE00, 0x3555],
             dtype=np.uint16),
    rng.randint(0, 0x10000, 300).astype(np.uint16),
])
back = half_patterns.view(np.float16).astype(np.float32).view(np.uint32)

out = {
    "numpy": np.__version__,
    "toFloat16": {"float32Bits": float32_bits.tolist(), "float16Bits": float16_bits.tolist()},
    "fromFloat16": {"float16Bits": half_patterns.tolist(), "float32Bits": back.tolist()},
}
with open("tests/fixtures/float16-numpy.json", "w") as f:
    json.dump(out, f)
print(f"wrote tests/fixtures/float16-numpy.json ({len(values)} + {len(half_patterns)} cases)")
