#pragma once

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
};

/// Writes a from-scratch model folder that loadCausalLM, LanguageModel and
/// transformers load: config.json (LlamaForCausalLM, tied embeddings, marked
/// "crsw_scratch": true), tokenizer.json (byteTokenizerJson: 256 bytes +
/// Llama 3 specials, so the Llama 3 chat format applies), tokenizer_config.json
/// and model.safetensors initialised as transformers does (normal(0, 0.02)
/// for linear and embedding weights, ones for the norms), seeded. Returns the
/// parameter count. Throws crsw::Error on I/O failure.
std::int64_t writeScratchModel(const std::string &folder, const ScratchModelOptions &options = {});

} // namespace crsw
