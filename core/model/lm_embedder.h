#pragma once

#include "embed/embedder.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// Options of LmEmbedder.
struct LmEmbedderOptions {
    std::string device = "cpu";     ///< "cpu", "cuda", "cuda:1"
    std::string dtype = "float32";  ///< "float32", "bfloat16" or "float16"
    std::int64_t batchSize = 16;    ///< texts per forward pass
    std::int64_t maxTokens = 512;   ///< longer texts are cut to their first maxTokens tokens
    bool addSpecialTokens = true;   ///< let the tokenizer add BOS (as AutoTokenizer does)
};

/// The language-model embedder of METHOD.md §2: a decoder's last hidden state
/// (after the final norm) mean-pooled over the text's tokens, padding
/// excluded, then L2-normalised. Reads a Hugging Face model folder
/// (config.json, *.safetensors, tokenizer.json). fit() does nothing. A
/// torch-free header: the model lives behind a pointer.
class LmEmbedder : public Embedder {
public:
    /// Loads the model (and tokenizer.json when the folder has one); throws
    /// crsw::Error naming the file at fault.
    explicit LmEmbedder(const std::string &modelFolder, const LmEmbedderOptions &options = {});
    ~LmEmbedder() override;

    /// "lm:<folder name>".
    std::string name() const override;
    /// The model's hidden size.
    std::size_t dimension() const override;
    /// Nothing to learn: the model is pretrained.
    void fit(const std::vector<std::string_view> &texts, Progress &progress) override;
    /// Tokenizes and embeds; throws crsw::Error when the folder has no tokenizer.json.
    void embed(const std::vector<std::string_view> &texts, float *out, Progress &progress) const override;
    /// Embeds token id lists (each non-empty) into `out` (ids.size() x dimension()).
    void embedTokens(const std::vector<std::vector<std::int64_t>> &ids, float *out, Progress &progress) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace crsw
