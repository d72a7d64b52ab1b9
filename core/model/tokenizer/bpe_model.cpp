#include "model/tokenizer/bpe_model.h"

#include "model/tokenizer/utf8.h"

#include <algorithm>
#include <cstdio>
#include <mutex>

namespace crsw {

using tokenizer_json::Context;

namespace {

// Words longer than this are not cached: they are rare and would crowd the cache.
constexpr std::size_t kMaxCachedWordBytes = 256;
// The cache stops growing here; a corpus rarely has more distinct frequent words.
constexpr std::size_t kCacheCapacity = 100000;

std::uint64_t pairKey(TokenId left, TokenId right)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
}

struct Symbol {
    TokenId id;
    int prev;
    int next;
    bool removed;
};

struct QueuedMerge {
    std::int32_t rank;
    int pos;
    TokenId result;
    // The heap pops the largest: order so the lowest rank, then
    // the leftmost position, comes first (the tokenizers library's order).
    bool operator<(const QueuedMerge &other) const
    {
        return rank != other.rank ? rank > other.rank : pos > other.pos;
    }
};

bool optionalStringIsEmpty(const nlohmann::json &model, const char *key)
{
    const auto found = model.find(key);
    return found == model.end() || found->is_null() || (found->is_string() && found->get<std::string>().empty());
}

} // namespace

std::unique_ptr<BpeModel> BpeModel::fromJson(const nlohmann::json &model, const Context &where)
{
    auto bpe = std::unique_ptr<BpeModel>(new BpeModel());
    for (const char *key : {"continuing_subword_prefix", "end_of_word_suffix"})
        if (!optionalStringIsEmpty(model, key))
            where.child(key).fail("not supported (byte-level and SentencePiece BPE do not use it)");
    if (model.contains("dropout") && !model.at("dropout").is_null()
        && !(model.at("dropout").is_number() && model.at("dropout").get<double>() == 0.0))
        where.child("dropout").fail("BPE dropout is not supported at inference");

    const auto vocab = model.find("vocab");
    if (vocab == model.end() || !vocab->is_object())
        where.child("vocab").fail("missing or not an object");
    TokenId maxId = -1;
    for (const auto &[token, id] : vocab->items()) {
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > INT32_MAX)
            where.child("vocab").fail("'" + token + "': expected a non-negative id, got " + id.dump());
        maxId = std::max(maxId, id.get<TokenId>());
    }
    bpe->m_tokens.resize(static_cast<std::size_t>(maxId + 1));
    for (const auto &[token, id] : vocab->items())
        bpe->m_tokens[id.get<std::size_t>()] = token;
    // m_tokens no longer changes size, so views of its strings stay valid.
    bpe->m_vocab.reserve(bpe->m_tokens.size());
    for (const auto &[token, id] : vocab->items())
        bpe->m_vocab.emplace(bpe->m_tokens[id.get<std::size_t>()], id.get<TokenId>());

    bpe->m_smallCharIds.assign(0x800, -1);
    for (const auto &[token, id] : bpe->m_vocab) {
        std::size_t pos = 0;
        const char32_t c = utf8::next(token, pos);
        if (pos == token.size() && c < 0x800)
            bpe->m_smallCharIds[c] = id;
    }
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof(name), "<0x%02X>", b);
        bpe->m_byteIds[b] = bpe->tokenToId(name).value_or(-1);
    }

    const auto merges = model.find("merges");
    if (merges == model.end() || !merges->is_array())
        where.child("merges").fail("missing or not a list");
    bpe->m_merges.reserve(merges->size() * 2);
    for (std::size_t rank = 0; rank < merges->size(); ++rank) {
        const nlohmann::json &merge = (*merges)[rank];
        const Context at = where.child("merges").index(rank);
        std::string left, right;
        if (merge.is_string()) { // "a b" (files written before tokenizers 0.20)
            const std::string text = merge.get<std::string>();
            const std::size_t space = text.find(' ');
            if (space == std::string::npos || text.find(' ', space + 1) != std::string::npos)
                at.fail("expected \"left right\", got \"" + text + "\"");
            left = text.substr(0, space);
            right = text.substr(space + 1);
        } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
            left = merge[0].get<std::string>();
            right = merge[1].get<std::string>();
        } else {
            at.fail("expected \"left right\" or [left, right], got " + merge.dump());
        }
        const auto leftId = bpe->tokenToId(left), rightId = bpe->tokenToId(right), result = bpe->tokenToId(left + right);
        if (!leftId || !rightId || !result)
            at.fail("token '" + (!leftId ? left : !rightId ? right : left + right) + "' is not in the vocabulary");
        // A repeated pair keeps its last rank, as in the tokenizers library.
        bpe->m_merges[pairKey(*leftId, *rightId)] = {static_cast<std::int32_t>(rank), *result};
    }

    if (!optionalStringIsEmpty(model, "unk_token")) {
        const std::string unk = tokenizer_json::stringField(model, "unk_token", where);
        bpe->m_unk = bpe->tokenToId(unk);
        if (!bpe->m_unk)
            where.child("unk_token").fail("'" + unk + "' is not in the vocabulary");
    }
    bpe->m_fuseUnk = tokenizer_json::boolField(model, "fuse_unk", false, where);
    bpe->m_byteFallback = tokenizer_json::boolField(model, "byte_fallback", false, where);
    bpe->m_ignoreMerges = tokenizer_json::boolField(model, "ignore_merges", false, where);
    return bpe;
}

std::optional<TokenId> BpeModel::tokenToId(std::string_view token) const
{
    const auto found = m_vocab.find(token);
    return found == m_vocab.end() ? std::nullopt : std::optional<TokenId>(found->second);
}

const std::string *BpeModel::idToToken(TokenId id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= m_tokens.size() || m_tokens[id].empty())
        return nullptr;
    return &m_tokens[id];
}

TokenId BpeModel::charId(std::string_view character) const
{
    std::size_t pos = 0;
    const char32_t c = utf8::next(character, pos);
    if (c < 0x800)
        return m_smallCharIds[c];
    const auto found = m_vocab.find(character);
    return found == m_vocab.end() ? -1 : found->second;
}

const BpeModel::Merge *BpeModel::findMerge(TokenId left, TokenId right) const
{
    const auto found = m_merges.find(pairKey(left, right));
    return found == m_merges.end() ? nullptr : &found->second;
}

void BpeModel::tokenize(std::string_view word, std::vector<TokenId> &out) const
{
    if (word.empty())
        return;
    if (m_ignoreMerges) {
        if (const auto id = tokenToId(word)) {
            out.push_back(*id);
            return;
        }
    }
    const bool cacheable = word.size() <= kMaxCachedWordBytes;
    std::string key;
    if (cacheable) {
        key.assign(word);
        std::shared_lock<std::shared_mutex> lock(m_cacheMutex);
        const auto hit = m_cache.find(key);
        if (hit != m_cache.end()) {
            out.insert(out.end(), hit->second.begin(), hit->second.end());
            return;
        }
    }
    const std::size_t first = out.size();
    mergeWord(word, out);
    if (cacheable) {
        std::unique_lock<std::shared_mutex> lock(m_cacheMutex);
        if (m_cache.size() < kCacheCapacity)
            m_cache.emplace(std::move(key), std::vector<TokenId>(out.begin() + first, out.end()));
    }
}

void BpeModel::mergeWord(std::string_view word, std::vector<TokenId> &out) const
{
    thread_local std::vector<Symbol> symbols;
    thread_local std::vector<QueuedMerge> queue;
    symbols.clear();
    const auto add = [&](TokenId id) {
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({id, index - 1, index + 1, false});
    };

    // Initial symbols: one per character; unknown characters become their
    // <0xNN> byte tokens (byte_fallback) or unk. The pending-unk handling
    // mirrors the tokenizers library, fused runs included.
    bool pendingUnk = false;
    for (std::size_t pos = 0; pos < word.size();) {
        const std::size_t length = std::min(utf8::sequenceLength(static_cast<unsigned char>(word[pos])), word.size() - pos);
        const std::string_view character = word.substr(pos, length);
        pos += length;
        const TokenId id = charId(character);
        if (id >= 0) {
            if (pendingUnk)
                add(*m_unk);
            pendingUnk = false;
            add(id);
            continue;
        }
        if (m_byteFallback
            && std::all_of(character.begin(), character.end(), [&](char b) { return m_byteIds[static_cast<unsigned char>(b)] >= 0; })) {
            for (const char b : character)
                add(m_byteIds[static_cast<unsigned char>(b)]);
            continue;
        }
        if (m_unk) {
            if (pendingUnk && !m_fuseUnk)
                add(*m_unk);
            pendingUnk = true;
        }
    }
    if (pendingUnk)
        add(*m_unk);
    if (symbols.empty())
        return;
    symbols.back().next = -1;

    // A binary heap of candidate merges in a reused buffer.
    queue.clear();
    const auto push = [&](const QueuedMerge &merge) {
        queue.push_back(merge);
        std::push_heap(queue.begin(), queue.end());
    };
    for (std::size_t i = 0; i + 1 < symbols.size(); ++i)
        if (const Merge *merge = findMerge(symbols[i].id, symbols[i + 1].id))
            push({merge->rank, static_cast<int>(i), merge->result});

    while (!queue.empty()) {
        std::pop_heap(queue.begin(), queue.end());
        const QueuedMerge top = queue.back();
        queue.pop_back();
        Symbol &current = symbols[top.pos];
        if (current.removed || current.next < 0)
            continue;
        const int nextPos = current.next;
        // Skip entries made stale by earlier merges.
        const Merge *merge = findMerge(current.id, symbols[nextPos].id);
        if (!merge || merge->result != top.result)
            continue;
        current.id = top.result;
        current.next = symbols[nextPos].next;
        symbols[nextPos].removed = true;
        if (current.next >= 0)
            symbols[current.next].prev = top.pos;
        if (current.prev >= 0)
            if (const Merge *left = findMerge(symbols[current.prev].id, current.id))
                push({left->rank, current.prev, left->result});
        if (current.next >= 0)
            if (const Merge *right = findMerge(current.id, symbols[current.next].id))
                push({right->rank, top.pos, right->result});
    }
    for (int i = 0; i >= 0; i = symbols[i].next)
        out.push_back(symbols[i].id);
}

} // namespace crsw
