#pragma once

#include "qcustomplotinclude.h"

#include <QColor>
#include <QString>

namespace crsw {

/// A legend entry that is not a plottable: a colour swatch and a label, for
/// the colour classes of the embedding map (clusters, categories, ratings),
/// which are all drawn by one ScatterCloud.
class MapLegendItem : public QCPAbstractLegendItem {
    Q_OBJECT
public:
    /// An entry of `legend` (add it with QCPLegend::addItem).
    MapLegendItem(QCPLegend *legend, const QColor &colour, const QString &label);

    const QString &label() const { return m_label; }
    const QColor &colour() const { return m_colour; }

protected:
    void draw(QCPPainter *painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    QColor m_colour;
    QString m_label;
};

} // namespace crsw
