#pragma once

#include "embed/embedding_matrix.h"

#include "qcustomplotinclude.h"

#include <QColor>
#include <QStringList>
#include <QVector>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace crsw {

class ScatterCloud;

/// The selection map: every review as a point of a 2-D projection of its
/// embedding (a ScatterCloud coloured by class), the picks of up to two
/// selection runs on top in pick order (up to the scrubbed step, the latest
/// one ringed), and the clicked point. Pan by dragging, zoom with the wheel;
/// a click (no drag) emits rowClicked() with the nearest point. The marks sit
/// on their own buffered layer, so live picks and scrubbing redraw only them.
class EmbeddingMap : public QCustomPlot {
    Q_OBJECT
public:
    /// How many selection runs the map can show at once.
    static constexpr int kTraceSlots = 2;

    /// An empty map that says what to do.
    explicit EmbeddingMap(QWidget *parent = nullptr);

    /// Shows points (n x 2) with the axis labels, fitted to the view; clears
    /// the traces' marks and the clicked point. Null clears the map.
    void setProjection(std::shared_ptr<const EmbeddingMatrix> points, const QString &xLabel, const QString &yLabel);
    /// The points shown (null when none).
    std::shared_ptr<const EmbeddingMatrix> projection() const;
    /// Number of points shown.
    std::size_t pointCount() const;

    /// Colours the points: row i in palette[classes[i]]. `labels` (one per
    /// palette entry, may be empty) become the legend; `title` says what the
    /// colours mean.
    void setColouring(std::vector<std::uint16_t> classes, const QVector<QColor> &palette, const QStringList &labels,
                      const QString &title);
    /// The class of a row under the current colouring.
    std::uint16_t classOf(std::size_t row) const;

    /// Shows run `slot`'s picks (in order) under `name`; steps up to
    /// step() are drawn. Redraws only the marks layer.
    void setTrace(int slot, const QString &name, const std::vector<std::uint32_t> &picks);
    /// Removes run `slot` from the map.
    void clearTrace(int slot);
    /// Picks drawn for run `slot` (min(step, picks)).
    int visiblePicks(int slot) const;
    /// Shows picks 1..step of every run (SIZE_MAX: all).
    void setStep(std::size_t step);
    std::size_t step() const { return m_step; }

    /// Rings a row (the one whose details are shown); -1 removes the ring.
    void markRow(long long row);
    long long markedRow() const { return m_markedRow; }
    /// The row nearest to a widget position within `maxPixels`, or -1.
    long long rowAt(const QPointF &position, double maxPixels = 8.0) const;
    /// The widget position of a row (for tests and tooltips).
    QPointF pixelOf(std::size_t row) const;

    /// Fits the axes to every point with a margin.
    void fitToData();
    /// The caption shown above the map.
    QString title() const;
    /// Sets the caption.
    void setTitle(const QString &title);

    /// The cloud plottable (for the benchmark and tests).
    ScatterCloud *cloud() const { return m_cloud; }

Q_SIGNALS:
    /// The user clicked near a point (without dragging).
    void rowClicked(long long row);

private:
    struct Trace {
        QCPCurve *picks = nullptr;
        QCPCurve *latest = nullptr;
        std::vector<std::uint32_t> rows;
        QString name;
    };

    void updateTraceData(int slot);
    void rebuildLegend();
    void adaptPointSize();
    void onMousePress(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);

    ScatterCloud *m_cloud;
    QCPTextElement *m_title;
    QCPLayer *m_marksLayer;
    std::array<Trace, kTraceSlots> m_traces;
    QCPCurve *m_marked;
    QVector<QColor> m_palette;
    QStringList m_labels;
    std::size_t m_step = SIZE_MAX;
    long long m_markedRow = -1;
    QPoint m_pressPosition;
    bool m_pressed = false;
};

} // namespace crsw
