#!/usr/bin/env python3
"""Reference for bench_embed: scikit-learn's TfidfVectorizer + TruncatedSVD
(randomized) on the same texts with the same settings as our TfidfSvdEmbedder,
timed in this process. Prints one JSON object on stdout.

  reference_tfidf_svd.py TEXTS.jsonl --dim 256 --min-df 2 --max-features 100000
                         --n-iter 5 --oversamples 10 [--projection-rows N --out P.npy]
TEXTS.jsonl holds one JSON string per line. Exits 3 when scikit-learn is missing.
"""
import argparse
import json
import resource
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize
except ImportError as e:  # the benchmark skips the reference with this message
    print(f"scikit-learn is not installed ({e})", file=sys.stderr)
    sys.exit(3)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("texts")
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--min-df", type=int, default=2)
    p.add_argument("--max-features", type=int, default=100000)
    p.add_argument("--n-iter", type=int, default=5)
    p.add_argument("--oversamples", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    with open(args.texts, encoding="utf-8") as f:
        texts = [json.loads(line) for line in f]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    start = time.perf_counter()
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=args.min_df,
                                 max_features=args.max_features or None)
    x = vectorizer.fit_transform(texts)
    tfidf_seconds = time.perf_counter() - start
    start = time.perf_counter()
    svd = TruncatedSVD(n_components=args.dim, algorithm="randomized", n_iter=args.n_iter,
                       n_oversamples=args.oversamples, random_state=args.seed)
    embedded = normalize(svd.fit_transform(x))
    svd_seconds = time.perf_counter() - start

    print(json.dumps({
        "sklearn": sklearn.__version__, "numpy": np.__version__,
        "texts": len(texts), "vocabulary": len(vectorizer.vocabulary_), "nnz": int(x.nnz),
        "tfidf_seconds": tfidf_seconds, "svd_seconds": svd_seconds,
        "singular_values": svd.singular_values_.tolist(),
        "embedded_shape": list(embedded.shape),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "texts_rss_mb": rss_before / 1024.0,
    }))


if __name__ == "__main__":
    main()
