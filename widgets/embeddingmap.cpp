#include "embeddingmap.h"

#include "maplegenditem.h"
#include "scattercloud.h"

#include <algorithm>

namespace crsw {

namespace {

// The two runs: black-edged white circles and black-edged orange diamonds
// stand out on every class colour, and differ in shape for print.
struct TraceStyle {
    QCPScatterStyle::ScatterShape shape;
    QColor fill;
    double size;
};
const TraceStyle kTraceStyles[EmbeddingMap::kTraceSlots] = {
    {QCPScatterStyle::ssCircle, QColor(255, 255, 255), 7.0},
    {QCPScatterStyle::ssDiamond, QColor(0xff, 0x8c, 0x00), 9.0},
};
constexpr int kMaxLegendClasses = 24;

QCPCurve *makeMarkCurve(QCustomPlot *plot, QCPLayer *layer)
{
    auto *curve = new QCPCurve(plot->xAxis, plot->yAxis);
    curve->setLayer(layer);
    curve->setLineStyle(QCPCurve::lsNone);
    curve->setSelectable(QCP::stNone);
    curve->removeFromLegend();
    return curve;
}

} // namespace

EmbeddingMap::EmbeddingMap(QWidget *parent)
    : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("embeddingMap"));
    setWindowTitle(tr("Selection map"));
    setMinimumSize(320, 260);
    setAutoAddPlottableToLegend(false);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setPlottingHint(QCP::phCacheLabels, true);

    plotLayout()->insertRow(0);
    m_title = new QCPTextElement(this, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold));
    plotLayout()->addElement(0, 0, m_title);

    m_cloud = new ScatterCloud(xAxis, yAxis);
    addLayer(QStringLiteral("marks"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    m_marksLayer = layer(QStringLiteral("marks"));
    m_marksLayer->setMode(QCPLayer::lmBuffered);

    // B first, so A's smaller circles lie on top of B's diamonds where they meet.
    for (int slot = kTraceSlots - 1; slot >= 0; --slot) {
        Trace &trace = m_traces[std::size_t(slot)];
        const TraceStyle &style = kTraceStyles[slot];
        trace.picks = makeMarkCurve(this, m_marksLayer);
        trace.picks->setScatterStyle(QCPScatterStyle(style.shape, QPen(Qt::black, 1.3), style.fill, style.size));
        trace.latest = makeMarkCurve(this, m_marksLayer);
        trace.latest->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(0xd0, 0x10, 0x10), 2.2), Qt::NoBrush, 17.0));
    }
    m_marked = makeMarkCurve(this, m_marksLayer);
    m_marked->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssPlusCircle, QPen(QColor(0x10, 0x10, 0x10), 2.0), Qt::NoBrush, 20.0));

    // The legend in its own column right of the map, top-aligned.
    axisRect()->insetLayout()->take(legend);
    auto *side = new QCPLayoutGrid;
    plotLayout()->addElement(1, 1, side);
    side->addElement(0, 0, legend);
    side->addElement(1, 0, new QCPLayoutElement(this));
    side->setRowStretchFactor(0, 0.001);
    side->setMargins(QMargins(0, 0, 8, 0)); // else the legend's right border falls on the widget edge
    plotLayout()->setColumnStretchFactor(1, 0.001);
    legend->setVisible(false);
    legend->setIconSize(14, 14);
    legend->setFont(QFont(font().family(), font().pointSize() - 1));
    legend->setRowSpacing(-2);

    xAxis->setLabel(QString());
    yAxis->setLabel(QString());
    // Keep one unit the same length on both axes, whatever the widget's shape.
    connect(this, &QCustomPlot::afterLayout, this, [this] {
        if (m_cloud->pointCount() > 0)
            yAxis->setScaleRatio(xAxis, 1.0);
    });
    connect(this, &QCustomPlot::mousePress, this, &EmbeddingMap::onMousePress);
    connect(this, &QCustomPlot::mouseRelease, this, &EmbeddingMap::onMouseRelease);
    setTitle(tr("No embeddings to show."));
}

void EmbeddingMap::setProjection(std::shared_ptr<const EmbeddingMatrix> points, const QString &xLabel,
                                 const QString &yLabel)
{
    m_cloud->setPoints(std::move(points));
    m_palette.clear();
    m_labels.clear();
    m_cloud->setClasses({}, m_palette);
    for (int slot = 0; slot < kTraceSlots; ++slot)
        clearTrace(slot);
    m_markedRow = -1;
    m_marked->data()->clear();
    xAxis->setLabel(xLabel);
    yAxis->setLabel(yLabel);
    adaptPointSize();
    rebuildLegend();
    fitToData();
}

std::shared_ptr<const EmbeddingMatrix> EmbeddingMap::projection() const
{
    return m_cloud->points();
}

std::size_t EmbeddingMap::pointCount() const
{
    return m_cloud->pointCount();
}

void EmbeddingMap::adaptPointSize()
{
    // Few points: larger discs; 200,000: small ones, lighter, so density shows.
    const std::size_t n = m_cloud->pointCount();
    m_cloud->setPointDiameter(n <= 5000 ? 6 : n <= 30000 ? 4 : 3);
    m_cloud->setOpacity(n <= 30000 ? 0.7 : 0.45);
}

void EmbeddingMap::setColouring(std::vector<std::uint16_t> classes, const QVector<QColor> &palette,
                                const QStringList &labels, const QString &title)
{
    m_palette = palette;
    m_labels = labels;
    m_cloud->setClasses(std::move(classes), palette);
    setTitle(title);
    rebuildLegend();
    replot(QCustomPlot::rpQueuedReplot);
}

std::uint16_t EmbeddingMap::classOf(std::size_t row) const
{
    return m_cloud->classOf(row);
}

void EmbeddingMap::setTrace(int slot, const QString &name, const std::vector<std::uint32_t> &picks)
{
    if (slot < 0 || slot >= kTraceSlots)
        return;
    Trace &trace = m_traces[std::size_t(slot)];
    const bool renamed = trace.name != name || trace.rows.empty() != picks.empty();
    trace.rows = picks;
    trace.name = name;
    trace.picks->setName(name);
    // Thousands of picks would bury the cloud under full-size marks.
    const double scale = picks.size() <= 200 ? 1.0 : picks.size() <= 1000 ? 0.8 : 0.65;
    QCPScatterStyle style = trace.picks->scatterStyle();
    style.setSize(kTraceStyles[slot].size * scale);
    trace.picks->setScatterStyle(style);
    updateTraceData(slot);
    if (renamed) {
        rebuildLegend();
        replot(QCustomPlot::rpQueuedReplot);
    } else {
        m_marksLayer->replot();
    }
}

void EmbeddingMap::clearTrace(int slot)
{
    if (slot < 0 || slot >= kTraceSlots)
        return;
    Trace &trace = m_traces[std::size_t(slot)];
    trace.rows.clear();
    trace.name.clear();
    trace.picks->data()->clear();
    trace.latest->data()->clear();
    rebuildLegend();
    replot(QCustomPlot::rpQueuedReplot);
}

int EmbeddingMap::visiblePicks(int slot) const
{
    if (slot < 0 || slot >= kTraceSlots)
        return 0;
    return m_traces[std::size_t(slot)].picks->dataCount();
}

void EmbeddingMap::updateTraceData(int slot)
{
    Trace &trace = m_traces[std::size_t(slot)];
    const std::shared_ptr<const EmbeddingMatrix> &points = m_cloud->points();
    const std::size_t visible = points ? std::min(m_step, trace.rows.size()) : 0;
    const int count = static_cast<int>(visible);
    QVector<double> t(count), x(count), y(count);
    for (std::size_t i = 0; i < visible; ++i) {
        const std::uint32_t row = trace.rows[i];
        t[int(i)] = double(i);
        x[int(i)] = row < points->rows() ? points->row(row)[0] : qQNaN();
        y[int(i)] = row < points->rows() ? points->row(row)[1] : qQNaN();
    }
    trace.picks->setData(t, x, y, true);
    trace.latest->data()->clear();
    if (visible > 0)
        trace.latest->addData(0.0, x.constLast(), y.constLast());
}

void EmbeddingMap::setStep(std::size_t step)
{
    m_step = step;
    for (int slot = 0; slot < kTraceSlots; ++slot)
        updateTraceData(slot);
    m_marksLayer->replot();
}

void EmbeddingMap::markRow(long long row)
{
    m_markedRow = row;
    m_marked->data()->clear();
    const std::shared_ptr<const EmbeddingMatrix> &points = m_cloud->points();
    if (row >= 0 && points && std::size_t(row) < points->rows())
        m_marked->addData(0.0, points->row(std::size_t(row))[0], points->row(std::size_t(row))[1]);
    m_marksLayer->replot();
}

long long EmbeddingMap::rowAt(const QPointF &position, double maxPixels) const
{
    if (!axisRect()->rect().contains(position.toPoint()))
        return -1;
    return m_cloud->nearestRow(position, maxPixels);
}

QPointF EmbeddingMap::pixelOf(std::size_t row) const
{
    const std::shared_ptr<const EmbeddingMatrix> &points = m_cloud->points();
    if (!points || row >= points->rows())
        return QPointF();
    return QPointF(xAxis->coordToPixel(points->row(row)[0]), yAxis->coordToPixel(points->row(row)[1]));
}

void EmbeddingMap::fitToData()
{
    const QRectF bounds = m_cloud->bounds();
    if (m_cloud->pointCount() == 0 || bounds.isNull()) {
        xAxis->setRange(-1, 1);
        yAxis->setRange(-1, 1);
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    // Lay out first so the axis rect has its real size, then choose the
    // units per pixel that fit both extents; afterLayout keeps the ratio.
    plotLayout()->update(QCPLayoutElement::upLayout);
    const QRect area = axisRect()->rect();
    const double width = std::max(bounds.width(), 1e-9) * 1.08, height = std::max(bounds.height(), 1e-9) * 1.08;
    const double perPixel = std::max(width / std::max(1, area.width()), height / std::max(1, area.height()));
    const QPointF centre = bounds.center();
    xAxis->setRange(centre.x() - perPixel * area.width() / 2, centre.x() + perPixel * area.width() / 2);
    yAxis->setRange(centre.y() - perPixel * area.height() / 2, centre.y() + perPixel * area.height() / 2);
    replot(QCustomPlot::rpQueuedReplot);
}

QString EmbeddingMap::title() const
{
    return m_title->text();
}

void EmbeddingMap::setTitle(const QString &title)
{
    m_title->setText(title);
    m_title->setVisible(!title.isEmpty());
}

void EmbeddingMap::rebuildLegend()
{
    legend->clearItems();
    for (const Trace &trace : m_traces) {
        if (!trace.name.isEmpty())
            trace.picks->addToLegend(legend);
    }
    if (!m_labels.isEmpty() && m_labels.size() <= kMaxLegendClasses) {
        for (int c = 0; c < m_labels.size() && c < m_palette.size(); ++c)
            legend->addItem(new MapLegendItem(legend, m_palette[c], m_labels[c]));
    }
    legend->setVisible(legend->itemCount() > 0);
}

void EmbeddingMap::onMousePress(QMouseEvent *event)
{
    m_pressed = event->button() == Qt::LeftButton;
    m_pressPosition = event->pos();
}

void EmbeddingMap::onMouseRelease(QMouseEvent *event)
{
    // A click is a press and release within a few pixels; anything more was a drag.
    if (!m_pressed || event->button() != Qt::LeftButton)
        return;
    m_pressed = false;
    if ((event->pos() - m_pressPosition).manhattanLength() > 3)
        return;
    const long long row = rowAt(event->pos());
    if (row >= 0)
        Q_EMIT rowClicked(row);
}

} // namespace crsw
