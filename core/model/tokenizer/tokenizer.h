#pragma once

#include "model/tokenizer/bpe_model.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crsw {

class AddedVocabulary;
class Decoder;
class Normalizer;
class PostProcessor;
class PreTokenizer;

/// Options of Tokenizer::encode.
struct EncodeOptions {
    bool addSpecialTokens = true;   ///< apply the post-processor (e.g. prepend BOS)
    bool parseSpecialTokens = true; ///< special tokens written in the text become their ids
};

/// A Hugging Face tokenizer.json with a BPE model (byte-level as in GPT-2,
/// Llama 3 and Qwen2, or SentencePiece-style with byte fallback as in Gemma),
/// giving the ids and decodes the `tokenizers` library gives. Immutable after
/// loading; encode and decode may run on several threads at once.
class Tokenizer {
public:
    /// Loads a tokenizer.json file (or the tokenizer.json of a model folder).
    /// Throws crsw::Error naming the file and the key at fault.
    static Tokenizer fromFile(const std::string &path);
    /// Loads tokenizer.json text; `source` names it in errors.
    static Tokenizer fromJson(const std::string &json, const std::string &source = "tokenizer.json");

    Tokenizer(Tokenizer &&) noexcept;
    Tokenizer &operator=(Tokenizer &&) noexcept;
    ~Tokenizer();

    /// The ids of `text` (UTF-8; throws crsw::Error when it is not valid UTF-8).
    std::vector<TokenId> encode(std::string_view text, const EncodeOptions &options = {}) const;
    /// The text of `ids`; unknown ids are skipped, as the library does.
    std::string decode(const std::vector<TokenId> &ids, bool skipSpecialTokens = false) const;

    /// The id of a token (added tokens first, then the model's vocabulary).
    std::optional<TokenId> tokenToId(std::string_view token) const;
    /// The token string of `id`, or nullopt.
    std::optional<std::string> idToToken(TokenId id) const;
    /// True when `id` is an added token marked special.
    bool isSpecial(TokenId id) const;
    /// One more than the largest id of the model or the added tokens.
    std::size_t vocabSize() const;

private:
    Tokenizer();

    std::unique_ptr<Normalizer> m_normalizer;
    std::unique_ptr<PreTokenizer> m_preTokenizer;
    std::unique_ptr<BpeModel> m_model;
    std::unique_ptr<AddedVocabulary> m_added;
    std::unique_ptr<PostProcessor> m_postProcessor;
    std::unique_ptr<Decoder> m_decoder;
};

} // namespace crsw
