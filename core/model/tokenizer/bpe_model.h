#pragma once

#include "model/tokenizer/json_fields.h"

#include <cstdint>
#include <shared_mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crsw {

/// A token id as tokenizer.json numbers them.
using TokenId = std::int32_t;

/// The "model" of a tokenizer.json of type BPE: vocabulary, ranked merges,
/// unk token (fuse_unk), byte_fallback to <0xNN> tokens, ignore_merges.
/// Merges are looked up in a hash map keyed by the id pair; results of
/// words up to 256 bytes are cached. Thread-safe.
class BpeModel {
public:
    /// Builds the model from the "model" object; throws crsw::Error naming the
    /// file and key (merges of unknown tokens, unsupported options, ...).
    static std::unique_ptr<BpeModel> fromJson(const nlohmann::json &model, const tokenizer_json::Context &where);

    /// Appends the ids of `word` (one pre-token, valid UTF-8) to `out`.
    void tokenize(std::string_view word, std::vector<TokenId> &out) const;

    /// The id of token `token`, if in the vocabulary.
    std::optional<TokenId> tokenToId(std::string_view token) const;
    /// The token of `id`, or nullptr when no token has it.
    const std::string *idToToken(TokenId id) const;
    /// One more than the largest id.
    std::size_t vocabSize() const { return m_tokens.size(); }

private:
    struct Merge {
        std::int32_t rank;
        TokenId result;
    };

    void mergeWord(std::string_view word, std::vector<TokenId> &out) const;
    TokenId charId(std::string_view character) const;
    const Merge *findMerge(TokenId left, TokenId right) const;

    std::vector<std::string> m_tokens;                      ///< id -> token ("" for gaps)
    std::unordered_map<std::string_view, TokenId> m_vocab;  ///< views into m_tokens
    std::unordered_map<std::uint64_t, Merge> m_merges;      ///< (left << 32 | right) -> merge
    std::vector<TokenId> m_smallCharIds;                    ///< code point < 0x800 -> id or -1
    TokenId m_byteIds[256];                                 ///< <0xNN> ids (byte_fallback) or -1
    std::optional<TokenId> m_unk;
    bool m_fuseUnk = false;
    bool m_byteFallback = false;
    bool m_ignoreMerges = false;

    mutable std::shared_mutex m_cacheMutex; // readers share it: nearly every lookup is a hit
    mutable std::unordered_map<std::string, std::vector<TokenId>> m_cache; // guarded by m_cacheMutex
};

} // namespace crsw
