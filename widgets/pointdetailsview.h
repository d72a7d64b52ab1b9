#pragma once

#include <QStringList>
#include <QTextBrowser>

namespace crsw {

class SeedCorpus;

/// What a point of the selection map is: the review (title, text, rating),
/// its item (title, categories, parent_asin) and its user id, with notes on
/// how the runs on the map treated it (picked at which step, its cluster).
class PointDetailsView : public QTextBrowser {
    Q_OBJECT
public:
    /// An empty view with a hint to click a point.
    explicit PointDetailsView(QWidget *parent = nullptr);

    /// Shows review `row` of `corpus` and the `notes` (one line each).
    void showReview(const SeedCorpus &corpus, std::size_t row, const QStringList &notes);
    /// Shows `hint` instead of a review.
    void clearDetails(const QString &hint);
    /// The review shown, or -1.
    long long row() const { return m_row; }

private:
    long long m_row = -1;
};

} // namespace crsw
