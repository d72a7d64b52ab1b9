#!/usr/bin/env python3
"""Writes parser_cases.jsonl: answers in many shapes and the list of titles
that the He et al. 2023 parse (METHOD.md §6.1, written here from that
description with Python's own `re` and `str`) gives for each. The C++ parser
must produce the same lists. Run: python3 make_parser_cases.py > parser_cases.jsonl
"""
import json
import re


def clean(line):
    line = line.strip()
    line = re.sub(r"\([^()]*\)", "", line)
    line = re.sub(r"\s+", " ", line).strip()
    return re.sub(r"^(?:\d+[\.\)、]?\s*[\-\—\–]?\s*)?", "", line)


def parse(answer):
    parts = answer.split("1.", 1)
    text = parts[1] if len(parts) == 2 else answer.replace(",", "\n")
    return [clean(line) for line in text.split("\n")]


CASES = [
    ("numbered", "1. The Big Sick\n2. The Farewell\n3. The Hangover"),
    ("leading space", " 1. Inception\n2. Interstellar"),
    ("chatter before", "Sure! Here are some movies you might like:\n\n1. Heat (1995)\n2. Collateral (2004)\n3. Drive"),
    ("chatter after", "1. Up\n2. Coco\n\nI hope you enjoy these recommendations!"),
    ("years and notes", "1. Alien (1979) - a classic\n2. Aliens (1986)\n3. Prometheus (2012)"),
    ("comma separated", "Titanic, Avatar, The Abyss, True Lies"),
    ("comma with years", "Heat (1995), Ronin (1998),  Thief (1981)"),
    ("paren numbering", "1) Jaws\n2) Duel\n3) Jurassic Park"),
    ("ideographic comma", "1、千と千尋の神隠し\n2、となりのトトロ"),
    ("dash numbering", "1 - Se7en\n2 — Zodiac\n3 – Prisoners"),
    ("no space", "1.Amélie\n2.Delicatessen"),
    ("bold markdown", "1. **Memento**\n2. **The Prestige**"),
    ("nested parens", "1. Film ((nested)) tail\n2. (Only parens)"),
    ("unclosed paren", "1. Broken (title\n2. Fine"),
    ("title starting with digits", "1. 2001: A Space Odyssey\n2. 12 Angry Men\n3. 10 Things I Hate About You"),
    ("number inside first item", "Top picks: 21. Jump Street is not 1. first\n2. Second"),
    ("eleven before one", "11. Ocean's Eleven\n12. Ocean's Twelve"),
    ("empty lines kept", "1. A\n\n2. B\n\n\n3. C"),
    ("crlf", "1. Heat\r\n2. Ronin\r\n"),
    ("unicode spaces", "1.\u00a0Léon:\u2003The Professional\n2.\u3000Nikita"),
    ("arabic digits", "١. فيلم\n٢. آخر"),
    ("empty answer", ""),
    ("only chatter", "I am sorry, I cannot recommend movies."),
    ("tabs", "1.\tFargo\n2.\t\tBlood Simple"),
    ("semicolons", "1. A; B; C"),
]

for name, answer in CASES:
    print(json.dumps({"name": name, "answer": answer, "expected": parse(answer)}, ensure_ascii=False))
