#!/usr/bin/python3
"""Reference classification and regression metrics from scikit-learn, for the unit tests.

Cases: macro F1 (including a class never predicted), ROC AUC with tied scores, RMSE, MAE, R^2,
and the univariate scores of feature selection (f_classif, Pearson r).
Writes tests/fixtures/metrics-sklearn.json. Run: /usr/bin/python3 scripts/golden/metrics_sklearn.py
"""
import json

import numpy as np
import sklearn
from sklearn.feature_selection import f_classif
from sklearn.metrics import f1_score, mean_absolute_error, mean_squared_error, r2_score, roc_auc_score

rng = np.random.RandomState(0)
truth = rng.randint(0, 4, 60)
predicted = np.where(rng.rand(60) < 0.6, truth, rng.randint(0, 3, 60))  # class 3 never predicted
binary = rng.randint(0, 2, 50)
scores = np.round(binary * 0.3 + rng.rand(50), 1)  # rounding makes ties
y = rng.randn(40) * 3 + 1
y_hat = y + rng.randn(40)

out = {
    "sklearn": sklearn.__version__,
    "f1": {"truth": truth.tolist(), "predicted": predicted.tolist(), "classes": 4,
           "macro": f1_score(truth, predicted, average="macro", labels=[0, 1, 2, 3], zero_division=0)},
    "auc": {"truth": binary.tolist(), "scores": scores.tolist(), "auc": roc_auc_score(binary, scores)},
    "regression": {"truth": y.tolist(), "predicted": y_hat.tolist(),
                   "rmse": mean_squared_error(y, y_hat) ** 0.5, "mae": mean_absolute_error(y, y_hat),
                   "r2": r2_score(y, y_hat)},
}
features = rng.randn(30, 4)
classes = rng.randint(0, 3, 30)
features[:, 1] += classes  # informative
features[:, 3] = 2.0  # constant
with np.errstate(divide="ignore", invalid="ignore"):
    f_values = f_classif(features[:, :3], classes)[0]
out["univariate"] = {"x": features.tolist(), "classes": classes.tolist(), "fClassif": f_values.tolist(),
                     "r": [float(np.corrcoef(features[:, j], y[:30])[0, 1]) for j in range(3)], "y": y[:30].tolist()}
with open("tests/fixtures/metrics-sklearn.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote tests/fixtures/metrics-sklearn.json")
