#include "data/demo/demo_review_text.h"

#include "data/demo/demo_review_phrases.h"
#include "data/demo/demo_text.h"
#include "data/demo/demo_vocabulary.h"

#include <algorithm>
#include <utility>

namespace crsw {

namespace {

using Phrases = DemoReviewPhrases::Phrases;

// Chances of the optional parts of a review.
constexpr double kStockExtraChance = 0.5;
constexpr double kStockTasteChance = 0.15;
constexpr double kSecondPlotChance = 0.5;
constexpr double kMoodChance = 0.7;
constexpr double kCreditChance = 0.6;
constexpr double kSettingChance = 0.4;
constexpr double kTasteChance = 0.6;
constexpr double kCloserChance = 0.5;

std::size_t band(int rating)
{
    return rating >= 4 ? 0 : (rating == 3 ? 1 : 2);
}

std::string join(const std::vector<std::string> &sentences)
{
    std::string text;
    for (const auto &s : sentences)
        text += (text.empty() ? "" : " ") + s;
    return text;
}

bool contains(const std::vector<int> &values, int value)
{
    return std::find(values.begin(), values.end(), value) != values.end();
}

} // namespace

// The values the placeholders of one review expand to.
struct DemoReviewText::Fill {
    std::vector<std::pair<std::string, std::string>> values;
    const std::string &get(const std::string &key) const
    {
        for (const auto &kv : values)
            if (kv.first == key)
                return kv.second;
        static const std::string empty;
        return empty;
    }
};

DemoReviewText::DemoReviewText(const DemoWorld &world, DemoRandom &random) : m_world(world), m_random(random) {}

void DemoReviewText::write(DemoReview &review)
{
    const DemoItem &item = m_world.items[std::size_t(review.item)];
    const DemoCluster &cluster = DemoVocabulary::clusters()[std::size_t(item.cluster)];
    const auto &moods = DemoVocabulary::moods();

    // Two distinct plots, moods, actors and details of the film (each list has >= 2).
    const auto twoOf = [this](std::size_t n) {
        const std::size_t first = std::size_t(m_random.below(n));
        return std::make_pair(first, (first + 1 + std::size_t(m_random.below(n - 1))) % n);
    };
    const auto plots = twoOf(item.plots.size());
    const auto moodPair = twoOf(item.moods.size());
    const auto actors = twoOf(item.cast.size());
    const auto details = twoOf(item.details.size());
    Fill fill;
    fill.values = {
        {"kind", cluster.kind},
        {"plot", cluster.plots[std::size_t(item.plots[plots.first])]},
        {"plot2", cluster.plots[std::size_t(item.plots[plots.second])]},
        {"hero", item.protagonist},
        {"place", item.place},
        {"detail", item.details[details.first]},
        {"detail2", item.details[details.second]},
        {"mood", moods[std::size_t(item.moods[moodPair.first])]},
        {"mood2", moods[std::size_t(item.moods[moodPair.second])]},
        {"director", m_world.people[std::size_t(item.director)].name},
        {"actor", m_world.people[std::size_t(item.cast[actors.first])].name},
        {"actor2", m_world.people[std::size_t(item.cast[actors.second])].name},
        {"decade", DemoVocabulary::decadeName(item.decade())},
        {"year", std::to_string(item.year)},
        {"subgenre", demotext::lowerFirst(cluster.subgenre)},
    };
    review.text = review.stock ? stockText(review, fill) : specificText(review, fill);
    review.title = title(review, fill);
}

std::string DemoReviewText::stockText(const DemoReview &review, const Fill &fill)
{
    const std::size_t b = band(review.rating);
    std::vector<std::string> sentences{expand(m_random.pick(m_random.pick(DemoReviewPhrases::stockOpinions()[b])), fill)};
    if (m_random.chance(kStockExtraChance))
        sentences.push_back(m_random.pick(DemoReviewPhrases::stockExtras()[b]));
    // Now and then even a stock review lets the reviewer's taste show.
    const std::vector<std::string> taste = tasteSentences(review, fill);
    if (!taste.empty() && m_random.chance(kStockTasteChance))
        sentences.push_back(m_random.pick(taste));
    return join(sentences);
}

std::string DemoReviewText::specificText(const DemoReview &review, const Fill &fill)
{
    const std::size_t b = band(review.rating);
    const auto sentence = [&](const DemoReviewPhrases::Aspect &aspect) {
        // One draw a statement (the operands of `+` are unordered).
        std::string text = m_random.pick(DemoReviewPhrases::leadIns());
        text += m_random.pick(aspect.subjects) + " ";
        text += m_random.pick(aspect.verdicts[b]) + ".";
        return expand(text, fill);
    };
    std::vector<std::string> sentences{sentence(DemoReviewPhrases::plot())};
    // Specific reviews of popular films stay brief; niche films get the
    // enthusiast's long review that dwells on plot, mood, credits and setting.
    const int cluster = m_world.items[std::size_t(review.item)].cluster;
    if (DemoVocabulary::clusters()[std::size_t(cluster)].tier == DemoTier::Popular) {
        if (m_random.chance(kMoodChance / 2))
            sentences.push_back(sentence(DemoReviewPhrases::mood()));
    } else {
        if (m_random.chance(kSecondPlotChance))
            sentences.push_back(sentence(DemoReviewPhrases::plot()));
        if (m_random.chance(kMoodChance))
            sentences.push_back(sentence(DemoReviewPhrases::mood()));
        if (m_random.chance(kCreditChance))
            sentences.push_back(sentence(DemoReviewPhrases::credits()));
        if (m_random.chance(kSettingChance))
            sentences.push_back(sentence(DemoReviewPhrases::setting()));
    }
    const std::vector<std::string> taste = tasteSentences(review, fill);
    if (!taste.empty() && m_random.chance(kTasteChance))
        sentences.push_back(m_random.pick(taste));
    m_random.shuffle(sentences);
    if (m_random.chance(kCloserChance))
        sentences.push_back(m_random.pick(DemoReviewPhrases::closers()[b]));
    return join(sentences);
}

std::vector<std::string> DemoReviewText::tasteSentences(const DemoReview &review, const Fill &fill)
{
    const DemoUser &user = m_world.users[std::size_t(review.user)];
    const DemoItem &item = m_world.items[std::size_t(review.item)];
    const auto &moods = DemoVocabulary::moods();
    const auto with = [&](const Phrases &phrases, const std::string &x) {
        return expand(m_random.pick(phrases), Fill{{{"x", x}, {"subgenre", fill.get("subgenre")}}});
    };
    std::vector<std::string> out;
    for (int m : user.likedMoods)
        if (contains(item.moods, m))
            out.push_back(with(DemoReviewPhrases::likedMood(), moods[std::size_t(m)]));
    if (contains(item.moods, user.dislikedMood))
        out.push_back(with(DemoReviewPhrases::dislikedMood(), moods[std::size_t(user.dislikedMood)]));
    for (int p : user.people)
        if (p == item.director || contains(item.cast, p))
            out.push_back(with(DemoReviewPhrases::favouritePerson(), m_world.people[std::size_t(p)].name));
    if (item.decade() == user.decade)
        out.push_back(with(DemoReviewPhrases::favouriteDecade(), fill.get("decade")));
    if (user.clusters.front() == item.cluster)
        out.push_back(with(DemoReviewPhrases::homeCluster(), {}));
    else if (!m_world.isFavourite(review.user, review.item) && m_random.chance(0.5))
        out.push_back(m_random.pick(DemoReviewPhrases::notMyKind()));
    return out;
}

std::string DemoReviewText::title(const DemoReview &review, const Fill &fill)
{
    if (review.stock)
        return m_random.pick(DemoReviewPhrases::stockTitles()[std::size_t(review.rating - 1)]);
    return expand(m_random.pick(DemoReviewPhrases::specificTitles()[band(review.rating)]), fill);
}

std::string DemoReviewText::expand(const std::string &pattern, const Fill &fill) const
{
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] == '{') {
            const std::size_t close = pattern.find('}', i);
            out += fill.get(pattern.substr(i + 1, close - i - 1));
            i = close + 1;
        } else {
            out += pattern[i++];
        }
    }
    // Sentences that open with a placeholder ("a cursed blade is ...") start lower-case.
    if (!out.empty())
        out[0] = demotext::upper(out[0]);
    return out;
}

} // namespace crsw
