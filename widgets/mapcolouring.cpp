#include "mapcolouring.h"

#include "qstringutil.h"

#include "data/amazon/seed_corpus.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace crsw {

namespace {
const QColor kOtherColour(0xa8, 0xa8, 0xa8);
const QColor kNoneColour(0xd4, 0xd4, 0xd4);
} // namespace

QVector<QColor> MapColouring::categoricalPalette(int count)
{
    static const QRgb base[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0xbcbd22,
                                0x17becf, 0x393b79, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94,
                                0xf7b6d2, 0xdbdb8d, 0x9edae5, 0x637939};
    constexpr int baseCount = int(sizeof base / sizeof base[0]);
    QVector<QColor> colours;
    colours.reserve(count);
    for (int i = 0; i < count; ++i) {
        if (i < baseCount) {
            colours << QColor(base[i]);
        } else {
            // Golden-angle hue steps keep later colours apart from each other.
            const int hue = int(std::fmod((i - baseCount) * 137.508, 360.0));
            colours << QColor::fromHsv(hue, 150 + 60 * (i % 2), 200 - 40 * ((i / 2) % 2));
        }
    }
    return colours;
}

MapColouring MapColouring::byRating(const SeedCorpus &corpus)
{
    MapColouring colouring;
    colouring.title = tr("coloured by star rating");
    colouring.palette = {QColor(0xd7, 0x19, 0x1c), QColor(0xfd, 0xae, 0x61), QColor(0xe0, 0xd0, 0x40),
                         QColor(0x8c, 0xcf, 0x5a), QColor(0x1a, 0x96, 0x41)};
    for (int stars = 1; stars <= 5; ++stars)
        colouring.labels << QString::number(stars) + QStringLiteral(" ★");
    colouring.classes.resize(corpus.reviewCount());
    for (std::size_t i = 0; i < corpus.reviewCount(); ++i) {
        const long stars = std::lround(corpus.review(i).rating);
        colouring.classes[i] = std::uint16_t(std::clamp<long>(stars, 1, 5) - 1);
    }
    return colouring;
}

MapColouring MapColouring::byCategory(const SeedCorpus &corpus, int maxCategories)
{
    // Each item's most specific category; kNone when it has none.
    std::vector<std::uint32_t> itemCategory(corpus.itemCount(), SeedCorpus::kNone);
    for (std::size_t item = 0; item < corpus.itemCount(); ++item) {
        const ArrayView<std::uint32_t> categories = corpus.itemCategories(item);
        if (categories.size() > 0)
            itemCategory[item] = categories[categories.size() - 1];
    }
    std::vector<std::size_t> reviews(corpus.categoryCount(), 0);
    std::size_t uncategorised = 0;
    for (const CorpusReview &review : corpus.reviews()) {
        const std::uint32_t category = itemCategory[review.item];
        if (category == SeedCorpus::kNone)
            ++uncategorised;
        else
            ++reviews[category];
    }
    std::vector<std::uint32_t> order(corpus.categoryCount());
    std::iota(order.begin(), order.end(), 0u);
    // Most reviewed first; ties by index so the colours do not depend on the sort.
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return reviews[a] > reviews[b]; });
    while (!order.empty() && reviews[order.back()] == 0)
        order.pop_back();

    const int shown = std::min<int>(maxCategories, int(order.size()));
    const int others = int(order.size()) - shown;
    MapColouring colouring;
    colouring.title = tr("coloured by item category");
    colouring.palette = categoricalPalette(shown);
    std::vector<std::uint16_t> classOfCategory(corpus.categoryCount(), std::uint16_t(shown));
    for (int c = 0; c < shown; ++c) {
        classOfCategory[order[std::size_t(c)]] = std::uint16_t(c);
        colouring.labels << toQString(corpus.category(order[std::size_t(c)]));
    }
    const std::uint16_t otherClass = std::uint16_t(shown);
    const std::uint16_t noneClass = std::uint16_t(shown + (others > 0 ? 1 : 0));
    if (others > 0) {
        colouring.palette << kOtherColour;
        colouring.labels << tr("other categories (%1)").arg(others);
    }
    if (uncategorised > 0) {
        colouring.palette << kNoneColour;
        colouring.labels << tr("no category");
    }
    colouring.classes.resize(corpus.reviewCount());
    for (std::size_t i = 0; i < corpus.reviewCount(); ++i) {
        const std::uint32_t category = itemCategory[corpus.review(i).item];
        colouring.classes[i] = category == SeedCorpus::kNone ? noneClass : std::min(classOfCategory[category], otherClass);
    }
    return colouring;
}

MapColouring MapColouring::byCluster(const std::vector<std::uint32_t> &clusterOf, std::size_t clusters)
{
    MapColouring colouring;
    colouring.title = tr("coloured by k-means cluster (K = %1)").arg(clusters);
    colouring.palette = categoricalPalette(int(clusters));
    for (std::size_t c = 0; c < clusters; ++c)
        colouring.labels << tr("cluster %1").arg(c + 1);
    colouring.classes.resize(clusterOf.size());
    for (std::size_t i = 0; i < clusterOf.size(); ++i)
        colouring.classes[i] = std::uint16_t(std::min<std::size_t>(clusterOf[i], 0xfffe));
    return colouring;
}

} // namespace crsw
