#!/usr/bin/env python3
"""Goldens for test_kmeans: small data sets and scikit-learn's KMeans on them.

Writes, beside this script:
  kmeans_blobs.npy       2,000 x 8 float32: 6 well-separated anisotropic
                         Gaussian blobs (one optimum: every decent run finds it)
  kmeans_embeddings.npy  3,000 x 16 float32: review-embedding-like data
                         (30 Gaussian clusters of Zipf-like sizes, dimension j
                         scaled by (1 + j)^-0.6, rows L2-normalised), clustered
                         with K = 20 (no single obvious optimum: local optima)
  kmeans_golden.json     per data set: K, scikit-learn's version, and the
                         inertia of KMeans(init="k-means++", n_init=1,
                         random_state=s) for s = 0..9 and of n_init=10
                         (random_state=0). Inertia is recomputed in float64
                         from sklearn's final centres and labels (sum of
                         squared distances), the definition KMeans::Result
                         uses; sklearn's own float32 inertia_ is kept beside it.

scikit-learn's default n_init ("auto") is 1 for k-means++ since 1.4, so the
n_init=1 runs are its default. Rerun: python3 make_kmeans_golden.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans

HERE = os.path.dirname(os.path.abspath(__file__))


def blobs(rng):
    n, d, k = 2000, 8, 6
    centres = rng.normal(size=(k, d)) * 4.0
    scales = np.linspace(1.0, 0.2, d)
    labels = rng.integers(0, k, size=n)
    return (centres[labels] + rng.normal(size=(n, d)) * scales * 0.5).astype(np.float32)


def embeddings(rng):
    n, d, k = 3000, 16, 30
    scale = (1.0 + np.arange(d)) ** -0.6
    centres = rng.normal(size=(k, d)) * scale
    weights = (1.0 + np.arange(k)) ** -0.8
    labels = rng.choice(k, size=n, p=weights / weights.sum())
    x = centres[labels] + 0.35 * scale * rng.normal(size=(n, d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


def inertia64(x, model):
    c = model.cluster_centers_.astype(np.float32).astype(np.float64)
    diff = x.astype(np.float64) - c[model.labels_]
    return float((diff * diff).sum())


def main():
    rng = np.random.default_rng(20240531)
    sets = {"blobs": (blobs(rng), 6), "embeddings": (embeddings(rng), 20)}
    golden = {"sklearn": sklearn.__version__, "sets": {}}
    for name, (x, k) in sets.items():
        np.save(os.path.join(HERE, f"kmeans_{name}.npy"), x)
        single = [KMeans(n_clusters=k, init="k-means++", n_init=1, random_state=s).fit(x) for s in range(10)]
        best = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(x)
        golden["sets"][name] = {
            "file": f"kmeans_{name}.npy",
            "rows": int(x.shape[0]), "dimension": int(x.shape[1]), "clusters": k,
            "n_init_1": [inertia64(x, m) for m in single],
            "n_init_1_sklearn_inertia": [float(m.inertia_) for m in single],
            "n_init_10": inertia64(x, best),
        }
        print(name, "n_init=1 median %.6g min %.6g, n_init=10 %.6g" % (
            np.median(golden["sets"][name]["n_init_1"]), min(golden["sets"][name]["n_init_1"]),
            golden["sets"][name]["n_init_10"]))
    with open(os.path.join(HERE, "kmeans_golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
