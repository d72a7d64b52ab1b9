#include "train/bpe_trainer.h"

#include "model/chat_format.h"
#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/pcre_regex.h"
#include "train/byte_tokenizer.h"
#include "train/chat_model.h"

#include <algorithm>
#include <queue>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace crsw {

namespace {

using Symbol = std::int32_t;

std::uint64_t pairKey(Symbol left, Symbol right)
{
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
}

struct Word {
    std::vector<Symbol> symbols;
    std::int64_t count = 0;
};

/// The words of the texts (GPT-2's pre-tokenizer pieces between special tokens) and their counts.
std::vector<Word> countWords(const std::vector<std::string> &texts)
{
    const PcreRegex regex(byte_level::gpt2Pattern());
    const std::vector<std::string> &specials = byteTokenizerSpecials();
    std::unordered_map<std::string, std::int64_t> counts;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    const auto addSegment = [&](std::string_view segment) {
        if (segment.empty())
            return;
        ranges.clear();
        regex.findAll(segment, ranges);
        for (const auto &[begin, end] : ranges)
            ++counts[std::string(segment.substr(begin, end - begin))];
    };
    std::vector<std::size_t> nextOf(specials.size());
    for (const std::string &text : texts) {
        // Each special's next occurrence, searched again only once `at` has passed it:
        // searching every special from `at` for every piece was quadratic in a long text.
        for (std::size_t i = 0; i < specials.size(); ++i)
            nextOf[i] = text.find(specials[i]);
        std::size_t at = 0;
        while (at < text.size()) {
            std::size_t next = std::string::npos, length = 0;
            for (std::size_t i = 0; i < specials.size(); ++i) {
                if (nextOf[i] != std::string::npos && nextOf[i] < at)
                    nextOf[i] = text.find(specials[i], at);
                if (nextOf[i] < next) {
                    next = nextOf[i];
                    length = specials[i].size();
                }
            }
            addSegment(std::string_view(text).substr(at, next == std::string::npos ? std::string::npos : next - at));
            if (next == std::string::npos)
                break;
            at = next + length;
        }
    }
    // Sorted, so that the learnt merges do not depend on the hash map's order.
    std::vector<std::pair<std::string, std::int64_t>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<Word> words;
    words.reserve(sorted.size());
    for (const auto &[text, count] : sorted) {
        Word word;
        word.count = count;
        for (const char byte : text)
            word.symbols.push_back(static_cast<unsigned char>(byte));
        words.push_back(std::move(word));
    }
    return words;
}

} // namespace

std::vector<std::pair<std::string, std::string>> trainByteLevelBpe(const std::vector<std::string> &texts,
                                                                   const BpeTrainOptions &options)
{
    std::vector<Word> words = countWords(texts);

    // Symbols: 0..255 the bytes, then one per new token; spelled in GPT-2's alphabet.
    std::vector<std::string> spelling(256);
    for (int b = 0; b < 256; ++b) {
        const char byte = static_cast<char>(b);
        byte_level::encode(std::string_view(&byte, 1), spelling[static_cast<std::size_t>(b)]);
    }
    std::unordered_map<std::string, Symbol> symbolOf;
    for (Symbol s = 0; s < 256; ++s)
        symbolOf[spelling[static_cast<std::size_t>(s)]] = s;

    std::unordered_map<std::uint64_t, std::int64_t> pairCounts;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> pairWords; // may list a word twice or stale
    const auto addPairs = [&](std::uint32_t index, std::int64_t sign, std::unordered_set<std::uint64_t> *changed) {
        const Word &word = words[index];
        for (std::size_t i = 0; i + 1 < word.symbols.size(); ++i) {
            const std::uint64_t key = pairKey(word.symbols[i], word.symbols[i + 1]);
            pairCounts[key] += sign * word.count;
            if (sign > 0)
                pairWords[key].push_back(index);
            if (changed)
                changed->insert(key);
        }
    };
    for (std::uint32_t i = 0; i < words.size(); ++i)
        addPairs(i, +1, nullptr);

    // The most frequent pair first, ties to the smaller ids; stale entries are skipped when popped.
    using Entry = std::tuple<std::int64_t, std::int64_t, std::int64_t>; // count, -left, -right
    std::priority_queue<Entry> queue;
    const auto push = [&](std::uint64_t key) {
        const std::int64_t count = pairCounts[key];
        if (count >= options.minFrequency)
            queue.emplace(count, -static_cast<std::int64_t>(key >> 32), -static_cast<std::int64_t>(key & 0xFFFFFFFFu));
    };
    for (const auto &[key, count] : pairCounts)
        push(key);

    const std::size_t fixed = 256 + byteTokenizerSpecials().size();
    std::vector<std::pair<std::string, std::string>> merges;
    std::size_t tokens = fixed;
    std::unordered_set<std::uint64_t> changed;
    std::vector<std::uint32_t> affected;
    while (tokens < options.vocabSize && !queue.empty()) {
        const auto [count, negLeft, negRight] = queue.top();
        queue.pop();
        const Symbol left = static_cast<Symbol>(-negLeft), right = static_cast<Symbol>(-negRight);
        const std::uint64_t key = pairKey(left, right);
        const auto current = pairCounts.find(key);
        if (current == pairCounts.end() || current->second != count)
            continue; // stale

        const std::string merged = spelling[static_cast<std::size_t>(left)] + spelling[static_cast<std::size_t>(right)];
        Symbol result;
        if (const auto known = symbolOf.find(merged); known != symbolOf.end()) {
            result = known->second; // the same string reached by another merge order
        } else {
            result = static_cast<Symbol>(spelling.size());
            spelling.push_back(merged);
            symbolOf.emplace(merged, result);
            ++tokens;
        }
        merges.emplace_back(spelling[static_cast<std::size_t>(left)], spelling[static_cast<std::size_t>(right)]);

        affected = std::move(pairWords[key]);
        pairWords.erase(key);
        std::sort(affected.begin(), affected.end());
        affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
        changed.clear();
        for (const std::uint32_t index : affected) {
            Word &word = words[index];
            bool has = false;
            for (std::size_t i = 0; i + 1 < word.symbols.size() && !has; ++i)
                has = word.symbols[i] == left && word.symbols[i + 1] == right;
            if (!has)
                continue;
            addPairs(index, -1, &changed);
            std::vector<Symbol> next;
            next.reserve(word.symbols.size());
            for (std::size_t i = 0; i < word.symbols.size(); ++i) {
                if (i + 1 < word.symbols.size() && word.symbols[i] == left && word.symbols[i + 1] == right) {
                    next.push_back(result);
                    ++i;
                } else {
                    next.push_back(word.symbols[i]);
                }
            }
            word.symbols.swap(next);
            addPairs(index, +1, &changed);
        }
        pairCounts.erase(key); // every occurrence is merged now
        changed.erase(key);
        std::vector<std::uint64_t> ordered(changed.begin(), changed.end());
        std::sort(ordered.begin(), ordered.end());
        for (const std::uint64_t changedKey : ordered) {
            const auto found = pairCounts.find(changedKey);
            if (found != pairCounts.end() && found->second <= 0) {
                pairCounts.erase(found);
                pairWords.erase(changedKey);
            } else {
                push(changedKey);
            }
        }
    }
    return merges;
}

std::vector<std::string> chatTrainingTexts(const std::vector<std::vector<ChatMessage>> &conversations)
{
    std::vector<std::string> texts;
    texts.reserve(conversations.size());
    ChatRenderOptions render;
    render.addGenerationPrompt = false;
    render.dateString = kTrainingChatDate;
    for (const auto &conversation : conversations)
        if (!conversation.empty())
            texts.push_back(renderChat(ChatFormat::Llama3, conversation, render));
    return texts;
}

} // namespace crsw
