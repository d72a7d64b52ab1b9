#!/usr/bin/env python3
"""Reference NBCRS for bench_nbcrs: scikit-learn's NearestNeighbors (brute
force, cosine) finds the N most similar training contexts of every test
context; the items of the neighbours are ranked in plain Python by the same
rule as core/eval/nbcrs_ranking.h (sum of max(similarity, 0) in neighbour
order, then the count, then the first position in the walk). The ranking is
run on the neighbour lists and similarities of the C++ side
(ours_neighbours.npy, ours_similarities.npy), so that it checks the ranking
rule on identical inputs; the search is checked on its own.

  reference_nbcrs.py DIR N TOP SAMPLE

DIR holds train.npy, test.npy (float32, L2-normalised rows), items.npy and
offsets.npy (int32: the items of training row r are items[offsets[r]:offsets[r+1]]),
ours_neighbours.npy (int32, test x N flattened) and ours_similarities.npy (float32).
Writes DIR/ref_neighbours.npy (int32, test x N, flattened), DIR/ref_similarities.npy
(float32, test x N) and DIR/ref_rankings.npy (int32, SAMPLE x TOP flattened, -1 padded); prints
the timings as JSON. Exit 3 when scikit-learn is missing.
"""
import json
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.neighbors import NearestNeighbors
except ImportError:
    sys.exit(3)


def main():
    folder, n, top, sample = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    train = np.load(folder + "/train.npy")
    test = np.load(folder + "/test.npy")
    items = np.load(folder + "/items.npy")
    offsets = np.load(folder + "/offsets.npy")

    start, cpu = time.perf_counter(), time.process_time()
    index = NearestNeighbors(n_neighbors=n, algorithm="brute", metric="cosine").fit(train)
    distances, neighbours = index.kneighbors(test)
    search_seconds, search_cpu = time.perf_counter() - start, time.process_time() - cpu
    # Similarities of the found rows as float32 dot products (the cosine of
    # normalised rows), not 1 - distance, which loses bits.
    similarities = np.einsum("qd,qnd->qn", test, train[neighbours]).astype(np.float32)

    ours_neighbours = np.load(folder + "/ours_neighbours.npy").reshape(neighbours.shape)
    ours_similarities = np.load(folder + "/ours_similarities.npy")
    start = time.perf_counter()
    rankings = np.full((sample, top), -1, dtype=np.int32)
    for q in range(sample):
        score, count, first, walk = {}, {}, {}, 0
        for j in range(neighbours.shape[1]):
            row = ours_neighbours[q, j]
            weight = max(float(ours_similarities[q, j]), 0.0)
            for item in items[offsets[row]:offsets[row + 1]].tolist():
                if item not in score:
                    score[item], count[item], first[item] = 0.0, 0, walk
                score[item] += weight
                count[item] += 1
                walk += 1
        order = sorted(score, key=lambda it: (-score[it], -count[it], first[it]))[:top]
        rankings[q, :len(order)] = order
    rank_seconds = time.perf_counter() - start

    np.save(folder + "/ref_neighbours.npy", neighbours.astype(np.int32).ravel())
    np.save(folder + "/ref_similarities.npy", similarities)
    np.save(folder + "/ref_rankings.npy", rankings.ravel())
    print(json.dumps({"sklearn": sklearn.__version__, "search_seconds": search_seconds,
                      "search_cpu_seconds": search_cpu,
                      "rank_seconds_per_query": rank_seconds / max(sample, 1)}))


if __name__ == "__main__":
    main()
