#include "model/tokenizer/added_vocabulary.h"

#include "model/tokenizer/normalizer.h"
#include "model/tokenizer/pcre_regex.h"
#include "model/tokenizer/utf8.h"

#include <algorithm>
#include <cstring>

namespace crsw {

using tokenizer_json::Context;

AddedVocabulary::AddedVocabulary(const nlohmann::json &list, const Normalizer *normalizer, const Context &where)
    // The word characters of the Rust regex crate's \w, which the tokenizers
    // library uses for single_word.
    : m_wordChar(std::make_unique<PcreRegex>(R"(\A[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\x{200C}\x{200D}])"))
{
    if (!list.is_null() && !list.is_array())
        where.fail("expected a list");
    for (std::size_t i = 0; i < (list.is_array() ? list.size() : 0); ++i) {
        const nlohmann::json &entry = list[i];
        const Context at = where.index(i);
        if (!entry.is_object())
            at.fail("expected an object");
        AddedToken token;
        const auto id = entry.find("id");
        if (id == entry.end() || !id->is_number_integer() || id->get<std::int64_t>() < 0 || id->get<std::int64_t>() > INT32_MAX)
            at.child("id").fail("missing or not a non-negative integer");
        token.id = id->get<TokenId>();
        token.content = tokenizer_json::stringField(entry, "content", at);
        if (token.content.empty())
            at.child("content").fail("empty");
        token.singleWord = tokenizer_json::boolField(entry, "single_word", false, at);
        token.lstrip = tokenizer_json::boolField(entry, "lstrip", false, at);
        token.rstrip = tokenizer_json::boolField(entry, "rstrip", false, at);
        token.special = tokenizer_json::boolField(entry, "special", false, at);
        token.normalized = tokenizer_json::boolField(entry, "normalized", !token.special, at);
        m_tokens.push_back(std::move(token));
    }
    for (std::size_t i = 0; i < m_tokens.size(); ++i)
        m_byId[m_tokens[i].id] = i;

    for (const AddedToken &token : m_tokens) {
        Matcher &matcher = token.normalized ? m_normalized : m_raw;
        const std::string pattern = token.normalized && normalizer ? normalizer->normalize(token.content) : token.content;
        if (pattern.empty())
            continue;
        matcher.byFirstByte[static_cast<unsigned char>(pattern[0])].emplace_back(pattern, &token);
        matcher.empty = false;
    }
    for (Matcher *matcher : {&m_raw, &m_normalized})
        for (auto &bucket : matcher->byFirstByte)
            std::stable_sort(bucket.begin(), bucket.end(),
                             [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
}

AddedVocabulary::~AddedVocabulary() = default;

const AddedToken *AddedVocabulary::byId(TokenId id) const
{
    const auto found = m_byId.find(id);
    return found == m_byId.end() ? nullptr : &m_tokens[found->second];
}

std::optional<TokenId> AddedVocabulary::idOf(std::string_view content) const
{
    for (const AddedToken &token : m_tokens)
        if (token.content == content)
            return token.id;
    return std::nullopt;
}

bool AddedVocabulary::isWordChar(std::string_view text, std::size_t pos, bool before) const
{
    // The character just before `pos` (before) or at `pos` (after).
    std::size_t begin = pos;
    if (before) {
        if (pos == 0)
            return false;
        do
            --begin;
        while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80);
    } else if (pos >= text.size()) {
        return false;
    }
    return m_wordChar->search(text.substr(begin, utf8::sequenceLength(static_cast<unsigned char>(text[begin]))));
}

void AddedVocabulary::cut(std::vector<TextPiece> &out, const std::string &text, bool atStart, const Matcher &matcher,
                          bool matchSpecial) const
{
    std::size_t done = 0; // end of what has been emitted
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto &bucket = matcher.byFirstByte[static_cast<unsigned char>(text[pos])];
        const AddedToken *token = nullptr;
        std::size_t length = 0;
        for (const auto &[pattern, candidate] : bucket) {
            if (pattern.size() <= text.size() - pos && std::memcmp(text.data() + pos, pattern.data(), pattern.size()) == 0) {
                token = candidate;
                length = pattern.size();
                break;
            }
        }
        if (!token) {
            ++pos;
            continue;
        }
        std::size_t start = pos, stop = pos + length;
        pos = stop; // a rejected match is still consumed, as with the library's non-overlapping search
        if (!matchSpecial && token->special)
            continue;
        if (token->singleWord && (isWordChar(text, start, true) || isWordChar(text, stop, false)))
            continue;
        if (token->lstrip) {
            std::size_t newStart = start;
            while (newStart > done) {
                std::size_t charStart = newStart - 1;
                while (charStart > 0 && (static_cast<unsigned char>(text[charStart]) & 0xC0) == 0x80)
                    --charStart;
                std::size_t at = charStart;
                if (!utf8::isWhitespace(utf8::next(text, at)))
                    break;
                newStart = charStart;
            }
            start = newStart;
        }
        if (token->rstrip) {
            while (stop < text.size()) {
                std::size_t at = stop;
                if (!utf8::isWhitespace(utf8::next(text, at)))
                    break;
                stop = at;
            }
            pos = stop;
        }
        if (start > done)
            out.push_back({text.substr(done, start - done), -1, atStart && done == 0});
        out.push_back({{}, token->id, false});
        done = stop;
    }
    if (done < text.size())
        out.push_back({text.substr(done), -1, atStart && done == 0});
}

std::vector<TextPiece> AddedVocabulary::split(std::string_view text, const Normalizer *normalizer, bool matchSpecial) const
{
    std::vector<TextPiece> raw;
    cut(raw, std::string(text), true, m_raw, matchSpecial);
    std::vector<TextPiece> pieces;
    pieces.reserve(raw.size());
    for (TextPiece &piece : raw) {
        if (piece.id >= 0) {
            pieces.push_back(std::move(piece));
            continue;
        }
        std::string normalized = normalizer ? normalizer->normalize(std::move(piece.text)) : std::move(piece.text);
        if (m_normalized.empty) {
            if (!normalized.empty())
                pieces.push_back({std::move(normalized), -1, piece.atStart});
        } else {
            cut(pieces, normalized, piece.atStart, m_normalized, matchSpecial);
        }
    }
    return pieces;
}

} // namespace crsw
