#!/usr/bin/env python3
"""Makes the TF-IDF and SVD goldens of tests/core/embed/test_tfidf_golden.cpp
with scikit-learn and NumPy.

Writes
  tests/data/embed/tfidf_corpus.jsonl   the input: {"text": ...} per line, seeded,
                                         with the Unicode cases the tokenizer must get right
  tests/golden/embed/tfidf_<variant>.json  TfidfVectorizer(sublinear_tf=True, ...) of it:
                                         options, vocabulary, idf and the CSR matrix
  tests/golden/embed/svd_default.json   singular values of the "default" TF-IDF matrix:
                                         TruncatedSVD(algorithm='arpack') and numpy.linalg.svd, and
                                         the mean relative error of TruncatedSVD(algorithm='randomized')
  tests/golden/embed/svd_projection.npy X @ components_.T (float32, n x k) of the arpack SVD

Run from the repository root: python3 tests/golden/embed/make_tfidf_golden.py
(numpy, scipy, scikit-learn; the versions used are recorded in each file).
"""
import json
import os
import random

import numpy as np
import scipy
import sklearn
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(ROOT, "tests", "data", "embed")
GOLDEN = os.path.join(ROOT, "tests", "golden", "embed")
SVD_COMPONENTS = 12
VERSIONS = {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}

WORDS = ("the movie film plot actor great good bad boring fun story scene music ending character slow fast "
         "love hate watch again classic sequel director script dialogue camera dark funny sad scary thriller "
         "comedy drama horror action romance kids family night cinema popcorn ticket screen sound effects "
         "twist villain hero cast role performance award budget").split()
# Cases where Python's str.lower() and re's \w matter (scikit-learn's analyzer uses both).
SPECIAL = ["Don't", "ΣΊΣΥΦΟΣ", "ΟΔΟΣ.", "İstanbul", "naïve", "Café", "CAFÉ", "x2", "a_b", "１２３", "日本語",
           "e-mail", "<br />", "42", "½", "ǅungla", "Straße", "STRASSE", "o'clock", "ab-cd-ef", "it’s",
           "Ⅻ", "٣٤", "résumé", "Ångström", "ＡＢＣ", "ﬁne", "ŉ", "I", "a", "—", "...", "¡Olé!"]


def make_corpus(rng):
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(WORDS))]
    docs = []
    for d in range(140):
        words = []
        for _ in range(rng.randint(4, 40)):
            if rng.random() < 0.12:
                words.append(rng.choice(SPECIAL))
            else:
                w = rng.choices(WORDS, weights)[0]
                words.append(w.capitalize() if rng.random() < 0.1 else w)
        sep = rng.choice([" ", " ", " ", ", ", ". ", "\n", "  "])
        docs.append(sep.join(words) + rng.choice(["", ".", "!", "?"]))
    docs[7] = "!!! ... —"          # no token at all: an empty row
    docs[19] = "a b c I"            # only one-character tokens: an empty row
    docs[33] = ""                   # empty text
    docs[41] = docs[40]             # a duplicate
    return docs


def tie_free_limit(vectorizer_args, docs, wanted):
    """The largest limit <= wanted whose cut does not split equal corpus frequencies
    (scikit-learn breaks such ties by an unstable sort, we by term order)."""
    args = {k: v for k, v in vectorizer_args.items() if k != "sublinear_tf"}
    tf = np.asarray(CountVectorizer(**args).fit_transform(docs).sum(axis=0)).ravel()
    tf = np.sort(tf)[::-1]
    limit = wanted
    while limit > 1 and tf[limit - 1] == tf[limit]:
        limit -= 1
    return limit


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")


def main():
    rng = random.Random(20240503)
    docs = make_corpus(rng)
    os.makedirs(DATA, exist_ok=True)
    with open(os.path.join(DATA, "tfidf_corpus.jsonl"), "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"text": doc}, ensure_ascii=False) + "\n")

    limits_args = dict(sublinear_tf=True, ngram_range=(1, 2), min_df=2, max_df=0.6)
    variants = {
        "default": dict(sublinear_tf=True, ngram_range=(1, 2), min_df=1),
        "limits": dict(limits_args, max_features=tie_free_limit(limits_args, docs, 120)),
        "unigrams": dict(sublinear_tf=True, ngram_range=(1, 1), min_df=1),
    }
    matrices = {}
    for name, args in variants.items():
        vectorizer = TfidfVectorizer(**args)
        x = vectorizer.fit_transform(docs).tocsr()
        x.sort_indices()
        matrices[name] = x
        options = {"min_df": args["min_df"], "max_df": args.get("max_df", 1.0),
                   "max_features": args.get("max_features") or 0, "max_ngram": args["ngram_range"][1]}
        write_json(os.path.join(GOLDEN, f"tfidf_{name}.json"), {
            "made_by": "make_tfidf_golden.py", "versions": VERSIONS,
            "call": f"TfidfVectorizer({', '.join(f'{k}={v!r}' for k, v in args.items())})",
            "options": options,
            "vocabulary": vectorizer.get_feature_names_out().tolist(),
            "idf": vectorizer.idf_.tolist(),
            "indptr": x.indptr.tolist(), "indices": x.indices.tolist(), "data": x.data.tolist()})
        print(f"{name}: {x.shape[0]} x {x.shape[1]}, {x.nnz} non-zeros")

    x = matrices["default"]
    svd = TruncatedSVD(n_components=SVD_COMPONENTS, algorithm="arpack", random_state=0).fit(x)
    full = np.linalg.svd(x.toarray(), compute_uv=False)
    assert np.allclose(svd.singular_values_, full[:SVD_COMPONENTS], rtol=1e-9)
    # How close scikit-learn's own randomized solver (k + 10 directions, 5 power
    # iterations, as our defaults) gets on this flat spectrum, over 5 seeds.
    errors = [np.mean(np.abs(TruncatedSVD(n_components=SVD_COMPONENTS, algorithm="randomized", n_iter=5,
                                          random_state=seed).fit(x).singular_values_ - svd.singular_values_)
                      / svd.singular_values_) for seed in range(5)]
    projection = (x @ svd.components_.T).astype(np.float32)
    np.save(os.path.join(GOLDEN, "svd_projection.npy"), projection)
    write_json(os.path.join(GOLDEN, "svd_default.json"), {
        "made_by": "make_tfidf_golden.py", "versions": VERSIONS,
        "matrix": "tfidf_default.json",
        "components": SVD_COMPONENTS,
        "arpack_singular_values": svd.singular_values_.tolist(),
        "numpy_singular_values": full.tolist(),
        "randomized_mean_relative_error": float(np.mean(errors))})
    print(f"svd: top {SVD_COMPONENTS} of {len(full)} singular values {svd.singular_values_[:3]} ...")


if __name__ == "__main__":
    main()
