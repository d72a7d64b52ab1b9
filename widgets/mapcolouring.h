#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <vector>

namespace crsw {

class SeedCorpus;

/// One way of colouring the selection map: a class per point (review), a
/// colour and a legend label per class, and a title saying what the colours
/// mean. Built on a worker thread from the corpus or a clustering.
class MapColouring {
    Q_DECLARE_TR_FUNCTIONS(crsw::MapColouring)
public:
    QString title;                       ///< "coloured by item category", ...
    std::vector<std::uint16_t> classes;  ///< one per review
    QVector<QColor> palette;             ///< one per class
    QStringList labels;                  ///< one per class (the legend)

    /// By star rating, rounded to 1..5 (red to green).
    static MapColouring byRating(const SeedCorpus &corpus);
    /// By the item's most specific category (the last of its `categories`),
    /// the `maxCategories` most reviewed ones each in a colour, the rest grey.
    static MapColouring byCategory(const SeedCorpus &corpus, int maxCategories = 15);
    /// By k-means cluster (`clusterOf` per review, `clusters` clusters).
    static MapColouring byCluster(const std::vector<std::uint32_t> &clusterOf, std::size_t clusters);

    /// `count` well-separated colours: Tableau's 20 (no greys) first, then
    /// golden-angle hues. Grey stays free for "other".
    static QVector<QColor> categoricalPalette(int count);
};

} // namespace crsw
