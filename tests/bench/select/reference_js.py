#!/usr/bin/env python3
"""NumPy reference of the JS strategy (METHOD.md §3.1) for bench_js_selection.

Same algorithm as core/select/js_selection.cpp, in float64: given the
centres, d_ik = ||x_i - c_k||, p_i = softmax(-d_i / tau), first pick
argmax H(p_i), then argmax JS(p_i || P_S) with P_S the running mean of the
picked p (summed in pick order), natural log, ties to the lowest row
(np.argmax). Written the efficient NumPy way (preallocated buffers, in-place
ufuncs), so the comparison is with good NumPy, not a strawman.

usage: reference_js.py X.npy C.npy --budget B [--tau T] --out PICKS.npy
Prints one JSON line: setup_seconds, select_seconds, picks, first scores.
"""
import argparse
import json
import time

import numpy as np


def xlogx_sum(m, tmp, out):
    """out[i] = sum_k m_ik log m_ik with 0 log 0 = 0."""
    np.log(m, out=tmp, where=m > 0)
    tmp[m <= 0] = 0.0
    np.multiply(tmp, m, out=tmp)
    return tmp.sum(axis=1, out=out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("x")
    ap.add_argument("centers")
    ap.add_argument("--budget", type=int, required=True)
    ap.add_argument("--tau", type=float, default=1.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    t0 = time.perf_counter()
    x = np.load(args.x, mmap_mode="r")
    c = np.load(args.centers).astype(np.float64)
    n, k = x.shape[0], c.shape[0]
    p = np.empty((n, k))
    c2 = (c * c).sum(axis=1)
    for b in range(0, n, 65536):
        xb = np.asarray(x[b:b + 65536], dtype=np.float64)
        d2 = (xb * xb).sum(axis=1)[:, None] - 2.0 * (xb @ c.T) + c2[None, :]
        z = -np.sqrt(np.maximum(d2, 0.0)) / args.tau
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        p[b:b + 65536] = z
    tmp = np.empty_like(p)
    hp = np.empty(n)
    xlogx_sum(p, tmp, hp)
    hp = -hp
    setup = time.perf_counter() - t0

    t1 = time.perf_counter()
    positive = bool((p > 0).all())  # tau = 1 on unit vectors: no underflow, skip the masks
    picks = np.empty(args.budget, dtype=np.int64)
    scores = np.empty(args.budget)
    chosen = np.zeros(n, dtype=bool)
    m = np.empty_like(p)
    hm = np.empty(n)
    first = int(np.argmax(hp))
    picks[0], scores[0] = first, hp[first]
    chosen[first] = True
    total = p[first].copy()
    for t in range(1, args.budget):
        q = total / t
        qp = q[q > 0]
        hq = -float((qp * np.log(qp)).sum())
        np.add(p, q, out=m)
        m *= 0.5
        if positive:
            np.log(m, out=tmp)
            np.multiply(tmp, m, out=tmp)
            tmp.sum(axis=1, out=hm)
        else:
            xlogx_sum(m, tmp, hm)
        js = -hm - 0.5 * (hp + hq)
        js[chosen] = -np.inf
        i = int(np.argmax(js))
        picks[t], scores[t] = i, js[i]
        chosen[i] = True
        total += p[i]
    select = time.perf_counter() - t1
    np.save(args.out, np.stack([picks.astype(np.float64), scores]))
    print(json.dumps({"setup_seconds": setup, "select_seconds": select, "n": n, "k": k,
                      "budget": args.budget, "first_picks": picks[:5].tolist()}))


if __name__ == "__main__":
    main()
