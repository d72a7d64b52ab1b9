#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// The special tokens of the byte-level tokenizer, after the 256 bytes (ids 256..261),
/// named as Llama 3's so its chat format applies unchanged.
const std::vector<std::string> &byteTokenizerSpecials();

/// A Hugging Face tokenizer.json for a byte-level model trained from scratch:
/// one token per byte (id = byte value; GPT-2's byte-to-unicode alphabet,
/// no merges) plus byteTokenizerSpecials(); ByteLevel pre-tokenizer and
/// decoder, BOS prepended by a TemplateProcessing post-processor as Llama 3's.
/// Loads with crsw::Tokenizer and with the `tokenizers` library.
std::string byteTokenizerJson();

} // namespace crsw
