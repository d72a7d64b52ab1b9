#pragma once

#include "common/progress.h"

#include <cstdint>
#include <string>

namespace crsw {

/// Size of a Llama-architecture model trained from scratch (`crsw train
/// --scratch`): small enough that the demo trains on a laptop CPU in minutes.
struct ScratchModelOptions {
    std::int64_t hiddenSize = 256;
    std::int64_t layers = 4;
    std::int64_t heads = 4;
    std::int64_t kvHeads = 2;
    std::int64_t intermediateSize = 704;
    std::int64_t maxPositions = 2048;
    std::uint64_t seed = 42;
    /// Chat JSONL to learn the tokenizer from (trainByteLevelBpe on the
    /// conversations as fine-tuning renders them); empty: one token per byte.
    std::string tokenizerData;
    /// Tokens of the learnt tokenizer (bytes and specials included).
    std::size_t tokenizerVocab = 4096;
};

/// How runs name a scratch model: "scratch-byte-llama" or, with a learnt
/// tokenizer, "scratch-bpe4096-llama".
std::string scratchModelLabel(const ScratchModelOptions &options);

/// Writes a from-scratch model folder that loadCausalLM, LanguageModel and
/// transformers load: config.json (LlamaForCausalLM, tied embeddings, marked
/// "crsw_scratch": true), tokenizer.json (byteTokenizerJson: 256 bytes +
/// Llama 3 specials, so the Llama 3 chat format applies; with
/// options.tokenizerData, byte-level BPE merges learnt from that chat data on
/// top, recorded as "crsw_tokenizer_data" in config.json), tokenizer_config.json
/// and model.safetensors initialised as transformers does (normal(0, 0.02)
/// for linear and embedding weights, ones for the norms), seeded. Returns the
/// parameter count. Throws crsw::Error on I/O failure and for unreadable
/// tokenizer data (before writing anything).
std::int64_t writeScratchModel(const std::string &folder, const ScratchModelOptions &options = {});
/// The same, reporting while the tokenizer is learnt (the long part on large
/// data); throws crsw::Cancelled when cancelled: before writing anything while
/// the tokenizer is learnt, else before the weights (the folder then holds the
/// JSON files only, so write into a folder that is renamed into place).
std::int64_t writeScratchModel(const std::string &folder, const ScratchModelOptions &options, Progress &progress);

} // namespace crsw
