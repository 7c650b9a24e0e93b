#!/usr/bin/python3
"""Reference Gaussian-process posteriors from scikit-learn, for the /tuning unit tests.

Kernel: ConstantKernel(a) * Matern(length_scale=l, nu=2.5), noise n added to the training
diagonal, normalize_y=True. Two kinds of case per dataset:
- fixed hyperparameters (optimizer=None, the noise as `alpha`): posterior mean and standard
  deviation (noise-free) at test points, and the log marginal likelihood;
- fitted: the same kernel with a WhiteKernel for the noise, hyperparameters by L-BFGS-B with
  restarts inside the same bounds as ours; the best log marginal likelihood it finds.
Writes tests/fixtures/gp-sklearn.json. Run: /usr/bin/python3 scripts/golden/gp_sklearn.py
"""
import json

import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

rng = np.random.RandomState(0)


def dataset(n, d, f):
    x = rng.uniform(0, 1, (n, d))
    return x, f(x), rng.uniform(0, 1, (7, d))


datasets = {
    "sine-2d": dataset(12, 2, lambda x: np.sin(6 * x[:, 0]) + np.cos(4 * x[:, 1])),
    "bowl-3d": dataset(20, 3, lambda x: -((x - 0.3) ** 2).sum(axis=1) * 10 + 0.05 * rng.randn(len(x))),
}

cases = []
for name, (x, y, test) in datasets.items():
    d = x.shape[1]
    for amplitude, scales, noise in [(1.0, [0.5] * d, 1e-5), (2.0, [0.2 + 0.3 * i for i in range(d)], 1e-2)]:
        kernel = ConstantKernel(amplitude, "fixed") * Matern(scales, "fixed", nu=2.5)
        gp = GaussianProcessRegressor(kernel, alpha=noise, normalize_y=True, optimizer=None).fit(x, y)
        mean, std = gp.predict(test, return_std=True)
        cases.append({
            "dataset": name, "x": x.tolist(), "y": y.tolist(), "test": test.tolist(),
            "hyper": {"amplitude": amplitude, "lengthScales": scales, "noise": noise},
            "mean": mean.tolist(), "std": std.tolist(),
            "logMarginalLikelihood": gp.log_marginal_likelihood_value_,
        })
    kernel = ConstantKernel(1.0, (1e-3, 1e3)) * Matern([1.0] * d, (1e-2, 1e2), nu=2.5) + WhiteKernel(1e-5, (1e-6, 1))
    gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=10, random_state=0).fit(x, y)
    cases.append({
        "dataset": name, "x": x.tolist(), "y": y.tolist(), "fitted": True,
        "kernel": str(gp.kernel_), "logMarginalLikelihood": gp.log_marginal_likelihood_value_,
    })

with open("tests/fixtures/gp-sklearn.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases")
