#include "synth/aspect_extractor.h"

#include "data/amazon/seed_corpus.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace crsw {

namespace {

const std::set<std::string> &stopWords()
{
    static const std::set<std::string> words{
        "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "back",
        "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "down", "during", "each", "even", "ever", "every", "few", "for", "from", "further", "get", "got", "had",
        "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "i'm", "i've", "if", "in",
        "into", "is", "it", "it's", "its", "just", "like", "looking", "me", "more", "most", "much", "my", "never", "no",
        "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own",
        "quite", "really", "same", "she", "should", "so", "some", "still", "such", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
        "very", "was", "way", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "you", "your", "movie", "movies", "film", "films", "watch", "watched", "watching", "seen",
        "see", "saw", "show", "dvd", "blu", "ray", "time", "times", "made", "makes", "make", "bit", "lot", "thing",
        "things", "well", "good", "great", "bad", "best", "better", "loved", "love", "liked", "enjoyed", "recommend",
        "recommended", "highly", "stars", "star", "ok", "okay"};
    return words;
}

bool isWordByte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80;
}

bool isBreak(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n' || c == '(' || c == ')';
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

bool containsWordOf(const std::string &phrase, const std::vector<std::string> &words)
{
    for (const std::string &token : aspectTokens(phrase))
        if (std::find(words.begin(), words.end(), token) != words.end())
            return true;
    return false;
}

std::string trim(std::string_view s)
{
    const std::size_t first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

} // namespace

std::vector<std::string> aspectTokens(const std::string &text)
{
    std::vector<std::string> tokens;
    std::string word;
    const auto flush = [&] {
        // Apostrophes at a word's edges are quotes, not part of it.
        while (!word.empty() && word.front() == '\'')
            word.erase(word.begin());
        while (!word.empty() && word.back() == '\'')
            word.pop_back();
        if (!word.empty())
            tokens.push_back(lower(word));
        word.clear();
    };
    for (const char c : text) {
        if (isWordByte(static_cast<unsigned char>(c))) {
            word += c;
            continue;
        }
        flush();
        if (isBreak(c) && !tokens.empty() && !tokens.back().empty())
            tokens.emplace_back();
    }
    flush();
    return tokens;
}

AspectExtractor::AspectExtractor(const SeedCorpus &corpus) : m_corpus(corpus)
{
    const std::size_t n = corpus.reviewCount();
    const std::size_t stride = n > kDfSample ? (n + kDfSample - 1) / kDfSample : 1;
    for (std::size_t i = 0; i < n; i += stride) {
        const CorpusReview &review = corpus.review(i);
        std::vector<std::string> words = aspectTokens(std::string(review.title) + "\n" + std::string(review.text));
        std::sort(words.begin(), words.end());
        words.erase(std::unique(words.begin(), words.end()), words.end());
        for (const std::string &word : words)
            if (!word.empty())
                ++m_df[word];
        ++m_documents;
    }
    for (std::uint32_t item = 0; item < corpus.itemCount(); ++item)
        for (const auto &[value, kind] : featureValues(item))
            if (kind == Kind::Mood)
                m_moods.insert(lower(value));
}

double AspectExtractor::idf(const std::string &word) const
{
    const auto it = m_df.find(word);
    const double df = it == m_df.end() ? 0.0 : double(it->second);
    return std::log((1.0 + double(m_documents)) / (1.0 + df)) + 1.0;
}

std::vector<std::string> AspectExtractor::titleWords(std::uint32_t item) const
{
    std::vector<std::string> words;
    for (std::string &word : aspectTokens(std::string(m_corpus.item(item).title)))
        if (!word.empty() && word.size() >= 3 && !stopWords().count(word))
            words.push_back(std::move(word));
    return words;
}

std::vector<std::string> AspectExtractor::reviewAspects(const std::vector<std::uint32_t> &rows, std::uint32_t item,
                                                        std::size_t limit) const
{
    const std::vector<std::string> title = titleWords(item);
    const double maxDf = kMaxDocumentShare * double(m_documents);
    const auto salient = [&](const std::string &word) {
        if (word.empty() || word.size() < 3 || stopWords().count(word)
            || std::find(title.begin(), title.end(), word) != title.end())
            return false;
        if (std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        const auto it = m_df.find(word);
        return it == m_df.end() || double(it->second) <= maxDf;
    };
    struct Phrase {
        std::string text;
        double idfSum = 0;
        std::size_t words = 0, count = 0, first = 0;
    };
    std::vector<Phrase> phrases;
    for (const std::uint32_t row : rows) {
        const CorpusReview &review = m_corpus.review(row);
        std::vector<std::string> tokens = aspectTokens(std::string(review.title) + "\n" + std::string(review.text));
        tokens.emplace_back(); // closes the last run
        std::vector<std::string> run;
        for (const std::string &token : tokens) {
            if (salient(token) && run.size() < 3) {
                run.push_back(token);
                continue;
            }
            if (!run.empty()) {
                std::string text;
                double idfSum = 0;
                for (const std::string &w : run) {
                    text += (text.empty() ? "" : " ") + w;
                    idfSum += idf(w);
                }
                const auto it = std::find_if(phrases.begin(), phrases.end(), [&](const Phrase &p) { return p.text == text; });
                if (it != phrases.end())
                    ++it->count;
                else
                    phrases.push_back({text, idfSum, run.size(), 1, phrases.size()});
                run.clear();
            }
            if (salient(token))
                run.push_back(token); // a run longer than three words goes on as a new phrase
        }
    }
    std::stable_sort(phrases.begin(), phrases.end(), [](const Phrase &a, const Phrase &b) {
        return double(a.count) * a.idfSum > double(b.count) * b.idfSum;
    });
    std::vector<std::string> out;
    for (const Phrase &p : phrases) {
        if (out.size() >= limit)
            break;
        // A lone word said once is as often noise ("nobody", "lets") as an aspect;
        // a lone mood word is worded as the metadata's moods are.
        if (p.words == 1 && isMoodWord(p.text))
            out.push_back(p.text + " moments");
        else if (p.words > 1 || p.count > 1)
            out.push_back(p.text);
    }
    return out;
}

std::vector<std::pair<std::string, AspectExtractor::Kind>> AspectExtractor::featureValues(std::uint32_t item) const
{
    std::vector<std::pair<std::string, Kind>> out;
    const auto addList = [&](std::string_view list, Kind kind) {
        std::string value(list);
        for (std::size_t at; (at = value.find(" and ")) != std::string::npos;)
            value.replace(at, 5, ",");
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t end = value.find_first_of(";,", start);
            if (end == std::string::npos)
                end = value.size();
            std::string v = trim(value.substr(start, end - start));
            if (v.rfind("and ", 0) == 0)
                v = trim(v.substr(4));
            if (!v.empty())
                out.emplace_back(v, kind);
            start = end + 1;
        }
    };
    // The kind of a "Key: values" feature from its key.
    const auto kindOf = [](std::string key) {
        key = lower(key);
        if (key == "mood" || key == "moods" || key == "tone" || key == "tones")
            return Kind::Mood;
        if (key == "era" || key == "decade")
            return Kind::Era;
        if (key == "director" || key == "directors" || key == "directed by")
            return Kind::Director;
        if (key == "starring" || key == "actors" || key == "cast")
            return Kind::Actor;
        return Kind::Phrase;
    };
    for (const std::string_view feature : m_corpus.itemFeatures(item)) {
        const std::size_t colon = feature.find(": ");
        if (colon != std::string_view::npos && colon < 30)
            addList(feature.substr(colon + 2), kindOf(std::string(feature.substr(0, colon))));
        else if (feature.rfind("Directed by ", 0) == 0)
            addList(feature.substr(12), Kind::Director);
        else if (feature.rfind("Starring ", 0) == 0)
            addList(feature.substr(9), Kind::Actor);
        else if (std::count(feature.begin(), feature.end(), ' ') < 6)
            out.emplace_back(trim(std::string(feature)), Kind::Phrase);
    }
    return out;
}

std::vector<std::string> AspectExtractor::metadataAspects(std::uint32_t item) const
{
    const std::vector<std::string> title = titleWords(item);
    std::vector<std::string> categories;
    for (const std::uint32_t category : m_corpus.itemCategories(item))
        categories.push_back(lower(m_corpus.category(category)));
    std::vector<std::string> out;
    for (const auto &[value, kind] : featureValues(item)) {
        // A category repeated as a feature ("Genre: Comedy") is the genre slot's, not an aspect.
        if (value.empty() || containsWordOf(value, title)
            || std::find(categories.begin(), categories.end(), lower(value)) != categories.end())
            continue;
        // Worded so that every slot of the query templates reads as English.
        std::string text;
        switch (kind) {
        case Kind::Mood: text = lower(value) + " moments"; break;
        case Kind::Era: text = value + " style"; break;
        case Kind::Director: text = "direction by " + value; break;
        case Kind::Actor: text = "acting by " + value; break;
        case Kind::Phrase: text = value; break;
        }
        if (std::find(out.begin(), out.end(), text) == out.end())
            out.push_back(std::move(text));
    }
    return out;
}

std::string AspectExtractor::genre(std::uint32_t item) const
{
    const CorpusItem &it = m_corpus.item(item);
    const auto categories = m_corpus.itemCategories(item);
    for (std::size_t i = categories.size(); i-- > 0;) {
        if (categories[i] == it.mainCategory)
            continue;
        // Top-level shop categories ("Movies & TV") say nothing of the item.
        const std::string name = lower(m_corpus.category(categories[i]));
        if (i == 0 && categories.size() > 1)
            break;
        return name;
    }
    return "movie";
}

} // namespace crsw
