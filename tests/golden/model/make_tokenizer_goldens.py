#!/usr/bin/env python3
"""Builds the tokenizer and safetensors goldens of tests/core/model, offline.

Nothing is downloaded: small tokenizers are trained here with the Hugging Face
`tokenizers` library on a text written below, laid out like the real files
(Llama 3: Split regex + ByteLevel, ignore_merges, BOS template; Gemma: BPE with
byte fallback, "▁" normalizer, <bos>/<eos>, decoder Replace/ByteFallback/Fuse/
Strip; GPT-2: ByteLevel with its own regex, "a b" merges, lstrip/rstrip/
single_word added tokens; SentencePiece-like Metaspace pre-tokenizer). For
each, the ids and decodes of tricky strings are recorded. A tiny safetensors
file with F32/F16/BF16/I64/I32/U8 tensors and its values is written too.

    pip install tokenizers safetensors numpy
    python3 make_tokenizer_goldens.py [OUT_DIR]     (default: this folder)
"""
import json
import os
import sys

import numpy as np
import safetensors
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")

# The training text: English prose with contractions and numbers, some code,
# accented Latin, Greek, Cyrillic and a little CJK (rare enough that the
# Gemma-style model must fall back to bytes for most of it).
CORPUS = """\
The quick brown fox jumps over the lazy dog. It's the fox's third jump today, and we'd've expected fewer.
I'm sure you're right: they'll recommend films they've seen, but I'd rather see something new.
Recommendation systems learn from reviews, ratings and conversations between users and assistants.
A user asks: "Can you suggest a thriller like Se7en or Zodiac?" The assistant lists twenty titles.
Prices went from $1,299.99 to $999 in 2024; 3.14159 is pi and 2.71828 is e. Call 555-0123 at 10:30.
The workshop ran from 9 to 17 hours on 12/05/2023, with 1234567 participants online (not really).
def recommend(user, k=20):
    scores = model.score(user)
    return sorted(scores, key=lambda s: -s)[:k]

for i in range(10):
\tprint(i ** 2)  # tabs and spaces
Café au lait, crème brûlée, naïve façade, résumé, São Paulo, Zürich, Ærøskøbing, Łódź, Ñandú.
Straße, Äpfel und Öl: Müller's Bücher über Übersetzung. Él está aquí. Ça va très bien, merci!
Ελληνικά γράμματα και λέξεις. Русский текст для проверки. Добрый день, как дела?
日本語の文章です。中文测试。
    Indented line with trailing spaces   
Multiple


blank lines, then a list:
1. The Matrix (1999)
2. Blade Runner (1982)
3. Arrival (2016)
Users write things like lol, OMG!!!, ??? and ... all the time :-) ;-)
The recommender should answer helpfully, honestly and briefly; the best answers name real movies.
"""


def corpus_lines():
    lines = CORPUS.splitlines(keepends=True)
    # Repeat so frequent pairs dominate and the merges look like a real model's.
    return lines * 20


TRICKY = [
    "",
    " ",
    "  ",
    "\n",
    "\n\n\n",
    "\t\tx",
    "Hello world",
    "Hello  world   ",
    " leading space",
    "trailing space ",
    "I'm sure you're right, it's what we'd've done; DON'T SHOUT, IT'S RUDE",
    "naïve café résumé façade",
    "Ünïcödé Äpfel Straße",
    "e\u0301 combining acute",
    "日本語のテキスト",
    "中文分词测试",
    "한국어 문장",
    "emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flag 🇫🇷",
    "numbers 1234567890 3.14159 1,000,000",
    "12345678901234567890",
    "<|begin_of_text|>inside<|eot_id|> text",
    "special<|eot_id|><|eot_id|>twice",
    "<bos>Hello<eos> <start_of_turn>user\nHi<end_of_turn>",
    "mixed\r\nline\rendings",
    "tabs\tand\u00a0nbsp\u3000ideographic space",
    "Ελληνικά Русский עברית العربية",
    "x" * 300,
    "aaaaaaaaaaaaaaaa",
    "!!!???...",
    "@user #hashtag https://example.com/path?q=1&r=2",
    "code: def f(x):\n    return x**2\n",
    "  \n  \n",
    "1 2 3",
    "\ufb01 ligature",
    "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522 math",
    "\u200b zero width \u2028 line separator",
    "next\u0085line a\u0085\u0085b (NEL: whitespace to Oniguruma)",
    "the <mask> is a cat, concatenate cat.",
    "The recommender should answer helpfully, honestly and briefly; the best answers name real movies.",
]


def llama3_style():
    tok = Tokenizer(models.BPE(ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=900, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator(corpus_lines(), trainer)
    # As in Llama 3, the specials come after the learnt vocabulary.
    tok.add_special_tokens(["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>",
                            "<|end_header_id|>", "<|eot_id|>"])
    bos = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(single="<|begin_of_text|> $A",
                                      pair="<|begin_of_text|> $A <|begin_of_text|> $B:1",
                                      special_tokens=[("<|begin_of_text|>", bos)]),
    ])
    return tok


def gemma_style():
    """Trained with a Metaspace pre-tokenizer, then laid out like Gemma's file:
    model vocab <pad> <eos> <bos> <unk>, <0x00>..<0xFF>, the learnt pieces."""
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=True)
    trainer = trainers.BpeTrainer(vocab_size=700, show_progress=False)
    # Trained on the Latin-script lines only, so Greek, Cyrillic, CJK and
    # emoji fall back to bytes. (limit_alphabet would do it too, but it drops
    # equally frequent characters in a random order: the goldens would change
    # from run to run.)
    latin = [line for line in corpus_lines() if all(ord(c) < 0x250 for c in line)]
    tok.train_from_iterator(latin, trainer)
    learnt = json.loads(tok.to_str())["model"]

    specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]
    pieces = specials + [f"<0x{b:02X}>" for b in range(256)]
    pieces += [p for p, _ in sorted(learnt["vocab"].items(), key=lambda kv: kv[1]) if p not in pieces]
    vocab = {p: i for i, p in enumerate(pieces)}
    added = [{"id": vocab[s], "content": s, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for s in specials]
    spec = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": "▁"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
        "pre_tokenizer": None,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "<bos>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<bos>": {"id": "<bos>", "ids": [vocab["<bos>"]], "tokens": ["<bos>"]}},
        },
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
            {"type": "ByteFallback"},
            {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                  "vocab": vocab, "merges": learnt["merges"]},
    }
    return Tokenizer.from_str(json.dumps(spec))


def metaspace_style(gemma):
    """The Gemma-style model behind a Metaspace pre-tokenizer and decoder."""
    spec = json.loads(gemma.to_str())
    spec["normalizer"] = None
    spec["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": True}
    spec["decoder"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": True}
    spec["post_processor"] = None
    return Tokenizer.from_str(json.dumps(spec))


def gpt2_style():
    """ByteLevel with its own regex and a prefix space, merges as "a b"
    strings, and added tokens with lstrip / rstrip / single_word."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=700, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tok.train_from_iterator(corpus_lines(), trainer)
    tok.add_special_tokens([AddedToken("<|endoftext|>", special=True, normalized=False),
                            AddedToken("<mask>", special=True, lstrip=True, normalized=False)])
    tok.add_tokens([AddedToken("cat", single_word=True, normalized=False),
                    AddedToken("[NL]", rstrip=True, normalized=False)])
    spec = json.loads(tok.to_str())
    spec["model"]["merges"] = [" ".join(m) if isinstance(m, list) else m for m in spec["model"]["merges"]]
    return Tokenizer.from_str(json.dumps(spec))


def record(name, tok, out_dir):
    path = os.path.join(out_dir, f"{name}.tokenizer.json")
    tok.save(path, pretty=False)
    tok = Tokenizer.from_file(path)  # record what a reader of the saved file gets
    cases = []
    for text in TRICKY + [CORPUS]:
        with_special = tok.encode(text, add_special_tokens=True).ids
        without = tok.encode(text, add_special_tokens=False).ids
        cases.append({
            "text": text,
            "ids": with_special,
            "ids_no_special": without,
            "decoded": tok.decode(with_special, skip_special_tokens=False),
            "decoded_skip_special": tok.decode(with_special, skip_special_tokens=True),
        })
    # Ids on their own: lone bytes of a multi-byte character must decode to U+FFFD.
    vocab = tok.get_vocab()
    lone = [vocab[t] for t in ("<0xE6>", "<0x97>", "Ã", "¦") if t in vocab]
    id_cases = [[i] for i in lone] + [lone, list(range(min(40, tok.get_vocab_size())))]
    decodes = [{"ids": ids, "decoded": tok.decode(ids, skip_special_tokens=False),
                "decoded_skip_special": tok.decode(ids, skip_special_tokens=True)} for ids in id_cases]
    with open(os.path.join(out_dir, f"{name}.golden.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizer": os.path.basename(path), "cases": cases, "decodes": decodes}, f,
                  ensure_ascii=False, indent=0)


def bf16_bits(values):
    """float32 -> bfloat16 bits, rounding to nearest even (as torch does)."""
    bits = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def write_safetensors(path, arrays, metadata):
    """With the safetensors library's own serializer (raw dtype strings, so
    BF16 needs no torch); its API changed in 0.8 (TensorSpec)."""
    if hasattr(safetensors, "TensorSpec"):
        long_names = {"F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64", "I32": "int32",
                      "U8": "uint8"}
        tensors = {name: safetensors.TensorSpec(dtype=long_names[dtype], shape=shape, data_ptr=a.ctypes.data,
                                                data_len=a.nbytes)
                   for name, (dtype, shape, a) in arrays.items()}
    else:
        tensors = {name: {"dtype": dtype, "shape": shape, "data": a.tobytes()}
                   for name, (dtype, shape, a) in arrays.items()}
    safetensors.serialize_file(tensors, path, metadata=metadata)


def safetensors_golden(out_dir):
    f32 = np.array([[0.0, 1.0, -2.5], [3.25, 1e-3, -1e30]], dtype=np.float32)
    f16 = np.array([0.0, 1.0, -2.0, 65504.0, 6.1035156e-05, 5.96e-08, 0.1, np.inf], dtype=np.float16)
    bf16_in = [0.0, 1.0, -3.0, 0.1, 1e30, -1e-30]
    bf16 = bf16_bits(bf16_in)
    i64 = np.array([-1, 0, 1 << 40], dtype=np.int64)
    i32 = np.array([7, -7], dtype=np.int32)
    u8 = np.array([0, 1, 2, 254, 255], dtype=np.uint8)
    arrays = {
        "layer.weight": ("F32", [2, 3], f32),
        "half": ("F16", [8], f16),
        "brain": ("BF16", [2, 3], bf16),
        "steps": ("I64", [3], i64),
        "pair": ("I32", [2], i32),
        "bytes": ("U8", [5], u8),
        "scalar": ("F32", [], np.array(42.0, dtype=np.float32)),
        "empty": ("F32", [0, 4], np.zeros((0, 4), dtype=np.float32)),
    }
    # One metadata key: the library writes a map of several in a random order.
    write_safetensors(os.path.join(out_dir, "tiny.safetensors"), arrays, {"format": "pt"})
    bf16_as_f32 = (bf16.astype(np.uint32) << 16).view(np.float32)
    values = {
        "layer.weight": {"dtype": "F32", "shape": [2, 3], "values": f32.ravel().tolist()},
        "half": {"dtype": "F16", "shape": [8], "values": [str(v) for v in f16.astype(np.float32).tolist()]},
        "brain": {"dtype": "BF16", "shape": [2, 3], "values": bf16_as_f32.tolist()},
        "steps": {"dtype": "I64", "shape": [3], "values": i64.tolist()},
        "pair": {"dtype": "I32", "shape": [2], "values": i32.tolist()},
        "bytes": {"dtype": "U8", "shape": [5], "values": u8.tolist()},
        "scalar": {"dtype": "F32", "shape": [], "values": [42.0]},
        "empty": {"dtype": "F32", "shape": [0, 4], "values": []},
    }
    with open(os.path.join(out_dir, "tiny.safetensors.json"), "w", encoding="utf-8") as f:
        json.dump({"metadata": {"format": "pt"}, "tensors": values}, f, indent=1)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    gemma = gemma_style()
    record("llama3_style", llama3_style(), out_dir)
    record("gemma_style", gemma, out_dir)
    record("metaspace_style", metaspace_style(gemma), out_dir)
    record("gpt2_style", gpt2_style(), out_dir)
    safetensors_golden(out_dir)


if __name__ == "__main__":
    main()
