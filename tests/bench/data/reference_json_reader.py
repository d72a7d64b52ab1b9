#!/usr/bin/env python3
"""The reference bench_amazon_reader compares against: Python's json module.

Reads an Amazon Reviews'23 reviews file (.jsonl, or gzip by its magic bytes)
line by line with json.loads, touches the same fields as the C++ benchmark and
folds them into the same order-dependent checksum, then prints one line:

    records=N checksum=C bytes=B seconds=S

Only the read loop is timed (not the interpreter's start). Malformed lines are
counted as `malformed` and left out of the checksum, as the C++ reader does.
"""
import gzip
import json
import os
import sys
import time

MASK = (1 << 64) - 1


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: reference_json_reader.py FILE", file=sys.stderr)
        return 2
    path = sys.argv[1]
    with open(path, "rb") as probe:
        is_gzip = probe.read(2) == b"\x1f\x8b"
    opener = gzip.open if is_gzip else open
    records = 0
    malformed = 0
    checksum = 0
    start = time.perf_counter()
    with opener(path, "rb") as lines:
        for line in lines:
            try:
                r = json.loads(line)
            except ValueError:
                malformed += 1
                continue
            x = (int(r["rating"] * 2)
                 + r.get("helpful_vote", 0) * 7
                 + r.get("timestamp", 0) % 1000
                 + len(r["text"])
                 + len(r.get("title") or "") * 3
                 + len(r.get("images") or ())
                 + (1 if r.get("verified_purchase") else 0)
                 + len(r["user_id"])
                 + len(r["parent_asin"])
                 + len(r.get("asin") or ""))
            checksum = (checksum * 1000003 + x) & MASK
            records += 1
    seconds = time.perf_counter() - start
    print(f"records={records} checksum={checksum} malformed={malformed} "
          f"bytes={os.path.getsize(path)} seconds={seconds:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
