#include "selectioncontrols.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>
#include <climits>

namespace crsw {

namespace {

const SelectionStrategy kStrategies[] = {
    SelectionStrategy::JS,         SelectionStrategy::Fisher,       SelectionStrategy::RandomUniform,
    SelectionStrategy::MetadataJS, SelectionStrategy::MetadataFisher, SelectionStrategy::UserJS,
    SelectionStrategy::UserFisher,
};

QDoubleSpinBox *makeDouble(QWidget *parent, double minimum, double maximum, double value, const QString &objectName)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setObjectName(objectName);
    box->setDecimals(3);
    box->setRange(minimum, maximum);
    box->setSingleStep(0.1);
    box->setValue(value);
    return box;
}

} // namespace

SelectionControls::SelectionControls(QWidget *parent)
    : QWidget(parent)
    , m_strategy(new QComboBox(this))
    , m_budget(new QSpinBox(this))
    , m_clusters(new QSpinBox(this))
    , m_tau(makeDouble(this, 0.001, 1000.0, 1.0, QStringLiteral("tau")))
    , m_lambda(makeDouble(this, 0.001, 1e6, 1.0, QStringLiteral("lambda")))
    , m_metadataWeight(makeDouble(this, 0.0, 100.0, 1.0, QStringLiteral("metadataWeight")))
    , m_userWeight(makeDouble(this, 0.0, 100.0, 1.0, QStringLiteral("userWeight")))
    , m_seed(new QSpinBox(this))
    , m_runA(new QPushButton(tr("Run as A ○"), this))
    , m_runB(new QPushButton(tr("Run as B ◇"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setObjectName(QStringLiteral("selectionControls"));
    m_strategy->setObjectName(QStringLiteral("strategy"));
    for (SelectionStrategy strategy : kStrategies)
        m_strategy->addItem(QString::fromStdString(strategyName(strategy)), int(strategy));
    m_strategy->setToolTip(tr("JS: Jensen-Shannon information over k-means clusters; FISHER: Fisher information "
                              "(log-det gain); RANDOM_UNIFORM: a seeded uniform sample. METADATA_ and USER_ add the "
                              "item-metadata or user-factor block to each review's vector (METHOD.md §3)."));
    m_budget->setObjectName(QStringLiteral("budget"));
    m_budget->setRange(1, INT_MAX);
    m_budget->setValue(100);
    m_budget->setGroupSeparatorShown(true);
    m_budget->setToolTip(tr("B: how many reviews to choose"));
    m_clusters->setObjectName(QStringLiteral("clusters"));
    m_clusters->setRange(1, 65535);
    m_clusters->setValue(50);
    m_clusters->setToolTip(tr("K: k-means clusters of the JS strategies; the map's cluster colours and the coverage "
                              "plot use the same K and seed"));
    m_tau->setToolTip(tr("τ: softmax temperature of the cluster probabilities (JS)"));
    m_lambda->setToolTip(tr("λ: ridge of the Fisher information, A₀ = λI (FISHER)"));
    m_metadataWeight->setToolTip(tr("w_m: weight of the item-metadata embedding (METADATA_ strategies)"));
    m_userWeight->setToolTip(tr("w_u: weight of the user factors (USER_ strategies)"));
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, INT_MAX);
    m_seed->setToolTip(tr("Seeds k-means++ and RANDOM_UNIFORM"));
    m_runA->setObjectName(QStringLiteral("runA"));
    m_runB->setObjectName(QStringLiteral("runB"));
    m_cancel->setObjectName(QStringLiteral("cancelSelection"));
    m_runA->setToolTip(tr("Run this selection and show it as A (white circles)"));
    m_runB->setToolTip(tr("Run this selection and show it as B (orange diamonds), beside A"));

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Strategy"), m_strategy);
    form->addRow(tr("&Budget B"), m_budget);
    form->addRow(tr("&Clusters K"), m_clusters);
    form->addRow(tr("&Temperature τ"), m_tau);
    form->addRow(tr("&Ridge λ"), m_lambda);
    form->addRow(tr("&Metadata weight"), m_metadataWeight);
    form->addRow(tr("&User weight"), m_userWeight);
    form->addRow(tr("S&eed"), m_seed);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_runA);
    buttons->addWidget(m_runB);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(buttons);

    connect(m_strategy, &QComboBox::currentIndexChanged, this, &SelectionControls::updateEnabled);
    connect(m_runA, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(0); });
    connect(m_runB, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(1); });
    connect(m_cancel, &QPushButton::clicked, this, &SelectionControls::cancelRequested);
    connect(m_clusters, &QSpinBox::valueChanged, this, &SelectionControls::clusteringChanged);
    connect(m_seed, &QSpinBox::valueChanged, this, &SelectionControls::clusteringChanged);
    setState(false, false);
    updateEnabled();
}

SelectionStrategy SelectionControls::strategy() const
{
    return SelectionStrategy(m_strategy->currentData().toInt());
}

SelectionParams SelectionControls::params() const
{
    SelectionParams params;
    params.budget = std::size_t(m_budget->value());
    params.clusters = m_clusters->value();
    params.tau = m_tau->value();
    params.lambda = m_lambda->value();
    params.metadataWeight = m_metadataWeight->value();
    params.userWeight = m_userWeight->value();
    params.seed = std::uint64_t(m_seed->value());
    return params;
}

void SelectionControls::setStrategy(SelectionStrategy strategy)
{
    m_strategy->setCurrentIndex(m_strategy->findData(int(strategy)));
}

void SelectionControls::setBudget(std::size_t budget)
{
    m_budget->setValue(int(std::min<std::size_t>(budget, INT_MAX)));
}

void SelectionControls::setRowCount(std::size_t rows)
{
    m_budget->setMaximum(int(std::clamp<std::size_t>(rows, 1, INT_MAX)));
}

void SelectionControls::setState(bool ready, bool running)
{
    m_runA->setEnabled(ready && !running);
    m_runB->setEnabled(ready && !running);
    m_cancel->setEnabled(running);
}

void SelectionControls::updateEnabled()
{
    const SelectionStrategy s = strategy();
    const SelectionStrategy base = baseAlgorithm(s);
    m_tau->setEnabled(base == SelectionStrategy::JS);
    m_lambda->setEnabled(base == SelectionStrategy::Fisher);
    m_metadataWeight->setEnabled(s == SelectionStrategy::MetadataJS || s == SelectionStrategy::MetadataFisher);
    m_userWeight->setEnabled(s == SelectionStrategy::UserJS || s == SelectionStrategy::UserFisher);
    // K and the seed stay enabled for every strategy: the map's clusters and coverage use them.
}

} // namespace crsw
