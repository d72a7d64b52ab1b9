#include "amazon_review_generator.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace crsw::bench {

namespace {

const char *const kWords[] = {
    "the", "movie", "film", "story", "great", "good", "really", "very", "just", "watch", "watched", "it", "was",
    "and", "a", "of", "to", "is", "this", "that", "in", "for", "with", "but", "not", "acting", "actors", "plot",
    "characters", "ending", "season", "series", "episode", "DVD", "Blu-ray", "quality", "picture", "sound",
    "family", "kids", "loved", "enjoyed", "boring", "slow", "funny", "classic", "favorite", "recommend",
    "again", "time", "years", "old", "new", "version", "price", "arrived", "condition", "disc", "scenes",
    "music", "score", "director", "performance", "beautiful", "terrible", "excellent", "amazing", "okay",
    "would", "could", "should", "never", "always", "one", "two", "best", "worst", "ever", "all", "some",
    "who", "what", "when", "they", "she", "he", "we", "my", "our", "their", "on", "at", "by", "from", "out",
    "about", "more", "much", "too", "so", "no", "yes", "first", "last", "action", "drama", "comedy", "horror",
    "romance", "documentary", "western", "thriller", "mystery", "war", "history", "special", "effects",
    "dialogue", "cast", "cinematography", "soundtrack", "subtitles", "streaming", "Prime", "rental", "gift"};
constexpr std::size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

// Non-ASCII pieces the real reviews carry: accents, dashes, curly quotes, emoji.
const char *const kUnicode[] = {"café", "naïve", "—", "“great”", "…", "😀", "👍", "Amélie", "Pokémon", "½"};
constexpr std::size_t kUnicodeCount = sizeof(kUnicode) / sizeof(kUnicode[0]);

const char *const kTitles[] = {"Five Stars", "Great movie", "Loved it", "Not worth it", "A classic",
                               "Four Stars", "Disappointing", "Must see", "Good quality", "One Star"};

const char *const kCategories[] = {"Movies & TV", "Genre for Featured Categories", "Drama", "Comedy",
                                   "Action & Adventure", "Kids & Family", "Science Fiction", "Documentary",
                                   "Horror", "Romance", "Westerns", "Musicals"};

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// The first `n` bytes of `text`, shortened so no UTF-8 sequence is cut.
std::string prefixUtf8(const std::string &text, std::size_t n)
{
    if (n >= text.size())
        return text;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xc0) == 0x80)
        --n;
    return text.substr(0, n);
}

} // namespace

AmazonReviewGenerator::AmazonReviewGenerator(std::uint64_t seed, std::size_t items, std::size_t users)
    : m_state(seed * 0x9E3779B97F4A7C15ull + 1), m_items(std::max<std::size_t>(1, items)),
      m_users(std::max<std::size_t>(1, users))
{
    // Zipf(0.9)-like: a few blockbusters carry many reviews, most items a handful.
    m_itemCdf.resize(m_items);
    double sum = 0.0;
    for (std::size_t i = 0; i < m_items; ++i)
        m_itemCdf[i] = (sum += 1.0 / std::pow(double(i + 1), 0.9));
    for (double &c : m_itemCdf)
        c /= sum;
}

// splitmix64: fast, and the same sequence everywhere.
std::uint64_t AmazonReviewGenerator::nextRandom()
{
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double AmazonReviewGenerator::uniform()
{
    return double(nextRandom() >> 11) * (1.0 / 9007199254740992.0);
}

std::string AmazonReviewGenerator::idOf(const char *prefix, std::uint64_t value, std::size_t length) const
{
    std::string id(prefix);
    // A bijective-looking scramble so ids do not look sequential.
    std::uint64_t x = (value + 1) * 0x9E3779B97F4A7C15ull;
    while (id.size() < length) {
        id += kAlphabet[x % 36];
        x = x / 36 + (value + 7) * 0x2545F4914F6CDD1Dull * (id.size() + 1);
    }
    return id;
}

std::string AmazonReviewGenerator::itemAsin(std::size_t index) const
{
    return idOf("B0", index, 10);
}

void AmazonReviewGenerator::appendSentence(std::string &text)
{
    const std::size_t words = 4 + below(14);
    for (std::size_t w = 0; w < words; ++w) {
        const bool special = below(60) == 0;
        std::string_view word = special ? kUnicode[below(kUnicodeCount)] : kWords[below(kWordCount)];
        if (w == 0 && !special) {
            text += char(std::toupper(static_cast<unsigned char>(word[0])));
            text.append(word.substr(1));
        } else {
            if (w > 0)
                text += ' ';
            text.append(word);
        }
    }
    const std::size_t end = below(20);
    text += end == 0 ? "!" : end == 1 ? "?" : ".";
}

void AmazonReviewGenerator::next(AmazonReview &r)
{
    const double u = uniform();
    r.rating = u < 0.60 ? 5.0f : u < 0.78 ? 4.0f : u < 0.87 ? 3.0f : u < 0.92 ? 2.0f : 1.0f;
    r.title = below(4) == 0 ? kTitles[below(10)] : std::string();
    if (r.title.empty()) {
        std::string sentence;
        appendSentence(sentence);
        r.title = prefixUtf8(sentence, 8 + below(40));
    }
    // Log-normal length: median ~180 characters, 1% over ~2,000.
    const double z = std::sqrt(-2.0 * std::log(std::max(uniform(), 1e-12))) * std::cos(6.283185307179586 * uniform());
    const auto target = static_cast<std::size_t>(std::min(20000.0, std::exp(5.2 + 1.05 * z)));
    r.text.clear();
    while (r.text.size() < target) {
        if (!r.text.empty())
            r.text += below(12) == 0 ? "<br /><br />" : below(40) == 0 ? "\n" : " ";
        appendSentence(r.text);
        if (below(50) == 0)
            r.text += " I said \"wow\".";
    }
    r.imageCount = below(20) == 0 ? static_cast<std::uint32_t>(1 + below(3)) : 0;
    const std::size_t item = static_cast<std::size_t>(
        std::lower_bound(m_itemCdf.begin(), m_itemCdf.end(), uniform()) - m_itemCdf.begin());
    r.parentAsin = itemAsin(std::min(item, m_items - 1));
    r.asin = below(5) == 0 ? idOf("B0", item * 7 + 1 + below(3) + m_items, 10) : r.parentAsin;
    r.userId = idOf("AE", below(m_users), 28);
    r.timestamp = 946684800000LL + static_cast<std::int64_t>(nextRandom() % 757382400000ull);
    r.helpfulVotes = below(3) == 0 ? static_cast<std::int64_t>(std::floor(-std::log(std::max(uniform(), 1e-9)) * 3)) : 0;
    r.verifiedPurchase = below(100) < 85;
}

void AmazonReviewGenerator::appendEscaped(std::string_view text, bool asciiOnly, std::string &out) const
{
    static const char kHex[] = "0123456789abcdef";
    const auto u4 = [&](unsigned v) {
        out += "\\u";
        out += kHex[(v >> 12) & 15];
        out += kHex[(v >> 8) & 15];
        out += kHex[(v >> 4) & 15];
        out += kHex[v & 15];
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20) {
            u4(c);
        } else if (c < 0x80 || !asciiOnly) {
            out += char(c);
        } else {
            // Decode one UTF-8 sequence and write it as json.dumps(ensure_ascii=True) would.
            unsigned cp = 0;
            std::size_t extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
            cp = c & (0x3f >> extra);
            for (std::size_t k = 0; k < extra && i + 1 < text.size(); ++k)
                cp = (cp << 6) | (static_cast<unsigned char>(text[++i]) & 0x3f);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                u4(0xd800 + (cp >> 10));
                u4(0xdc00 + (cp & 0x3ff));
            } else {
                u4(cp);
            }
        }
    }
}

void AmazonReviewGenerator::appendJson(const AmazonReview &r, std::string &out)
{
    // One line in 20 is written ASCII-only with \u escapes, the rest as raw UTF-8.
    const bool ascii = below(20) == 0;
    char number[64];
    std::snprintf(number, sizeof number, "%.1f", double(r.rating));
    out += "{\"rating\": ";
    out += number;
    out += ", \"title\": \"";
    appendEscaped(r.title, ascii, out);
    out += "\", \"text\": \"";
    appendEscaped(r.text, ascii, out);
    out += "\", \"images\": [";
    for (std::uint32_t i = 0; i < r.imageCount; ++i) {
        const std::string id = idOf("I", nextRandom() % 1000000007, 11);
        out += i ? ", " : "";
        out += "{\"small_image_url\": \"https://m.media-amazon.com/images/I/" + id + "._SL256_.jpg\", "
               "\"medium_image_url\": \"https://m.media-amazon.com/images/I/" + id + "._SL800_.jpg\", "
               "\"large_image_url\": \"https://m.media-amazon.com/images/I/" + id + ".jpg\", "
               "\"attachment_type\": \"IMAGE\"}";
    }
    out += "], \"asin\": \"" + r.asin + "\", \"parent_asin\": \"" + r.parentAsin + "\", \"user_id\": \"" + r.userId
           + "\", \"timestamp\": " + std::to_string(r.timestamp) + ", \"helpful_vote\": "
           + std::to_string(r.helpfulVotes) + ", \"verified_purchase\": " + (r.verifiedPurchase ? "true" : "false")
           + "}";
}

AmazonItem AmazonReviewGenerator::item(std::size_t index)
{
    AmazonItem it;
    it.parentAsin = itemAsin(index);
    std::string title;
    appendSentence(title);
    it.title = prefixUtf8(title, 12 + below(50));
    it.mainCategory = "Movies & TV";
    it.categories = {"Movies & TV", kCategories[1 + below(11)]};
    if (below(3) == 0)
        it.categories.push_back(kCategories[2 + below(10)]);
    it.averageRating = 1.0 + double(below(41)) / 10.0;
    it.ratingNumber = static_cast<std::int64_t>(below(5000));
    it.price = below(4) == 0 ? std::nan("") : double(below(5000)) / 100.0;
    std::string paragraph;
    appendSentence(paragraph);
    appendSentence(paragraph);
    it.description = {paragraph};
    it.features = {};
    it.store = idOf("Studio ", index % 997, 12);
    it.details = "{\"Aspect Ratio\":\"1.85:1\",\"Number of discs\":\"" + std::to_string(1 + below(3)) + "\"}";
    return it;
}

void AmazonReviewGenerator::appendItemJson(const AmazonItem &it, std::string &out)
{
    out += "{\"main_category\": \"" + it.mainCategory + "\", \"title\": \"";
    appendEscaped(it.title, false, out);
    char number[64];
    std::snprintf(number, sizeof number, "%.1f", it.averageRating);
    out += "\", \"subtitle\": null, \"average_rating\": ";
    out += number;
    out += ", \"rating_number\": " + std::to_string(it.ratingNumber) + ", \"features\": [], \"description\": [\"";
    appendEscaped(it.description.empty() ? std::string() : it.description[0], false, out);
    out += "\"], \"price\": ";
    if (std::isnan(it.price)) {
        out += "null";
    } else {
        std::snprintf(number, sizeof number, "%.2f", it.price);
        out += number;
    }
    out += ", \"images\": [], \"videos\": [], \"store\": \"" + it.store + "\", \"categories\": [";
    for (std::size_t i = 0; i < it.categories.size(); ++i)
        out += (i ? ", \"" : "\"") + it.categories[i] + "\"";
    out += "], \"details\": " + it.details + ", \"parent_asin\": \"" + it.parentAsin + "\", \"bought_together\": null}";
}

} // namespace crsw::bench
