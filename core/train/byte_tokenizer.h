#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crsw {

/// The special tokens of the byte-level tokenizer, after the 256 bytes (ids
/// 256..261) or, with merges, after the merged tokens, named as Llama 3's so
/// its chat format applies unchanged.
const std::vector<std::string> &byteTokenizerSpecials();

/// A Hugging Face tokenizer.json for a byte-level model trained from scratch:
/// one token per byte (id = byte value; GPT-2's byte-to-unicode alphabet,
/// no merges) plus byteTokenizerSpecials(); ByteLevel pre-tokenizer and
/// decoder, BOS prepended by a TemplateProcessing post-processor as Llama 3's.
/// Loads with crsw::Tokenizer and with the `tokenizers` library.
std::string byteTokenizerJson();

/// The same with byte-level BPE merges ("left right" in GPT-2's alphabet, in
/// rank order, as trainByteLevelBpe learns them): each new merged string
/// becomes the next id after the bytes (256, 257, ...), the specials follow
/// them (as the `tokenizers` library numbers added tokens), and the
/// ByteLevel pre-tokenizer splits text into GPT-2's words first (use_regex),
/// as the merges were learnt. No merges: byteTokenizerJson(). Throws
/// crsw::Error for a merge of a token not made yet.
std::string byteLevelTokenizerJson(const std::vector<std::pair<std::string, std::string>> &merges);

} // namespace crsw
