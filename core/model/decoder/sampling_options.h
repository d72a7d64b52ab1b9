#pragma once

#include <cstdint>
#include <vector>

namespace crsw {

/// How the next token is chosen (torch-free: the GUI and CLI fill it in).
struct SamplingOptions {
    double temperature = 0.0; ///< <= 0: greedy (argmax); else logits / temperature are sampled
    double topP = 1.0;        ///< nucleus sampling: keep the most likely tokens up to this mass (< 1 to apply)
    std::uint64_t seed = 0;   ///< sampling is reproducible for a seed, on any device
};

/// Options of generate().
struct GenerationOptions {
    std::int64_t maxNewTokens = 128;
    SamplingOptions sampling;
    std::vector<std::int64_t> stopTokens; ///< a row ends at the first of these (e.g. the eos ids)
    std::int64_t padToken = 0;            ///< fills the left padding of shorter prompts (never attended to)
};

/// One prompt's continuation.
struct GenerationResult {
    std::vector<std::int64_t> tokens; ///< the new tokens, without the stop token
    bool stopped = false;             ///< true when a stop token ended it (else maxNewTokens did)
};

} // namespace crsw
