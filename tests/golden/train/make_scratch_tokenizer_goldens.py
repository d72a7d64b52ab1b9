#!/usr/bin/env python3
"""Records what the Hugging Face `tokenizers` library makes of the scratch
model's learnt tokenizer, for tests/core/train/test_scratch_tokenizer.

scratch_bpe.tokenizer.json is not made here: it is what CRS Workbench's own
trainer (core/train/bpe_trainer, trainByteLevelBpe with vocabSize 1024, then
byteLevelTokenizerJson) learns from tests/data/train/scratch_chat.jsonl; the
test learns it again and fails when the result differs (it writes the fresh
file to $CRSW_SCRATCH_TOKENIZER_OUT when that is set). This script loads the
file with `tokenizers` and writes, for the fixture's messages, a conversation
rendered in the Llama 3 chat format and some hard strings, the ids with and
without the BOS post-processor and the decodes, to scratch_bpe.golden.json.

    pip install tokenizers
    python3 make_scratch_tokenizer_goldens.py
"""
import json
import os

from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "data", "train", "scratch_chat.jsonl")

HARD = [
    "",
    " ",
    "\n\n",
    "1. The Titan at Tazar\n2. Return to Fensa",
    "  leading and trailing spaces  ",
    "Titans over Tazarian lands, 1987-2004 (rated 4.5/5)!",
    "I'm sure you'd've liked it; DON'T you?",
    "naïve café résumé Ünïcödé Straße",
    "日本語のテキスト 한국어",
    "emoji 😀👍🏽 family 👨‍👩‍👧‍👦",
    "tabs\tand\u00a0nbsp\r\nline",
    "<|begin_of_text|>inside<|eot_id|> text<|finetune_right_pad_id|>",
    "x" * 200,
]


def llama3(messages):
    out = ("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
           "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>")
    for m in messages:
        out += "<|start_header_id|>" + m["role"] + "<|end_header_id|>\n\n" + m["content"].strip() + "<|eot_id|>"
    return out


def main():
    tok = Tokenizer.from_file(os.path.join(HERE, "scratch_bpe.tokenizer.json"))
    conversations = [json.loads(line)["messages"] for line in open(FIXTURE, encoding="utf-8") if line.strip()]
    texts = list(HARD)
    for messages in conversations[:6]:
        texts += [m["content"] for m in messages]
    texts.append(llama3(conversations[0]))
    cases = []
    for text in texts:
        ids = tok.encode(text).ids
        plain = tok.encode(text, add_special_tokens=False).ids
        cases.append({"text": text, "ids": ids, "ids_no_special": plain,
                      "decoded": tok.decode(ids, skip_special_tokens=False),
                      "decoded_skip_special": tok.decode(ids, skip_special_tokens=True)})
    golden = {"tokenizer": "scratch_bpe.tokenizer.json", "vocab_size": tok.get_vocab_size(), "cases": cases}
    with open(os.path.join(HERE, "scratch_bpe.golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
