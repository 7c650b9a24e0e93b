#!/usr/bin/python3
"""Reference outputs of scikit-learn's decomposition methods for the /reduction unit tests,
computed on the data exactly as the app loads it (float32 values; digits scaled to [0, 1]).
Writes tests/fixtures/reduction-sklearn.json.

Run with Debian's interpreter (python3-sklearn 1.2.1): /usr/bin/python3 scripts/golden/reduction.py
"""
import json

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.cross_decomposition import PLSRegression
from sklearn.decomposition import NMF, PCA, TruncatedSVD
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.feature_extraction.text import TfidfVectorizer


def as_loaded(bunch, scale=1.0):
    """The app stores features as float32 (digits as 0-16 scaled by 1/16)."""
    return (bunch.data.astype(np.float32) * np.float32(scale)).astype(np.float64), bunch.target


data = {
    "iris": as_loaded(datasets.load_iris()),
    "wine": as_loaded(datasets.load_wine()),
    "digits": as_loaded(datasets.load_digits(), 1 / 16),
    "breast-cancer": as_loaded(datasets.load_breast_cancer()),
}
rows = lambda a, n=8: np.asarray(a)[:n].tolist()
out = {"sklearn": sklearn.__version__}

out["pca"] = {}
for name, k in [("iris", 3), ("wine", 5), ("digits", 10)]:
    x, _ = data[name]
    pca = PCA(n_components=k, svd_solver="full").fit(x)
    out["pca"][name] = {
        "k": k,
        "explainedVariance": pca.explained_variance_.tolist(),
        "explainedVarianceRatio": pca.explained_variance_ratio_.tolist(),
        "singularValues": pca.singular_values_.tolist(),
        "components": pca.components_.tolist(),
        "transformed": rows(pca.transform(x)),
        "whitened": rows(PCA(n_components=k, svd_solver="full", whiten=True).fit_transform(x)),
    }

with open("static/data/licenses.json", encoding="utf-8") as f:
    corpus = json.load(f)
texts = [d["text"] for d in corpus["documents"]]
tfidf = TfidfVectorizer().fit(texts)
matrix = tfidf.transform(texts)
out["tfidf"] = {
    "vocabulary": len(tfidf.vocabulary_),
    "nnz": int(matrix.nnz),
    "terms": sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.get)[:20],
    "idfFirst": tfidf.idf_[:20].tolist(),
    "firstRowSum": float(matrix[0].sum()),
}
out["truncatedSvd"] = {}
for name, x, k in [("licenses", matrix, 10), ("digits", data["digits"][0], 10)]:
    svd = TruncatedSVD(n_components=k, algorithm="arpack").fit(x)
    out["truncatedSvd"][name] = {
        "k": k,
        "singularValues": svd.singular_values_.tolist(),
        "explainedVarianceRatio": svd.explained_variance_ratio_.tolist(),
    }

out["lda"] = {}
for name in ["iris", "wine"]:
    x, y = data[name]
    lda = LinearDiscriminantAnalysis(solver="svd").fit(x, y)
    out["lda"][name] = {
        "explainedVarianceRatio": lda.explained_variance_ratio_.tolist(),
        "transformed": rows(lda.transform(x), 12),
        "trainingAccuracy": float(lda.score(x, y)),
        "predictions": lda.predict(x).tolist(),
    }

out["pls"] = {}
for name, k in [("wine", 2), ("breast-cancer", 3)]:
    x, y = data[name]
    targets = np.eye(int(y.max()) + 1)[y] if name == "wine" else y.reshape(-1, 1).astype(float)
    pls = PLSRegression(n_components=k, scale=True).fit(x, targets)
    out["pls"][name] = {
        "k": k,
        "xScores": rows(pls.x_scores_, 12),
        "xWeights": pls.x_weights_.T.tolist(),
        "prediction": rows(pls.predict(x), 5),
    }

out["nmf"] = {}
for name, k in [("digits", 10), ("iris", 2)]:
    x, _ = data[name]
    for solver in ["cd", "mu"]:
        nmf = NMF(n_components=k, init="nndsvda", solver=solver, max_iter=400, tol=1e-4, random_state=0).fit(x)
        out["nmf"][f"{name}-{solver}"] = {"k": k, "reconstructionError": float(nmf.reconstruction_err_), "iterations": int(nmf.n_iter_)}

with open("tests/fixtures/reduction-sklearn.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote tests/fixtures/reduction-sklearn.json")
