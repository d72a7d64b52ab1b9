#!/usr/bin/env python3
"""NumPy reference for the FISHER benchmark: the plain incremental greedy.

A_0 = lambda I; each step picks argmax over unchosen rows of s_i = x_i^T A^-1 x_i
(ties to the lowest row: np.argmax returns the first maximum), then with
u = A^-1 x and c = 1 + x^T u updates every score s_i -= (x_i^T u)^2 / c and
A^-1 -= u u^T / c (Sherman-Morrison).

Scores and A^-1 are float64. The n x d product E @ u is the cost of a step:
 - default (float32): E @ u in float32, as a NumPy user would write it (E stays
   the float32 matrix). This is the speed reference of the benchmark; its
   float32 rounding (~1e-7 relative) cannot resolve near-ties, so its picks
   may leave the exact greedy's at such a step.
 - --float64-dots: E converted to float64 once (before the clock starts),
   E64 @ u per step. Every score is then accurate to ~1e-13 relative: the
   exact reference whose picks the benchmark requires ours to equal.

Usage: fisher_reference.py EMBEDDINGS.npy BUDGET LAMBDA OUT.json [--float64-dots]
Writes {"picks": [...], "scores": [...], "seconds": greedy loop time, "dots": "float32"|"float64"}.
"""
import json
import sys
import time

import numpy as np


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    float64_dots = "--float64-dots" in sys.argv
    path, budget, lam, out = args[0], int(args[1]), float(args[2]), args[3]
    E = np.ascontiguousarray(np.load(path, mmap_mode="r"), dtype=np.float32)  # read into memory
    if float64_dots:
        E = E.astype(np.float64)  # exact: every float32 is a float64
    n, d = E.shape
    start = time.perf_counter()
    s = np.einsum("ij,ij->i", E, E, dtype=np.float64) / lam
    Ainv = np.eye(d) / lam
    chosen = np.zeros(n, dtype=bool)
    picks, scores = [], []
    for _ in range(budget):
        i = int(np.argmax(np.where(chosen, -np.inf, s)))
        chosen[i] = True
        e = E[i].astype(np.float64)
        u = Ainv @ e
        score = float(e @ u)
        picks.append(i)
        scores.append(score)
        c = 1.0 + score
        dots = (E @ u.astype(E.dtype)).astype(np.float64)
        s -= dots * dots / c
        Ainv -= np.outer(u, u / c)
    seconds = time.perf_counter() - start
    with open(out, "w") as f:
        json.dump({"picks": picks, "scores": scores, "seconds": seconds,
                   "dots": "float64" if float64_dots else "float32"}, f)


if __name__ == "__main__":
    main()
