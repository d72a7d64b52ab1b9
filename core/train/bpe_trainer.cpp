#include "train/bpe_trainer.h"

#include "model/chat_format.h"
#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/pcre_regex.h"
#include "train/byte_tokenizer.h"
#include "train/sft_example.h"

#include <algorithm>
#include <queue>
#include <string_view>
#include <tuple>
#include <unordered_map>

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
std::vector<Word> countWords(const std::vector<std::string> &texts, Progress &progress)
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
    for (std::size_t t = 0; t < texts.size(); ++t) {
        const std::string &text = texts[t];
        if (t % 256 == 0) {
            progress.throwIfCancelled();
            progress.report(static_cast<double>(t) / static_cast<double>(texts.size()), "splitting the text into words");
        }
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

/// The keys of a word's adjacent symbol pairs, sorted (a multiset).
void sortedPairs(const std::vector<Symbol> &symbols, std::vector<std::uint64_t> &out)
{
    out.clear();
    for (std::size_t i = 0; i + 1 < symbols.size(); ++i)
        out.push_back(pairKey(symbols[i], symbols[i + 1]));
    std::sort(out.begin(), out.end());
}

} // namespace

std::vector<std::pair<std::string, std::string>> trainByteLevelBpe(const std::vector<std::string> &texts,
                                                                   const BpeTrainOptions &options)
{
    Progress progress;
    return trainByteLevelBpe(texts, options, progress);
}

std::vector<std::pair<std::string, std::string>> trainByteLevelBpe(const std::vector<std::string> &texts,
                                                                   const BpeTrainOptions &options, Progress &progress)
{
    Progress counting = progress.subRange(0.0, 0.2);
    std::vector<Word> words = countWords(texts, counting);

    // Symbols: 0..255 the bytes, then one per new token; spelled in GPT-2's alphabet.
    std::vector<std::string> spelling(256);
    for (int b = 0; b < 256; ++b) {
        const char byte = static_cast<char>(b);
        byte_level::encode(std::string_view(&byte, 1), spelling[static_cast<std::size_t>(b)]);
    }
    std::unordered_map<std::string, Symbol> symbolOf;
    for (Symbol s = 0; s < 256; ++s)
        symbolOf[spelling[static_cast<std::size_t>(s)]] = s;

    // pairWords lists the words a pair occurs in; it may list a word twice, or one
    // that no longer has the pair (both are skipped when the pair is merged).
    std::unordered_map<std::uint64_t, std::int64_t> pairCounts;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> pairWords;
    std::vector<std::uint64_t> pairs;
    for (std::uint32_t index = 0; index < words.size(); ++index) {
        sortedPairs(words[index].symbols, pairs);
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            pairCounts[pairs[i]] += words[index].count;
            if (i == 0 || pairs[i] != pairs[i - 1])
                pairWords[pairs[i]].push_back(index);
        }
    }

    // The most frequent pair first, ties to the smaller ids; stale entries are skipped when popped.
    using Entry = std::tuple<std::int64_t, std::int64_t, std::int64_t>; // count, -left, -right
    std::priority_queue<Entry> queue;
    const auto push = [&](std::uint64_t key, std::int64_t count) {
        if (count >= options.minFrequency)
            queue.emplace(count, -static_cast<std::int64_t>(key >> 32), -static_cast<std::int64_t>(key & 0xFFFFFFFFu));
    };
    for (const auto &[key, count] : pairCounts)
        push(key, count);

    const std::size_t fixed = 256 + byteTokenizerSpecials().size();
    const double toLearn = options.vocabSize > fixed ? static_cast<double>(options.vocabSize - fixed) : 1.0;
    Progress merging = progress.subRange(0.2, 1.0);
    std::vector<std::pair<std::string, std::string>> merges;
    std::size_t tokens = fixed;
    std::unordered_map<std::uint64_t, std::int64_t> changed; // pair -> change of its count
    std::vector<Symbol> merged;
    std::vector<char> oldMerged, newMerged; // per position: part of a merged pair
    while (tokens < options.vocabSize && !queue.empty()) {
        merging.throwIfCancelled();
        const auto [count, negLeft, negRight] = queue.top();
        queue.pop();
        const Symbol left = static_cast<Symbol>(-negLeft), right = static_cast<Symbol>(-negRight);
        const std::uint64_t key = pairKey(left, right);
        const auto current = pairCounts.find(key);
        if (current == pairCounts.end() || current->second != count)
            continue; // stale

        const std::string spelt = spelling[static_cast<std::size_t>(left)] + spelling[static_cast<std::size_t>(right)];
        Symbol result;
        if (const auto known = symbolOf.find(spelt); known != symbolOf.end()) {
            result = known->second; // the same string reached by another merge order
        } else {
            result = static_cast<Symbol>(spelling.size());
            spelling.push_back(spelt);
            symbolOf.emplace(spelt, result);
            ++tokens;
        }
        merges.emplace_back(spelling[static_cast<std::size_t>(left)], spelling[static_cast<std::size_t>(right)]);
        merging.report(static_cast<double>(tokens - fixed) / toLearn,
                       std::to_string(tokens) + " of " + std::to_string(options.vocabSize) + " tokens");

        std::vector<std::uint32_t> affected = std::move(pairWords[key]);
        pairWords.erase(key);
        std::sort(affected.begin(), affected.end());
        affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
        changed.clear();
        for (const std::uint32_t index : affected) {
            Word &word = words[index];
            const std::vector<Symbol> &old = word.symbols;
            merged.clear();
            oldMerged.assign(old.size(), 0);
            newMerged.clear();
            for (std::size_t i = 0; i < old.size(); ++i) {
                const bool here = i + 1 < old.size() && old[i] == left && old[i + 1] == right;
                merged.push_back(here ? result : old[i]);
                newMerged.push_back(here);
                if (here) {
                    oldMerged[i] = oldMerged[i + 1] = 1;
                    ++i;
                }
            }
            if (merged.size() == old.size())
                continue; // listed, but merged away by an earlier pair
            // Only the pairs touching a merged position change: the old ones go, the ones
            // with the new symbol come. Re-counting every pair of the word made each merge
            // cost the word's whole length in the queue and the word lists, which grew
            // without bound on long words (CJK text, where a whole phrase is one word).
            const std::int64_t n = word.count;
            for (std::size_t i = 0; i + 1 < old.size(); ++i)
                if (oldMerged[i] || oldMerged[i + 1])
                    changed[pairKey(old[i], old[i + 1])] -= n;
            for (std::size_t i = 0; i + 1 < merged.size(); ++i) {
                if (newMerged[i] || newMerged[i + 1]) {
                    const std::uint64_t made = pairKey(merged[i], merged[i + 1]);
                    changed[made] += n;
                    pairWords[made].push_back(index);
                }
            }
            word.symbols.swap(merged);
        }
        pairCounts.erase(key); // every occurrence is merged now
        changed.erase(key);
        std::vector<std::uint64_t> ordered;
        ordered.reserve(changed.size());
        for (const auto &[changedKey, delta] : changed)
            if (delta != 0)
                ordered.push_back(changedKey);
        std::sort(ordered.begin(), ordered.end());
        for (const std::uint64_t changedKey : ordered) {
            std::int64_t &total = pairCounts[changedKey];
            total += changed[changedKey];
            if (total <= 0) {
                pairCounts.erase(changedKey);
                pairWords.erase(changedKey);
            } else {
                push(changedKey, total);
            }
        }
    }
    merging.reportNow(1.0, std::to_string(merges.size()) + " merges learnt");
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
