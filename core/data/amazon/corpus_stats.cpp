#include "data/amazon/corpus_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace crsw {

namespace {

// Bucket b holds counts in [2^b, 2^(b+1) - 1].
std::size_t bucketOf(std::uint32_t count)
{
    std::size_t b = 0;
    while ((count >> (b + 1)) != 0)
        ++b;
    return b;
}

std::uint32_t quantile(std::vector<std::uint32_t> &values, double q)
{
    // Nearest rank on the sorted values: enough for a summary, and exact for p=0/1.
    const auto rank = static_cast<std::size_t>(std::llround(q * double(values.size() - 1)));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank), values.end());
    return values[rank];
}

} // namespace

CorpusStats CorpusStats::compute(const SeedCorpus &corpus, std::size_t topCategoryCount)
{
    CorpusStats s;
    s.items = corpus.itemCount();
    s.reviews = corpus.reviewCount();
    s.users = corpus.userCount();
    s.categories = corpus.categoryCount();

    double ratingSum = 0.0;
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = std::numeric_limits<std::int64_t>::min();
    std::vector<std::uint32_t> lengths;
    lengths.reserve(s.reviews);
    double lengthSum = 0.0;
    for (const CorpusReview &r : corpus.reviews()) {
        const long star = std::lround(r.rating); // rounds half away from zero: 2.5 -> 3
        ++s.ratingHistogram[static_cast<std::size_t>(std::clamp(star, 1L, 5L) - 1)];
        ratingSum += r.rating;
        s.verifiedPurchases += r.verifiedPurchase;
        if (r.timestamp != 0) {
            first = std::min(first, r.timestamp);
            last = std::max(last, r.timestamp);
        }
        lengths.push_back(r.textChars);
        lengthSum += r.textChars;
    }
    if (s.reviews > 0) {
        s.meanRating = ratingSum / double(s.reviews);
        s.textChars.mean = lengthSum / double(s.reviews);
        s.textChars.min = *std::min_element(lengths.begin(), lengths.end());
        s.textChars.max = *std::max_element(lengths.begin(), lengths.end());
        s.textChars.p10 = quantile(lengths, 0.1);
        s.textChars.median = quantile(lengths, 0.5);
        s.textChars.p90 = quantile(lengths, 0.9);
    }
    if (first <= last) {
        s.firstTimestamp = first;
        s.lastTimestamp = last;
    }

    std::vector<std::size_t> itemsPerCategory(corpus.categoryCount(), 0);
    std::vector<std::size_t> reviewsPerCategory(corpus.categoryCount(), 0);
    std::vector<std::uint32_t> seenInItem; // categories already counted for the current item
    for (std::size_t i = 0; i < s.items; ++i) {
        const CorpusItem &item = corpus.item(i);
        const std::size_t reviews = corpus.reviewsOfItem(i).size();
        if (!item.hasMetadata)
            ++s.itemsWithoutMetadata;
        if (reviews > 0) {
            ++s.itemsWithReviews;
            const std::size_t b = bucketOf(static_cast<std::uint32_t>(reviews));
            if (s.reviewsPerItem.size() <= b)
                s.reviewsPerItem.resize(b + 1);
            ++s.reviewsPerItem[b].items;
            s.reviewsPerItem[b].reviews += reviews;
        }
        seenInItem.clear();
        if (item.mainCategory != CorpusItem::kNone)
            seenInItem.push_back(item.mainCategory);
        for (const std::uint32_t c : corpus.itemCategories(i))
            if (std::find(seenInItem.begin(), seenInItem.end(), c) == seenInItem.end())
                seenInItem.push_back(c);
        for (const std::uint32_t c : seenInItem) {
            ++itemsPerCategory[c];
            reviewsPerCategory[c] += reviews;
        }
    }
    for (std::size_t b = 0; b < s.reviewsPerItem.size(); ++b) {
        s.reviewsPerItem[b].low = std::uint32_t(1) << b;
        s.reviewsPerItem[b].high = static_cast<std::uint32_t>((std::uint64_t(1) << (b + 1)) - 1);
    }

    std::vector<std::uint32_t> order;
    for (std::uint32_t c = 0; c < itemsPerCategory.size(); ++c)
        if (itemsPerCategory[c] > 0)
            order.push_back(c);
    const auto better = [&](std::uint32_t a, std::uint32_t b) {
        if (itemsPerCategory[a] != itemsPerCategory[b])
            return itemsPerCategory[a] > itemsPerCategory[b];
        return corpus.category(a) < corpus.category(b);
    };
    const std::size_t top = std::min(topCategoryCount, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(), better);
    for (std::size_t k = 0; k < top; ++k)
        s.topCategories.push_back(
            {std::string(corpus.category(order[k])), itemsPerCategory[order[k]], reviewsPerCategory[order[k]]});
    return s;
}

std::string CorpusStats::toText() const
{
    std::ostringstream out;
    out << "items: " << items << " (" << itemsWithReviews << " with reviews, " << itemsWithoutMetadata
        << " without metadata)\n";
    out << "reviews: " << reviews << "\nusers: " << users << "\ncategories: " << categories << "\n";
    out << "ratings:";
    for (std::size_t star = 0; star < 5; ++star)
        out << ' ' << (star + 1) << "*=" << ratingHistogram[star];
    out << " (mean " << meanRating << ")\n";
    out << "review text characters: min " << textChars.min << ", p10 " << textChars.p10 << ", median "
        << textChars.median << ", p90 " << textChars.p90 << ", max " << textChars.max << ", mean "
        << textChars.mean << "\n";
    out << "reviews per item:";
    for (const Bucket &b : reviewsPerItem)
        out << ' ' << b.low << '-' << b.high << ": " << b.items;
    out << "\ntop categories:";
    for (const CategoryCount &c : topCategories)
        out << "\n  " << c.name << ": " << c.items << " items, " << c.reviews << " reviews";
    out << "\n";
    return out.str();
}

} // namespace crsw
