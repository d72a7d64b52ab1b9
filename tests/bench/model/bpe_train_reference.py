#!/usr/bin/env python3
"""Reference for bench_bpe_train: learns byte-level BPE merges from the
documents of a file (separated by a 0x1E record separator) with the Hugging
Face `tokenizers` library's BpeTrainer, configured as crsw::trainByteLevelBpe
(GPT-2's pre-tokenizer expression, the 256 bytes as the alphabet, min
frequency 2), then encodes the documents with the learnt tokenizer. Prints one
JSON line: the training seconds, the seconds to make the tokenizer.json text, the merges, the peak RSS in MB at the end of
training (and before reading the documents), the total tokens of the documents and the library's version. Exits 3
when `tokenizers` is missing. Threads: the library's own (RAYON_NUM_THREADS).

    bpe_train_reference.py DOCUMENTS_FILE VOCAB
"""
import json
import resource
import sys
import time

SPECIALS = 6  # crsw's vocabulary size counts its 6 special tokens; the trainer here gets none


def train(documents, vocab):
    """The learnt tokenizer and the seconds its training took."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    trainer = trainers.BpeTrainer(vocab_size=vocab - SPECIALS, min_frequency=2,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    start = time.perf_counter()
    tokenizer.train_from_iterator(documents, trainer=trainer, length=len(documents))
    return tokenizer, time.perf_counter() - start


def main():
    try:
        import tokenizers
    except ImportError as error:
        print(f"bpe_train_reference.py: {error}", file=sys.stderr)
        sys.exit(3)
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # the interpreter and the library
    with open(sys.argv[1], encoding="utf-8") as f:
        documents = f.read().split("\x1e")
    tokenizer, seconds = train(documents, int(sys.argv[2]))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux
    start = time.perf_counter()
    text = tokenizer.to_str()  # what tokenizer.save writes: the tokenizer.json text
    json_seconds = time.perf_counter() - start
    merges = len(json.loads(text)["model"]["merges"])
    encodings = tokenizer.encode_batch(documents, add_special_tokens=False)
    print(json.dumps({"seconds": seconds, "json_seconds": json_seconds, "merges": merges, "peak_mb": peak_mb,
                      "baseline_mb": baseline_mb,
                      "tokens": sum(len(e.ids) for e in encodings), "version": tokenizers.__version__}))


if __name__ == "__main__":
    main()
