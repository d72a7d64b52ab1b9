#!/usr/bin/env python3
"""scikit-learn's KMeans on a .npy, for bench_kmeans (the same data, K and
run count as ours, measured in the same run).

usage: reference_kmeans.py X.npy --clusters K --init-dir DIR [--seeds N] [--threads T]
For s = 0..N-1, prints one JSON line with two runs:
 - KMeans(n_clusters=K, init="k-means++", n_init=1, random_state=s), its
   default (n_init=1 for k-means++): seconds (fit), iterations, inertia;
 - from the same start as ours: the k-means++ centres of
   sklearn.cluster.kmeans_plusplus(random_state=s) are saved to
   DIR/init_<s>.npy and KMeans(init=those, n_init=1) is timed (Lloyd only):
   init_seconds, init_iterations, init_inertia.
Inertia is recomputed in float64 from the final centres and labels (as ours
is); sklearn's own float32 inertia_ is kept beside it. OpenMP threads:
--threads (threadpoolctl).
"""
import argparse
import json
import time

import numpy as np
import sklearn
import os

from sklearn.cluster import KMeans, kmeans_plusplus
from threadpoolctl import threadpool_limits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("x")
    ap.add_argument("--clusters", type=int, required=True)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--init-dir", required=True)
    args = ap.parse_args()
    x = np.ascontiguousarray(np.load(args.x))
    x64 = x.astype(np.float64)
    def inertia(model):
        c = model.cluster_centers_.astype(np.float32).astype(np.float64)
        diff = x64 - c[model.labels_]
        return float(np.einsum("ij,ij->", diff, diff))

    with threadpool_limits(limits=args.threads or None):
        for seed in range(args.seeds):
            start = time.perf_counter()
            model = KMeans(n_clusters=args.clusters, init="k-means++", n_init=1, random_state=seed).fit(x)
            seconds = time.perf_counter() - start
            centres, _ = kmeans_plusplus(x, args.clusters, random_state=seed)
            np.save(os.path.join(args.init_dir, f"init_{seed}.npy"), centres.astype(np.float32))
            start = time.perf_counter()
            from_init = KMeans(n_clusters=args.clusters, init=centres, n_init=1).fit(x)
            init_seconds = time.perf_counter() - start
            print(json.dumps({"seed": seed, "seconds": seconds, "iterations": int(model.n_iter_),
                              "inertia": inertia(model), "sklearn_inertia": float(model.inertia_),
                              "init_seconds": init_seconds, "init_iterations": int(from_init.n_iter_),
                              "init_inertia": inertia(from_init), "version": sklearn.__version__}),
                  flush=True)

if __name__ == "__main__":
    main()
