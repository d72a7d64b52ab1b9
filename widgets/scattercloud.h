#pragma once

#include "embed/embedding_matrix.h"

#include "qcustomplotinclude.h"

#include <QColor>
#include <QVector>

#include <cstdint>
#include <memory>
#include <vector>

namespace crsw {

/// A QCustomPlot plottable for hundreds of thousands of coloured 2-D points,
/// drawn as a raster: each point is stamped (a small disc, alpha-blended)
/// straight into an image of the axis rect, which is then drawn in one call.
/// Stamps are bucketed by bands of image rows first (a stable counting sort),
/// so the blending walks the image band by band instead of at random.
/// Redrawing 200,000 points this way takes a few milliseconds, against tens
/// to hundreds for QCPGraph or QCPCurve scatters (bench_embedding_map). Points
/// are stamped in a fixed shuffled order so no colour class always lies on
/// top. Vector exports (PDF, SVG) embed the cloud as an image at 4x the
/// resolution; what lies on top of it (picks, marks) stays vector.
/// Clicks are resolved by nearestRow(), not by QCustomPlot's selection.
class ScatterCloud : public QCPAbstractPlottable {
    Q_OBJECT
public:
    /// A cloud on the plot's default axes.
    explicit ScatterCloud(QCPAxis *keyAxis, QCPAxis *valueAxis);

    /// The points: an n x 2 matrix (x, y per row), shared, never modified.
    /// Resets every row's class to 0.
    void setPoints(std::shared_ptr<const EmbeddingMatrix> points);
    /// The points (null when none).
    const std::shared_ptr<const EmbeddingMatrix> &points() const { return m_points; }
    /// Number of points.
    std::size_t pointCount() const { return m_points ? m_points->rows() : 0; }

    /// Colours by class: row i is drawn in palette[classes[i]] (classes.size()
    /// must be pointCount(); a class beyond the palette draws in grey).
    void setClasses(std::vector<std::uint16_t> classes, const QVector<QColor> &palette);
    /// The class of a row.
    std::uint16_t classOf(std::size_t row) const { return m_classes[row]; }
    /// Opacity of every point in [0, 1] (overlapping points add up to density).
    void setOpacity(double opacity);
    /// Diameter of a point in pixels (1 to 15).
    void setPointDiameter(int pixels);
    int pointDiameter() const { return m_diameter; }

    /// The row drawn nearest to `pixel` (widget coordinates) within
    /// `maxPixels`, or -1. Linear in the number of points (< 1 ms for 200,000).
    long long nearestRow(const QPointF &pixel, double maxPixels) const;

    /// The bounding box of the points (an empty QRectF when there are none).
    QRectF bounds() const { return m_bounds; }

    // QCPAbstractPlottable
    double selectTest(const QPointF &pos, bool onlySelectable, QVariant *details = nullptr) const override;
    QCPRange getKeyRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange &inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    void updateColours();

    // A point placed in the image: its disc's top-left pixel and colour.
    struct Stamp {
        std::int32_t left, top;
        std::uint32_t argb;
    };

    std::shared_ptr<const EmbeddingMatrix> m_points;
    std::vector<std::uint16_t> m_classes;
    std::vector<std::uint32_t> m_order;     // drawing order: a fixed shuffle of the rows
    std::vector<float> m_drawXY;            // the points' coordinates in drawing order
    std::vector<std::uint16_t> m_drawClass; // their classes in drawing order
    std::vector<Stamp> m_stamps, m_banded;  // draw() scratch, kept to avoid reallocating
    std::vector<std::uint32_t> m_bandStart; // draw() scratch
    QVector<QColor> m_palette;
    std::vector<std::uint32_t> m_argb;    // premultiplied colour per class, with the opacity
    double m_opacity = 0.6;
    int m_diameter = 3;
    QRectF m_bounds;
};

} // namespace crsw
