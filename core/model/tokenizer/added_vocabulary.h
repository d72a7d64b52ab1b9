#pragma once

#include "model/tokenizer/bpe_model.h"
#include "model/tokenizer/json_fields.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crsw {

class Normalizer;
class PcreRegex;

/// One entry of tokenizer.json's "added_tokens".
struct AddedToken {
    TokenId id = 0;
    std::string content;
    bool singleWord = false; ///< only matched when not inside a word
    bool lstrip = false;     ///< swallows the whitespace before it
    bool rstrip = false;     ///< swallows the whitespace after it
    bool normalized = true;  ///< matched in normalized text (else in the raw input)
    bool special = false;    ///< skipped by decode(skipSpecialTokens)
};

/// A piece of input after the added tokens are cut out: either an added
/// token's id, or normalized text for the pre-tokenizer and model.
struct TextPiece {
    std::string text;
    TokenId id = -1;      ///< the added token's id, or -1 for text
    bool atStart = false; ///< the text begins at offset 0 of the input
};

/// The added tokens: found in the input before the model runs, leftmost
/// and longest first, as the tokenizers library does (raw-text tokens, then
/// normalized ones in each normalized text piece).
class AddedVocabulary {
public:
    /// Reads "added_tokens"; normalized tokens are matched in their
    /// normalized form. Throws crsw::Error naming the file and entry.
    AddedVocabulary(const nlohmann::json &list, const Normalizer *normalizer, const tokenizer_json::Context &where);
    ~AddedVocabulary();

    /// Cuts `text` (valid UTF-8) into added tokens and normalized text.
    /// With `matchSpecial` false, special tokens are left in the text.
    std::vector<TextPiece> split(std::string_view text, const Normalizer *normalizer, bool matchSpecial) const;

    /// The added token with id `id`, or nullptr.
    const AddedToken *byId(TokenId id) const;
    /// The id of the added token with content `content`, if any.
    std::optional<TokenId> idOf(std::string_view content) const;
    const std::vector<AddedToken> &tokens() const { return m_tokens; }

private:
    /// Added tokens by first byte, longest first, for leftmost-longest matching.
    struct Matcher {
        std::vector<std::pair<std::string, const AddedToken *>> byFirstByte[256];
        bool empty = true;
    };

    void cut(std::vector<TextPiece> &out, const std::string &text, bool atStart, const Matcher &matcher,
             bool matchSpecial) const;
    bool isWordChar(std::string_view text, std::size_t pos, bool before) const;

    std::vector<AddedToken> m_tokens;
    std::unordered_map<TokenId, std::size_t> m_byId;
    Matcher m_raw;
    Matcher m_normalized;
    std::unique_ptr<PcreRegex> m_wordChar;
};

} // namespace crsw
