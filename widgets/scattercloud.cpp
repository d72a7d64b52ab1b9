#include "scattercloud.h"

#include <QImage>
#include <QPaintDevice>

#include <algorithm>
#include <cmath>
#include <limits>

namespace crsw {

namespace {

constexpr int kVectorExportScale = 4;
const QColor kUnclassified(0x9a, 0x9a, 0x9a);

// dst = src + dst * (255 - alpha(src)) / 255 on premultiplied ARGB, two channels at a time.
inline std::uint32_t blend(std::uint32_t dst, std::uint32_t src, std::uint32_t inverseAlpha)
{
    std::uint32_t rb = (dst & 0x00ff00ffu) * inverseAlpha;
    std::uint32_t ag = ((dst >> 8) & 0x00ff00ffu) * inverseAlpha;
    rb = ((rb + ((rb >> 8) & 0x00ff00ffu) + 0x00800080u) >> 8) & 0x00ff00ffu;
    ag = (ag + ((ag >> 8) & 0x00ff00ffu) + 0x00800080u) & 0xff00ff00u;
    return src + rb + ag;
}

// The offsets of a disc of `diameter` pixels around its top-left corner.
std::vector<QPoint> discOffsets(int diameter)
{
    std::vector<QPoint> offsets;
    const double centre = (diameter - 1) / 2.0;
    const double limit = diameter * diameter / 4.0 + 0.25;
    for (int y = 0; y < diameter; ++y)
        for (int x = 0; x < diameter; ++x)
            if ((x - centre) * (x - centre) + (y - centre) * (y - centre) <= limit)
                offsets.emplace_back(x, y);
    return offsets;
}

} // namespace

ScatterCloud::ScatterCloud(QCPAxis *keyAxis, QCPAxis *valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setAntialiased(false);
    setSelectable(QCP::stNone);
}

void ScatterCloud::setPoints(std::shared_ptr<const EmbeddingMatrix> points)
{
    m_points = std::move(points);
    const std::size_t n = pointCount();
    m_classes.assign(n, 0);
    // A fixed shuffle (an LCG, no seed to choose): the same drawing every time.
    m_order.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        m_order[i] = std::uint32_t(i);
    std::uint64_t state = 0x853c49e6748fea9bULL;
    for (std::size_t i = n; i > 1; --i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        std::swap(m_order[i - 1], m_order[std::size_t((state >> 33) % i)]);
    }
    // Coordinates copied into drawing order, so draw() reads them sequentially.
    m_drawXY.resize(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        m_drawXY[2 * i] = m_points->row(m_order[i])[0];
        m_drawXY[2 * i + 1] = m_points->row(m_order[i])[1];
    }
    m_drawClass.assign(n, 0);
    m_bounds = QRectF();
    if (n > 0) {
        float minX = std::numeric_limits<float>::max(), minY = minX;
        float maxX = std::numeric_limits<float>::lowest(), maxY = maxX;
        for (std::size_t i = 0; i < n; ++i) {
            const float *p = m_points->row(i);
            minX = std::min(minX, p[0]);
            maxX = std::max(maxX, p[0]);
            minY = std::min(minY, p[1]);
            maxY = std::max(maxY, p[1]);
        }
        m_bounds = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    }
}

void ScatterCloud::setClasses(std::vector<std::uint16_t> classes, const QVector<QColor> &palette)
{
    if (classes.size() == pointCount()) {
        m_classes = std::move(classes);
        for (std::size_t i = 0; i < m_order.size(); ++i)
            m_drawClass[i] = m_classes[m_order[i]];
    }
    m_palette = palette;
    updateColours();
}

void ScatterCloud::setOpacity(double opacity)
{
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    updateColours();
}

void ScatterCloud::setPointDiameter(int pixels)
{
    m_diameter = std::clamp(pixels, 1, 15);
}

void ScatterCloud::updateColours()
{
    // 65,536 possible classes: the table covers the palette plus one grey for the rest.
    m_argb.assign(std::size_t(m_palette.size()) + 1, 0);
    for (int c = 0; c <= m_palette.size(); ++c) {
        QColor colour = c < m_palette.size() ? m_palette[c] : kUnclassified;
        colour.setAlphaF(float(m_opacity * colour.alphaF()));
        m_argb[std::size_t(c)] = qPremultiply(colour.rgba());
    }
}

void ScatterCloud::draw(QCPPainter *painter)
{
    QCPAxis *xAxis = keyAxis();
    QCPAxis *yAxis = valueAxis();
    if (!xAxis || !yAxis || pointCount() == 0)
        return;
    if (m_argb.empty())
        updateColours();
    const QRect rect = clipRect();
    if (rect.isEmpty())
        return;
    const int type = painter->device()->devType();
    const bool raster = type == QInternal::Image || type == QInternal::Pixmap || type == QInternal::Widget;
    // Device pixels per logical pixel: the buffer's device pixel ratio and any export scale.
    const double scale =
        raster ? std::max(1.0, std::abs(painter->deviceTransform().m11())) : double(kVectorExportScale);
    QImage image(int(std::ceil(rect.width() * scale)), int(std::ceil(rect.height() * scale)),
                 QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    image.setDevicePixelRatio(scale);

    // Linear axes: pixel = a * coordinate + b, relative to the image.
    const double ax = (xAxis->coordToPixel(1.0) - xAxis->coordToPixel(0.0)) * scale;
    const double bx = (xAxis->coordToPixel(0.0) - rect.left()) * scale;
    const double ay = (yAxis->coordToPixel(1.0) - yAxis->coordToPixel(0.0)) * scale;
    const double by = (yAxis->coordToPixel(0.0) - rect.top()) * scale;
    const int diameter = std::max(1, int(std::lround(m_diameter * scale)));
    const double half = (diameter - 1) / 2.0;
    const int width = image.width(), height = image.height();
    const std::size_t paletteSize = m_argb.size() - 1;

    // 1. Place the visible points, in drawing order, counting them per band of rows.
    constexpr int kBandShift = 4; // 16 rows: a band of a 4K-wide image stays in L2
    const int bands = (height >> kBandShift) + 1;
    m_bandStart.assign(std::size_t(bands) + 1, 0);
    m_stamps.clear();
    m_stamps.reserve(pointCount());
    for (std::size_t i = 0; i < m_drawClass.size(); ++i) {
        const double fx = std::floor(ax * m_drawXY[2 * i] + bx - half);
        const double fy = std::floor(ay * m_drawXY[2 * i + 1] + by - half);
        // Compared as doubles first: deep zooms put far points beyond int range.
        if (!(fx > -diameter && fy > -diameter && fx < width && fy < height))
            continue;
        const Stamp stamp{std::int32_t(fx), std::int32_t(fy), m_argb[std::min<std::size_t>(m_drawClass[i], paletteSize)]};
        m_stamps.push_back(stamp);
        ++m_bandStart[std::size_t(std::max(0, stamp.top) >> kBandShift) + 1];
    }
    // 2. Stable counting sort by band: within a band the shuffled order stays.
    for (int b = 0; b < bands; ++b)
        m_bandStart[std::size_t(b) + 1] += m_bandStart[std::size_t(b)];
    m_banded.resize(m_stamps.size());
    for (const Stamp &stamp : m_stamps)
        m_banded[m_bandStart[std::size_t(std::max(0, stamp.top) >> kBandShift)]++] = stamp;

    // 3. Blend the discs.
    const std::vector<QPoint> disc = discOffsets(diameter);
    auto *pixels = reinterpret_cast<std::uint32_t *>(image.bits());
    const qsizetype stride = image.bytesPerLine() / 4;
    for (const Stamp &stamp : m_banded) {
        const std::uint32_t inverse = 255u - (stamp.argb >> 24);
        const bool inside = stamp.left >= 0 && stamp.top >= 0 && stamp.left + diameter <= width
                            && stamp.top + diameter <= height;
        if (inside) {
            std::uint32_t *corner = pixels + stamp.top * stride + stamp.left;
            for (const QPoint &o : disc) {
                std::uint32_t &dst = corner[o.y() * stride + o.x()];
                dst = blend(dst, stamp.argb, inverse);
            }
            continue;
        }
        for (const QPoint &o : disc) {
            const int x = stamp.left + o.x(), y = stamp.top + o.y();
            if (x < 0 || y < 0 || x >= width || y >= height)
                continue;
            std::uint32_t &dst = pixels[y * stride + x];
            dst = blend(dst, stamp.argb, inverse);
        }
    }
    painter->drawImage(QRectF(rect), image);
}

long long ScatterCloud::nearestRow(const QPointF &pixel, double maxPixels) const
{
    QCPAxis *xAxis = keyAxis();
    QCPAxis *yAxis = valueAxis();
    if (!xAxis || !yAxis || pointCount() == 0)
        return -1;
    const double ax = xAxis->coordToPixel(1.0) - xAxis->coordToPixel(0.0), bx = xAxis->coordToPixel(0.0);
    const double ay = yAxis->coordToPixel(1.0) - yAxis->coordToPixel(0.0), by = yAxis->coordToPixel(0.0);
    double best = maxPixels * maxPixels;
    long long bestRow = -1;
    const float *xy = m_points->data();
    for (std::size_t i = 0; i < pointCount(); ++i) {
        const double dx = ax * xy[2 * i] + bx - pixel.x(), dy = ay * xy[2 * i + 1] + by - pixel.y();
        const double d2 = dx * dx + dy * dy;
        if (d2 < best || (d2 == best && bestRow < 0)) {
            best = d2;
            bestRow = (long long)i;
        }
    }
    return bestRow;
}

double ScatterCloud::selectTest(const QPointF &, bool, QVariant *) const
{
    // The map resolves clicks itself (nearestRow), so the cloud never takes
    // part in QCustomPlot's selection and never steals a click from the marks.
    return -1.0;
}

QCPRange ScatterCloud::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    foundRange = !m_bounds.isNull();
    return QCPRange(m_bounds.left(), m_bounds.right());
}

QCPRange ScatterCloud::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    foundRange = !m_bounds.isNull();
    return QCPRange(m_bounds.top(), m_bounds.bottom());
}

void ScatterCloud::drawLegendIcon(QCPPainter *painter, const QRectF &rect) const
{
    painter->setPen(Qt::NoPen);
    const int dots = std::max(1, std::min<int>(4, m_palette.size()));
    for (int i = 0; i < dots; ++i) {
        painter->setBrush(i < m_palette.size() ? m_palette[i] : kUnclassified);
        const QPointF centre(rect.left() + rect.width() * (i + 0.5) / dots, rect.center().y() + (i % 2 ? 2 : -2));
        painter->drawEllipse(centre, 2.5, 2.5);
    }
}

} // namespace crsw
