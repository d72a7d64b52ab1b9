#include "synth/seed_texts.h"

#include "data/amazon/seed_corpus.h"

#include <cmath>

namespace crsw::seedtexts {

std::string reviews(const SeedCorpus &corpus, const std::vector<std::uint32_t> &rows)
{
    std::string text;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const CorpusReview &review = corpus.review(rows[i]);
        if (i)
            text += "\n\n";
        text += "Review " + std::to_string(i + 1) + " (" + std::to_string(int(std::lround(review.rating))) + "/5): ";
        text += review.title;
        text += '\n';
        text += review.text;
    }
    return text;
}

std::string metadata(const SeedCorpus &corpus, std::uint32_t item)
{
    const CorpusItem &it = corpus.item(item);
    std::string text = "Title: " + std::string(it.title);
    const auto categories = corpus.itemCategories(item);
    if (categories.size()) {
        text += "\nCategories: ";
        for (std::size_t i = 0; i < categories.size(); ++i)
            text += (i ? " > " : "") + std::string(corpus.category(categories[i]));
    }
    const auto description = corpus.itemDescription(item);
    for (std::size_t i = 0; i < description.size(); ++i)
        text += (i ? "\n" : "\nDescription: ") + std::string(description[i]);
    const auto features = corpus.itemFeatures(item);
    if (features.size()) {
        text += "\nFeatures:";
        for (std::size_t i = 0; i < features.size(); ++i)
            text += "\n- " + std::string(features[i]);
    }
    return text;
}

std::string reviewId(const SeedCorpus &corpus, std::uint32_t row)
{
    const CorpusReview &review = corpus.review(row);
    return std::string(corpus.userId(review.user)) + "/" + std::string(corpus.asin(review.asin)) + "/"
           + std::to_string(review.timestamp);
}

} // namespace crsw::seedtexts
