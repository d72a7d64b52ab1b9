#pragma once

#include <QWidget>

#include <memory>

class QCustomPlot;
class QFormLayout;
class QLabel;

namespace crsw {

struct LoadedCorpus;

/// The corpus statistics of the Data page: the figures (items, reviews,
/// users, categories, ratings, text lengths, dates, load counts) and two bar
/// charts, the rating histogram and the number of items by reviews per item.
class CorpusStatsView : public QWidget {
    Q_OBJECT
public:
    /// An empty view; setCorpus() fills it.
    explicit CorpusStatsView(QWidget *parent = nullptr);

    /// Shows a loaded corpus (null: empty).
    void setCorpus(std::shared_ptr<const LoadedCorpus> loaded);

    /// The two charts (for tests and exports).
    QCustomPlot *ratingChart() const { return m_ratings; }
    QCustomPlot *reviewsPerItemChart() const { return m_perItem; }
    /// The figure shown for a key ("items", "reviews", "users", "categories", ...).
    QString figure(const QString &key) const;

private:
    void setFigure(const QString &key, const QString &text);

    QFormLayout *m_form;
    QList<QPair<QString, QLabel *>> m_figures;
    QCustomPlot *m_ratings;
    QCustomPlot *m_perItem;
};

} // namespace crsw
