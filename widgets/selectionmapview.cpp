#include "selectionmapview.h"

#include "embeddingmap.h"
#include "selectionrun.h"
#include "selectiontraceplot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

namespace crsw {

namespace {
// "A: JS, budget 100": the legends' name of a run.
QString traceName(int slot, const SelectionRun *run)
{
    return (slot == 0 ? QStringLiteral("A: ") : QStringLiteral("B: ")) + run->shortLabel();
}
} // namespace

SelectionMapView::SelectionMapView(QWidget *parent)
    : QWidget(parent)
    , m_toolbar(new QHBoxLayout)
    , m_projection(new QComboBox(this))
    , m_colour(new QComboBox(this))
    , m_map(new EmbeddingMap(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_stepLabel(new QLabel(this))
    , m_trace(new SelectionTracePlot(this))
{
    m_projection->setObjectName(QStringLiteral("projection"));
    m_projection->addItem(tr("PCA"), int(Projection::Pca));
    m_projection->addItem(tr("t-SNE"), int(Projection::Tsne));
    m_projection->setToolTip(tr("PCA: the two main axes of the embeddings (exact, instant). t-SNE: neighbourhoods "
                                "kept (Barnes-Hut; computed on demand, cancellable; above 20,000 reviews a sample is "
                                "laid out and the rest placed beside their nearest sampled neighbours)."));
    m_colour->setObjectName(QStringLiteral("colouring"));
    m_colour->addItem(tr("item category"), int(Colouring::Category));
    m_colour->addItem(tr("star rating"), int(Colouring::Rating));
    m_colour->addItem(tr("k-means cluster"), int(Colouring::Cluster));
    auto *fit = new QPushButton(tr("Fit"), this);
    fit->setToolTip(tr("Show every point (drag to pan, wheel to zoom)"));
    m_toolbar->addWidget(new QLabel(tr("Layout"), this));
    m_toolbar->addWidget(m_projection);
    m_toolbar->addSpacing(8);
    m_toolbar->addWidget(new QLabel(tr("Colour by"), this));
    m_toolbar->addWidget(m_colour);
    m_toolbar->addWidget(fit);
    m_toolbar->addStretch(1);

    m_slider->setObjectName(QStringLiteral("stepSlider"));
    m_slider->setRange(0, 0);
    m_slider->setToolTip(tr("Scrub through the selection: the map and plots show the picks up to this step"));
    m_stepLabel->setMinimumWidth(m_stepLabel->fontMetrics().horizontalAdvance(tr("Step %1 of %2").arg(99999).arg(99999)));
    auto *sliderRow = new QHBoxLayout;
    sliderRow->addWidget(new QLabel(tr("Step"), this));
    sliderRow->addWidget(m_slider, 1);
    sliderRow->addWidget(m_stepLabel);

    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(sliderRow);
    bottomLayout->addWidget(m_trace, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_map);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_toolbar);
    layout->addWidget(split, 1);

    connect(m_projection, &QComboBox::currentIndexChanged, this, &SelectionMapView::onProjectionChosen);
    connect(m_colour, &QComboBox::currentIndexChanged, this, &SelectionMapView::onColouringChosen);
    connect(fit, &QPushButton::clicked, m_map, &EmbeddingMap::fitToData);
    connect(m_slider, &QSlider::valueChanged, this, &SelectionMapView::onSliderMoved);
    connect(m_map, &EmbeddingMap::rowClicked, this, &SelectionMapView::rowClicked);
    onSliderMoved(0);
}

void SelectionMapView::addToolbarWidget(QWidget *widget)
{
    m_toolbar->addWidget(widget);
}

void SelectionMapView::setData(std::shared_ptr<const SelectionMapData> data, const QString &emptyText)
{
    m_data = std::move(data);
    m_emptyText = emptyText;
    m_tsne.reset();
    m_clusterOf.reset();
    m_clusterColouring.reset();
    m_clusterCount = 0;
    m_runs = {};
    m_trace->clearRun(0);
    m_trace->clearRun(1);
    m_trace->setClusterCount(0);
    {
        const QSignalBlocker blocker(m_projection);
        m_projection->setCurrentIndex(0);
    }
    m_slider->setRange(0, 0);
    refreshMap();
}

void SelectionMapView::setTsne(std::shared_ptr<const EmbeddingMatrix> coords)
{
    m_tsne = std::move(coords);
    if (!m_tsne) {
        const QSignalBlocker blocker(m_projection);
        m_projection->setCurrentIndex(m_projection->findData(int(Projection::Pca)));
    }
    refreshMap();
}

void SelectionMapView::setClusters(std::shared_ptr<const std::vector<std::uint32_t>> clusterOf, std::size_t clusters)
{
    m_clusterOf = std::move(clusterOf);
    m_clusterCount = m_clusterOf ? clusters : 0;
    m_clusterColouring.reset();
    if (m_clusterOf)
        m_clusterColouring = std::make_unique<MapColouring>(MapColouring::byCluster(*m_clusterOf, clusters));
    m_trace->setClusterCount(m_clusterCount);
    refreshColouring();
}

SelectionMapView::Projection SelectionMapView::projection() const
{
    return m_shownProjection;
}

void SelectionMapView::setProjection(Projection projection)
{
    m_projection->setCurrentIndex(m_projection->findData(int(projection)));
}

SelectionMapView::Colouring SelectionMapView::colouring() const
{
    return Colouring(m_colour->currentData().toInt());
}

void SelectionMapView::setColouring(Colouring colouring)
{
    m_colour->setCurrentIndex(m_colour->findData(int(colouring)));
}

void SelectionMapView::onProjectionChosen()
{
    if (Projection(m_projection->currentData().toInt()) == Projection::Tsne && !m_tsne) {
        Q_EMIT tsneWanted(); // the map keeps PCA until setTsne()
        return;
    }
    refreshMap();
}

void SelectionMapView::onColouringChosen()
{
    if (colouring() == Colouring::Cluster && !m_clusterColouring)
        Q_EMIT clustersWanted();
    refreshColouring();
}

void SelectionMapView::refreshMap()
{
    if (!m_data || !m_data->ready()) {
        m_map->setProjection(nullptr, QString(), QString());
        m_map->setTitle(m_emptyText);
        return;
    }
    const bool tsne = Projection(m_projection->currentData().toInt()) == Projection::Tsne && m_tsne;
    m_shownProjection = tsne ? Projection::Tsne : Projection::Pca;
    const QLocale locale;
    if (tsne) {
        m_map->setProjection(m_tsne, tr("t-SNE 1"), tr("t-SNE 2"));
    } else {
        m_map->setProjection(m_data->pca, tr("PC1 (%1% of the variance)").arg(locale.toString(100 * m_data->pcaRatio[0], 'f', 1)),
                             tr("PC2 (%1%)").arg(locale.toString(100 * m_data->pcaRatio[1], 'f', 1)));
    }
    refreshColouring();
    for (int slot = 0; slot < 2; ++slot) {
        if (const SelectionRun *run = m_runs[std::size_t(slot)])
            m_map->setTrace(slot, traceName(slot, run), run->picks());
    }
    m_map->setStep(step());
}

void SelectionMapView::refreshColouring()
{
    if (!m_data || !m_data->ready())
        return;
    const MapColouring *chosen = &m_data->byCategory;
    QString note;
    if (colouring() == Colouring::Rating) {
        chosen = &m_data->byRating;
    } else if (colouring() == Colouring::Cluster) {
        if (m_clusterColouring)
            chosen = m_clusterColouring.get();
        else
            note = tr(" (k-means clusters not computed yet)");
    }
    const QString layout = m_shownProjection == Projection::Tsne ? tr("t-SNE") : tr("PCA");
    const QString title = tr("%1 of %2 reviews · %3")
                              .arg(layout, QLocale().toString(qulonglong(m_data->pca->rows())), chosen->title + note);
    m_map->setColouring(chosen->classes, chosen->palette, chosen->labels, title);
}

void SelectionMapView::showRun(int slot, const SelectionRun *run)
{
    if (slot < 0 || slot > 1)
        return;
    m_runs[std::size_t(slot)] = run;
    if (run) {
        m_map->setTrace(slot, traceName(slot, run), run->picks());
        m_trace->setRun(slot, traceName(slot, run), run->scores(), run->coverage());
    } else {
        m_map->clearTrace(slot);
        m_trace->clearRun(slot);
    }
    // Different base algorithms score on different scales: B gets its own axis.
    const bool separate = m_runs[0] && m_runs[1]
                          && baseAlgorithm(m_runs[0]->strategy()) != baseAlgorithm(m_runs[1]->strategy());
    m_trace->setSeparateScoreAxis(separate);
    const bool atEnd = m_slider->value() == m_slider->maximum();
    m_following = true;
    m_slider->setMaximum(int(maxStep()));
    if (atEnd)
        m_slider->setValue(m_slider->maximum());
    m_following = false;
    onSliderMoved(m_slider->value());
}

void SelectionMapView::setStep(std::size_t step)
{
    m_following = true;
    m_slider->setValue(int(std::min<std::size_t>(step, maxStep())));
    m_following = false;
}

std::size_t SelectionMapView::step() const
{
    return std::size_t(m_slider->value());
}

std::size_t SelectionMapView::maxStep() const
{
    std::size_t steps = 0;
    for (const SelectionRun *run : m_runs) {
        if (run)
            steps = std::max(steps, run->picks().size());
    }
    return steps;
}

void SelectionMapView::markRow(long long row)
{
    m_map->markRow(row);
}

void SelectionMapView::onSliderMoved(int value)
{
    m_map->setStep(std::size_t(value));
    m_trace->setStep(std::size_t(value));
    const QLocale locale;
    m_stepLabel->setText(tr("Step %1 of %2").arg(locale.toString(value), locale.toString(qulonglong(maxStep()))));
    if (!m_following && sender() == m_slider)
        Q_EMIT stepScrubbed(std::size_t(value));
}

} // namespace crsw
