#!/usr/bin/env python3
"""Makes the PCA golden of tests/core/embed/projection/test_pca_projection.cpp with NumPy.

pca_input.npy     float32, 240 x 12: anisotropic Gaussian rows around a non-zero mean
                  (a rotated diagonal covariance, so no component lies on an axis).
pca_expected.json the first 3 components, their explained variance (ddof = 1),
                  the total variance, and the projected coordinates of every row.
Sign convention (scikit-learn >= 1.5): the largest |loading| of each component is positive.
Run from anywhere: python3 make_pca_golden.py
"""
import json
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240531)
n, d, k = 240, 12, 3
scales = np.array([6.0, 3.5, 2.0, 1.2, 1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1])
rotation, _ = np.linalg.qr(rng.standard_normal((d, d)))
x = (rng.standard_normal((n, d)) * scales) @ rotation.T + rng.uniform(-2.0, 2.0, d)
x = x.astype(np.float32)
np.save(os.path.join(here, "pca_input.npy"), x)

xd = x.astype(np.float64)
mean = xd.mean(axis=0)
cov = np.cov(xd, rowvar=False, ddof=1)
values, vectors = np.linalg.eigh(cov)
order = np.argsort(values)[::-1][:k]
values, vectors = values[order], vectors[:, order]
for c in range(k):
    if vectors[np.argmax(np.abs(vectors[:, c])), c] < 0:
        vectors[:, c] = -vectors[:, c]
coords = (xd - mean) @ vectors
expected = {
    "components": vectors.T.tolist(),
    "explained_variance": values.tolist(),
    "total_variance": float(np.trace(cov)),
    "mean": mean.tolist(),
    "coords": coords.tolist(),
}
with open(os.path.join(here, "pca_expected.json"), "w") as f:
    json.dump(expected, f)
print(f"wrote pca_input.npy ({n} x {d}) and pca_expected.json (k = {k})")
