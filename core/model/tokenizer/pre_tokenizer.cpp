#include "model/tokenizer/pre_tokenizer.h"

#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/pcre_regex.h"

#include <algorithm>
#include <functional>

namespace crsw {

using tokenizer_json::Context;

namespace {

enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;
using MatchFinder = std::function<void(const std::string &, Ranges &)>;

struct Segment {
    std::size_t begin, end;
    bool isMatch;
};

/// The pieces of `text` that `behavior` keeps, as the tokenizers library
/// forms them from the alternating match / non-match segments.
Ranges applyBehavior(const std::vector<Segment> &segments, Behavior behavior)
{
    Ranges out;
    bool previousMatch = false;
    switch (behavior) {
    case Behavior::Isolated:
        for (const Segment &s : segments)
            out.emplace_back(s.begin, s.end);
        break;
    case Behavior::Removed:
        for (const Segment &s : segments)
            if (!s.isMatch)
                out.emplace_back(s.begin, s.end);
        break;
    case Behavior::Contiguous:
        for (const Segment &s : segments) {
            if (s.isMatch == previousMatch && !out.empty())
                out.back().second = s.end;
            else
                out.emplace_back(s.begin, s.end);
            previousMatch = s.isMatch;
        }
        break;
    case Behavior::MergedWithPrevious:
        for (const Segment &s : segments) {
            if (s.isMatch && !previousMatch && !out.empty())
                out.back().second = s.end;
            else
                out.emplace_back(s.begin, s.end);
            previousMatch = s.isMatch;
        }
        break;
    case Behavior::MergedWithNext:
        for (auto s = segments.rbegin(); s != segments.rend(); ++s) {
            if (s->isMatch && !previousMatch && !out.empty())
                out.back().first = s->begin;
            else
                out.emplace_back(s->begin, s->end);
            previousMatch = s->isMatch;
        }
        std::reverse(out.begin(), out.end());
        break;
    }
    return out;
}

/// Splits every piece at the matches `find` reports.
void splitPieces(std::vector<PreToken> &pieces, const MatchFinder &find, Behavior behavior, bool invert)
{
    std::vector<PreToken> result;
    result.reserve(pieces.size());
    Ranges matches;
    std::vector<Segment> segments;
    for (PreToken &piece : pieces) {
        matches.clear();
        segments.clear();
        find(piece.text, matches);
        std::size_t done = 0;
        for (const auto &[begin, end] : matches) {
            if (begin > done)
                segments.push_back({done, begin, invert});
            segments.push_back({begin, end, !invert});
            done = end;
        }
        if (done < piece.text.size())
            segments.push_back({done, piece.text.size(), invert});
        for (const auto &[begin, end] : applyBehavior(segments, behavior))
            if (end > begin)
                result.push_back({piece.text.substr(begin, end - begin), piece.atStart && begin == 0});
    }
    pieces = std::move(result);
}

MatchFinder literalFinder(std::string literal)
{
    return [literal = std::move(literal)](const std::string &text, Ranges &out) {
        if (literal.empty())
            return;
        for (std::size_t at = text.find(literal); at != std::string::npos; at = text.find(literal, at + literal.size()))
            out.emplace_back(at, at + literal.size());
    };
}

MatchFinder regexFinder(const std::string &pattern)
{
    auto regex = std::make_shared<const PcreRegex>(pattern);
    return [regex](const std::string &text, Ranges &out) { regex->findAll(text, out); };
}

class SplitPreTokenizer final : public PreTokenizer {
public:
    SplitPreTokenizer(MatchFinder find, Behavior behavior, bool invert)
        : m_find(std::move(find)), m_behavior(behavior), m_invert(invert)
    {
    }
    void split(std::vector<PreToken> &pieces) const override { splitPieces(pieces, m_find, m_behavior, m_invert); }

private:
    MatchFinder m_find;
    Behavior m_behavior;
    bool m_invert;
};

class ByteLevelPreTokenizer final : public PreTokenizer {
public:
    ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex)
        : m_addPrefixSpace(addPrefixSpace), m_find(useRegex ? regexFinder(byte_level::gpt2Pattern()) : MatchFinder())
    {
    }

    void split(std::vector<PreToken> &pieces) const override
    {
        if (m_addPrefixSpace)
            for (PreToken &piece : pieces)
                if (piece.text.empty() || piece.text[0] != ' ')
                    piece.text.insert(piece.text.begin(), ' ');
        if (m_find)
            splitPieces(pieces, m_find, Behavior::Isolated, false);
        std::string mapped;
        for (PreToken &piece : pieces) {
            mapped.clear();
            byte_level::encode(piece.text, mapped);
            piece.text.swap(mapped);
        }
    }

private:
    bool m_addPrefixSpace;
    MatchFinder m_find;
};

class MetaspacePreTokenizer final : public PreTokenizer {
public:
    enum class Prepend { Always, First, Never };

    MetaspacePreTokenizer(std::string replacement, Prepend prepend, bool split)
        : m_replacement(std::move(replacement)), m_prepend(prepend), m_split(split), m_find(literalFinder(m_replacement))
    {
    }

    void split(std::vector<PreToken> &pieces) const override
    {
        for (PreToken &piece : pieces) {
            std::string text;
            for (const char c : piece.text) {
                if (c == ' ')
                    text += m_replacement;
                else
                    text += c;
            }
            const bool prepend = m_prepend == Prepend::Always || (m_prepend == Prepend::First && piece.atStart);
            if (prepend && text.compare(0, m_replacement.size(), m_replacement) != 0)
                text.insert(0, m_replacement);
            piece.text = std::move(text);
        }
        if (m_split)
            splitPieces(pieces, m_find, Behavior::MergedWithNext, false);
    }

private:
    std::string m_replacement;
    Prepend m_prepend;
    bool m_split;
    MatchFinder m_find;
};

class SequencePreTokenizer final : public PreTokenizer {
public:
    explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps) : m_steps(std::move(steps)) {}
    void split(std::vector<PreToken> &pieces) const override
    {
        for (const auto &step : m_steps)
            step->split(pieces);
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> m_steps;
};

Behavior behaviorOf(const std::string &name, const Context &where)
{
    static const std::pair<const char *, Behavior> kNames[] = {
        {"Removed", Behavior::Removed},
        {"Isolated", Behavior::Isolated},
        {"MergedWithPrevious", Behavior::MergedWithPrevious},
        {"MergedWithNext", Behavior::MergedWithNext},
        {"Contiguous", Behavior::Contiguous},
    };
    for (const auto &[known, behavior] : kNames)
        if (name == known)
            return behavior;
    where.fail("unknown split behavior '" + name + "'");
}

MetaspacePreTokenizer::Prepend prependOf(const nlohmann::json &json, const Context &where)
{
    if (json.contains("prepend_scheme") && !json.at("prepend_scheme").is_null()) {
        const std::string scheme = tokenizer_json::stringField(json, "prepend_scheme", where);
        if (scheme == "always")
            return MetaspacePreTokenizer::Prepend::Always;
        if (scheme == "first")
            return MetaspacePreTokenizer::Prepend::First;
        if (scheme == "never")
            return MetaspacePreTokenizer::Prepend::Never;
        where.child("prepend_scheme").fail("unknown scheme '" + scheme + "'");
    }
    // Files written before prepend_scheme existed carry add_prefix_space.
    return tokenizer_json::boolField(json, "add_prefix_space", true, where) ? MetaspacePreTokenizer::Prepend::Always
                                                                            : MetaspacePreTokenizer::Prepend::Never;
}

} // namespace

std::unique_ptr<PreTokenizer> PreTokenizer::fromJson(const nlohmann::json &json, const Context &where)
{
    const std::string type = tokenizer_json::typeOf(json, where);
    if (type == "Split") {
        bool isRegex = false;
        const std::string pattern = tokenizer_json::patternField(json, "pattern", isRegex, where);
        const Behavior behavior = behaviorOf(tokenizer_json::stringField(json, "behavior", where), where.child("behavior"));
        const bool invert = tokenizer_json::boolField(json, "invert", false, where);
        MatchFinder find;
        try {
            find = isRegex ? regexFinder(pattern) : literalFinder(pattern);
        } catch (const Error &e) {
            where.child("pattern").fail(e.what());
        }
        return std::make_unique<SplitPreTokenizer>(std::move(find), behavior, invert);
    }
    if (type == "ByteLevel")
        return std::make_unique<ByteLevelPreTokenizer>(tokenizer_json::boolField(json, "add_prefix_space", true, where),
                                                       tokenizer_json::boolField(json, "use_regex", true, where));
    if (type == "Metaspace")
        return std::make_unique<MetaspacePreTokenizer>(tokenizer_json::stringField(json, "replacement", where),
                                                       prependOf(json, where),
                                                       tokenizer_json::boolField(json, "split", true, where));
    if (type == "Sequence") {
        const auto list = json.find("pretokenizers");
        if (list == json.end() || !list->is_array())
            where.child("pretokenizers").fail("expected a list");
        std::vector<std::unique_ptr<PreTokenizer>> steps;
        for (std::size_t i = 0; i < list->size(); ++i)
            steps.push_back(fromJson((*list)[i], where.child("pretokenizers").index(i)));
        return std::make_unique<SequencePreTokenizer>(std::move(steps));
    }
    where.child("type").fail("unsupported pre_tokenizer '" + type + "' (supported: Split, ByteLevel, Metaspace, Sequence)");
}

} // namespace crsw
