#include "maplegenditem.h"

namespace crsw {

MapLegendItem::MapLegendItem(QCPLegend *legend, const QColor &colour, const QString &label)
    : QCPAbstractLegendItem(legend)
    , m_colour(colour)
    , m_label(label)
{
    setSelectable(false);
}

void MapLegendItem::draw(QCPPainter *painter)
{
    // As QCPPlottableLegendItem lays out: icon, padding, text aligned with the icon.
    const QSize iconSize = mParentLegend->iconSize();
    painter->setFont(mFont);
    painter->setPen(QPen(mTextColor));
    const QRect textRect = painter->fontMetrics().boundingRect(0, 0, 0, iconSize.height(), Qt::TextDontClip, m_label);
    const int textHeight = qMax(textRect.height(), iconSize.height());
    painter->drawText(mRect.x() + iconSize.width() + mParentLegend->iconTextPadding(), mRect.y(), textRect.width(),
                      textHeight, Qt::TextDontClip, m_label);
    const QRectF icon(mRect.topLeft(), iconSize);
    const double radius = qMin(icon.width(), icon.height()) * 0.32;
    painter->setAntialiasing(true);
    painter->setPen(QPen(m_colour.darker(140), 1.0));
    painter->setBrush(m_colour);
    painter->drawEllipse(icon.center(), radius, radius);
}

QSize MapLegendItem::minimumOuterSizeHint() const
{
    const QSize iconSize = mParentLegend->iconSize();
    const QRect textRect =
        QFontMetrics(mFont).boundingRect(0, 0, 0, iconSize.height(), Qt::TextDontClip, m_label);
    return QSize(iconSize.width() + mParentLegend->iconTextPadding() + textRect.width() + mMargins.left()
                     + mMargins.right(),
                 qMax(textRect.height(), iconSize.height()) + mMargins.top() + mMargins.bottom());
}

} // namespace crsw
