#!/usr/bin/env python3
"""Reference for bench_tokenizer: encodes the documents of a file (separated
by a 0x1E record separator) with the Hugging Face `tokenizers` library, one
call per document and with encode_batch, and prints one JSON line with the
throughputs, the token count and a hash of the ids (the same hash as ours).

    tokenizer_reference.py TOKENIZER_JSON DOCUMENTS_FILE [--repeats N]
"""
import json
import sys
import time

from tokenizers import Tokenizer

MODULUS = (1 << 31) - 1


def ids_hash(batches):
    h = 0
    for ids in batches:
        for i in ids:
            h = (h * 1000003 + i + 1) % MODULUS
    return h


def best_seconds(function, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    tokenizer = Tokenizer.from_file(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        documents = f.read().split("\x1e")
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6

    ids = [tokenizer.encode(d, add_special_tokens=False).ids for d in documents]  # warm-up (fills the cache)
    single = best_seconds(lambda: [tokenizer.encode(d, add_special_tokens=False) for d in documents], repeats)
    batch = best_seconds(lambda: tokenizer.encode_batch(documents, add_special_tokens=False), repeats)
    print(json.dumps({"encode_mb_s": megabytes / single, "batch_mb_s": megabytes / batch,
                      "tokens": sum(len(x) for x in ids), "hash": ids_hash(ids)}))


if __name__ == "__main__":
    main()
