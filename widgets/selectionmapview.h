#pragma once

#include "selectionmapdata.h"

#include <QWidget>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QSlider;

namespace crsw {

class EmbeddingMap;
class SelectionRun;
class SelectionTracePlot;

/// The right side of the Embeddings & Selection page: the map (projection and
/// colouring chosen above it), the step slider, and the score and coverage
/// plots, all showing up to two runs at the same step. It draws what it is
/// given; when the user asks for a t-SNE layout or cluster colours that are
/// not computed yet it says so (tsneWanted, clustersWanted) and the page
/// computes them on a worker.
class SelectionMapView : public QWidget {
    Q_OBJECT
public:
    enum class Projection { Pca, Tsne };
    enum class Colouring { Category, Rating, Cluster };

    /// An empty view.
    explicit SelectionMapView(QWidget *parent = nullptr);

    /// Shows a workspace's map data (null or not ready: an empty map saying `emptyText`).
    void setData(std::shared_ptr<const SelectionMapData> data, const QString &emptyText = QString());
    /// The t-SNE layout (n x 2) once computed; null forgets it (the map falls back to PCA).
    void setTsne(std::shared_ptr<const EmbeddingMatrix> coords);
    bool hasTsne() const { return m_tsne != nullptr; }
    /// The k-means clusters of the reviews (K clusters) for colours and coverage.
    void setClusters(std::shared_ptr<const std::vector<std::uint32_t>> clusterOf, std::size_t clusters);

    /// The layout shown; choosing t-SNE before it exists emits tsneWanted().
    Projection projection() const;
    void setProjection(Projection projection);
    /// The colouring shown; choosing clusters before they exist emits clustersWanted().
    Colouring colouring() const;
    void setColouring(Colouring colouring);

    /// Redraws run `slot` (marks, score and coverage); null removes it. The
    /// slider follows new picks when it stood at the end.
    void showRun(int slot, const SelectionRun *run);
    /// Shows picks 1..step of every run (the slider's value).
    void setStep(std::size_t step);
    std::size_t step() const;
    std::size_t maxStep() const;
    /// Rings a row on the map (-1: none).
    void markRow(long long row);

    /// Appends a widget to the row above the map (the page's export buttons).
    void addToolbarWidget(QWidget *widget);

    EmbeddingMap *map() const { return m_map; }
    SelectionTracePlot *tracePlot() const { return m_trace; }
    QSlider *stepSlider() const { return m_slider; }

Q_SIGNALS:
    /// The user chose t-SNE, which is not computed yet.
    void tsneWanted();
    /// The user chose cluster colours, which are not computed yet.
    void clustersWanted();
    /// A point was clicked.
    void rowClicked(long long row);
    /// The user moved the step slider (not the slider following new picks).
    void stepScrubbed(std::size_t step);

private:
    void refreshMap();
    void refreshColouring();
    void onProjectionChosen();
    void onColouringChosen();
    void onSliderMoved(int value);

    std::shared_ptr<const SelectionMapData> m_data;
    std::shared_ptr<const EmbeddingMatrix> m_tsne;
    std::shared_ptr<const std::vector<std::uint32_t>> m_clusterOf;
    std::size_t m_clusterCount = 0;
    std::unique_ptr<MapColouring> m_clusterColouring;
    std::array<const SelectionRun *, 2> m_runs{};
    Projection m_shownProjection = Projection::Pca;
    bool m_following = false; // the slider is being moved by showRun(), not the user

    QString m_emptyText;
    QHBoxLayout *m_toolbar;
    QComboBox *m_projection;
    QComboBox *m_colour;
    EmbeddingMap *m_map;
    QSlider *m_slider;
    QLabel *m_stepLabel;
    SelectionTracePlot *m_trace;
};

} // namespace crsw
