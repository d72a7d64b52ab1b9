// Benchmark: how fast can a QCustomPlot redraw a 200,000-point coloured
// scatter while panning and zooming? Compares the EmbeddingMap's raster
// ScatterCloud with the stock ways (one QCPGraph per colour with lsNone and a
// dot or disc scatter, adaptive sampling on; one QCPCurve per colour), and
// times the marks-only redraw the live selection and the step slider use.
// Prints milliseconds per replot (median and mean of the timed replots).
//   bench_embedding_map            200,000 points, 30 replots per case
//   bench_embedding_map --smoke    20,000 points, 3 replots (part of the suite)
#include "embeddingmap.h"
#include "scattercloud.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>

using namespace crsw;

namespace {

constexpr int kClasses = 15;

struct Cloud {
    std::shared_ptr<EmbeddingMatrix> points;
    std::vector<std::uint16_t> classes;
};

// Gaussian clusters of very unequal sizes, like the demo's sub-genres.
Cloud makeCloud(std::size_t n)
{
    std::mt19937_64 rng(1);
    std::normal_distribution<double> normal;
    std::vector<double> cx(kClasses), cy(kClasses), spread(kClasses), weight(kClasses);
    double total = 0;
    for (int c = 0; c < kClasses; ++c) {
        cx[std::size_t(c)] = normal(rng) * 4;
        cy[std::size_t(c)] = normal(rng) * 3;
        spread[std::size_t(c)] = 0.4 + 0.1 * c;
        total += weight[std::size_t(c)] = 1.0 / (1 + c);
    }
    Cloud cloud;
    cloud.points = std::make_shared<EmbeddingMatrix>(n, 2);
    cloud.classes.resize(n);
    std::discrete_distribution<int> pick(weight.begin(), weight.end());
    for (std::size_t i = 0; i < n; ++i) {
        const int c = pick(rng);
        cloud.classes[i] = std::uint16_t(c);
        cloud.points->mutableRow(i)[0] = float(cx[std::size_t(c)] + normal(rng) * spread[std::size_t(c)]);
        cloud.points->mutableRow(i)[1] = float(cy[std::size_t(c)] + normal(rng) * spread[std::size_t(c)]);
    }
    return cloud;
}

QVector<QColor> palette()
{
    QVector<QColor> colours;
    for (int c = 0; c < kClasses; ++c)
        colours << QColor::fromHsv((c * 360) / kClasses, 200, 210);
    return colours;
}

struct Timing {
    double median = 0, mean = 0;
};

// Replots `plot` `count` times, panning by 1% of the range each time (zoomed
// `zoom` times into the centre first), and times each full replot.
Timing timeReplots(QCustomPlot *plot, int count, double zoom, const std::function<void()> &replot = {})
{
    plot->xAxis->scaleRange(1.0 / zoom);
    plot->yAxis->scaleRange(1.0 / zoom);
    plot->replot(QCustomPlot::rpImmediateRefresh); // warm-up (layout, label cache)
    std::vector<double> ms;
    QElapsedTimer timer;
    for (int i = 0; i < count; ++i) {
        const double step = plot->xAxis->range().size() * 0.01 * (i % 2 ? -1 : 1);
        plot->xAxis->moveRange(step);
        timer.start();
        if (replot)
            replot();
        else
            plot->replot(QCustomPlot::rpImmediateRefresh);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    plot->xAxis->scaleRange(zoom);
    plot->yAxis->scaleRange(zoom);
    Timing t;
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    t.median = sorted[sorted.size() / 2];
    for (double v : ms)
        t.mean += v / double(ms.size());
    return t;
}

void print(const char *what, std::size_t n, const Timing &full, const Timing &zoomed)
{
    std::printf("%-58s n=%7zu  full view %8.2f ms (mean %8.2f)  zoomed 4x %8.2f ms (mean %8.2f)\n", what, n,
                full.median, full.mean, zoomed.median, zoomed.mean);
    std::fflush(stdout);
}

// One stock plottable (QCPGraph or QCPCurve) per colour class.
template <typename Plottable>
void fillPerClass(QCustomPlot *plot, const Cloud &cloud, const QCPScatterStyle &style)
{
    const QVector<QColor> colours = palette();
    for (int c = 0; c < kClasses; ++c) {
        QVector<double> x, y;
        for (std::size_t i = 0; i < cloud.classes.size(); ++i) {
            if (cloud.classes[i] == c) {
                x << cloud.points->row(i)[0];
                y << cloud.points->row(i)[1];
            }
        }
        auto *p = new Plottable(plot->xAxis, plot->yAxis);
        QColor colour = colours[c];
        colour.setAlphaF(0.6f);
        QCPScatterStyle s = style;
        s.setPen(QPen(colour));
        s.setBrush(colour);
        p->setScatterStyle(s);
        p->setLineStyle(Plottable::lsNone);
        p->setData(x, y);
    }
    plot->rescaleAxes();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const bool smoke = QCoreApplication::arguments().contains(QStringLiteral("--smoke"));
    const std::size_t n = smoke ? 20000 : 200000;
    const int count = smoke ? 3 : 30;
    const QSize size(1000, 700);
    const Cloud cloud = makeCloud(n);
    std::printf("Redraw of a %zu-point scatter in %dx%d (QT_QPA_PLATFORM=%s), median of %d replots\n", n,
                size.width(), size.height(), qgetenv("QT_QPA_PLATFORM").constData(), count);

    {
        EmbeddingMap map;
        map.resize(size);
        map.show();
        if (!QTest::qWaitForWindowExposed(&map))
            return 1;
        map.setProjection(cloud.points, QStringLiteral("x"), QStringLiteral("y"));
        map.setColouring(cloud.classes, palette(), {}, QStringLiteral("bench"));
        map.fitToData();
        for (int d : {3, 2}) {
            map.cloud()->setPointDiameter(d);
            const Timing full = timeReplots(&map, count, 1.0);
            const Timing zoomed = timeReplots(&map, count, 4.0);
            print(qPrintable(QStringLiteral("EmbeddingMap (ScatterCloud raster, %1 px discs)").arg(d)), n, full, zoomed);
        }
        map.cloud()->setPointDiameter(3);
        // Live picks and the step slider: only the marks layer is redrawn.
        std::vector<std::uint32_t> picks;
        for (std::uint32_t i = 0; i < 2000; ++i)
            picks.push_back(std::uint32_t((std::uint64_t(i) * 7919u) % n));
        map.setTrace(0, QStringLiteral("A"), picks);
        map.setTrace(1, QStringLiteral("B"), picks);
        map.replot(QCustomPlot::rpImmediateRefresh);
        std::size_t step = 0;
        const Timing marks = timeReplots(&map, count, 1.0, [&] {
            step = (step + 97) % 2000;
            map.setStep(step);
            map.repaint();
        });
        const Timing all = timeReplots(&map, count, 1.0);
        print("marks layer only (2 runs x up to 2,000 picks, setStep)", n, marks, marks);
        print("EmbeddingMap full replot with 2 x 2,000 picks shown", n, all, all);
    }

    const struct {
        const char *name;
        QCPScatterStyle style;
        bool curve;
        bool adaptive;
    } stock[] = {
        {"QCPGraph per colour, lsNone, ssDot, adaptive sampling", QCPScatterStyle(QCPScatterStyle::ssDot), false, true},
        {"QCPGraph per colour, lsNone, ssDisc 3 px, adaptive sampling", QCPScatterStyle(QCPScatterStyle::ssDisc, 3),
         false, true},
        {"QCPGraph per colour, lsNone, ssDisc 3 px, no adaptive sampling",
         QCPScatterStyle(QCPScatterStyle::ssDisc, 3), false, false},
        {"QCPCurve per colour, lsNone, ssDisc 3 px", QCPScatterStyle(QCPScatterStyle::ssDisc, 3), true, false},
    };
    for (const auto &c : stock) {
        QCustomPlot plot;
        plot.resize(size);
        plot.show();
        if (!QTest::qWaitForWindowExposed(&plot))
            return 1;
        plot.setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        if (c.curve) {
            fillPerClass<QCPCurve>(&plot, cloud, c.style);
        } else {
            fillPerClass<QCPGraph>(&plot, cloud, c.style);
            for (int i = 0; i < plot.graphCount(); ++i)
                plot.graph(i)->setAdaptiveSampling(c.adaptive);
        }
        const Timing full = timeReplots(&plot, count, 1.0);
        const Timing zoomed = timeReplots(&plot, count, 4.0);
        print(c.name, n, full, zoomed);
    }
    return 0;
}
