#include "evaluationinputs.h"

#include "pathfield.h"

#include "eval/he_protocol.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace crsw {

EvaluationInputs::EvaluationInputs(QWidget *parent)
    : QGroupBox(tr("Test set and answers"), parent)
    , m_benchmark(new QComboBox(this))
    , m_testSet(new PathField(tr("Choose a He et al. test set"), tr("Test sets (*.jsonl);;All files (*)"), this))
    , m_entities(new PathField(tr("Choose the entity catalog"), tr("Entity catalogs (*.json);;All files (*)"), this))
    , m_answers(new PathField(tr("Choose an answers file"), tr("Answers (*.jsonl);;All files (*)"), this))
    , m_recorded(new QCheckBox(tr("Use the answers' recorded matches (rec_list)"), this))
    , m_threshold(new QSpinBox(this))
{
    setObjectName(QStringLiteral("evaluationInputs"));
    m_benchmark->setObjectName(QStringLiteral("benchmarkCombo"));
    m_testSet->lineEdit()->setPlaceholderText(QStringLiteral("test.jsonl"));
    m_entities->lineEdit()->setPlaceholderText(QStringLiteral("entity2id.json"));
    m_answers->lineEdit()->setPlaceholderText(tr("answers.jsonl: one answer per test turn"));
    m_recorded->setToolTip(tr("Score He et al.'s own rec_list of each answer instead of parsing and matching its "
                              "text: reproduces published numbers exactly."));
    m_threshold->setRange(0, 50);
    m_threshold->setValue(ProtocolOptions().threshold);
    m_threshold->setToolTip(tr("The \"filtered\" settings drop predictions whose nearest entity name is more than "
                               "this many edits away (He et al.: 2)."));

    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Benchmark:"), m_benchmark);
    form->addRow(tr("&Test set:"), m_testSet);
    form->addRow(tr("&Entities:"), m_entities);
    form->addRow(tr("&Answers:"), m_answers);
    auto *options = new QHBoxLayout;
    options->addWidget(m_recorded);
    options->addStretch(1);
    form->addRow(tr("Options:"), options);
    auto *thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(m_threshold);
    thresholdRow->addWidget(new QLabel(tr("edits"), this));
    thresholdRow->addStretch(1);
    auto *thresholdLabel = new QLabel(tr("&Match threshold:"), this);
    thresholdLabel->setBuddy(m_threshold); // addRow(text, layout) would show the '&' literally
    form->addRow(thresholdLabel, thresholdRow);

    connect(m_benchmark, &QComboBox::activated, this, &EvaluationInputs::benchmarkChosen);
    connect(m_testSet, &PathField::edited, this, &EvaluationInputs::testFilesEdited);
    connect(m_entities, &PathField::edited, this, &EvaluationInputs::testFilesEdited);
    connect(m_answers, &PathField::edited, this, [this] {
        m_answersChosen = !m_answers->path().isEmpty();
        Q_EMIT changed();
    });
    connect(m_recorded, &QCheckBox::toggled, this, &EvaluationInputs::changed);
    connect(m_threshold, &QSpinBox::valueChanged, this, &EvaluationInputs::changed);
    setWorkspace(nullptr);
}

void EvaluationInputs::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    m_workspace = std::move(workspace);
    m_answersChosen = false;
    m_benchmark->clear();
    if (m_workspace) {
        const std::vector<BenchmarkEntry> benchmarks = m_workspace->benchmarks();
        for (const BenchmarkEntry &benchmark : benchmarks)
            m_benchmark->addItem(QString::fromStdString(benchmark.name), QString::fromStdString(benchmark.name));
        m_testSet->setStartFolder(QString::fromStdString(m_workspace->benchmarksDir()));
        m_entities->setStartFolder(QString::fromStdString(m_workspace->benchmarksDir()));
        m_answers->setStartFolder(QString::fromStdString(m_workspace->runsDir()));
    }
    m_benchmark->addItem(tr("Other files…"), QString());
    benchmarkChosen(0);
}

void EvaluationInputs::refreshDefaults()
{
    if (!m_answersChosen)
        m_answers->setPath(defaultAnswersFor(benchmarkName()));
    Q_EMIT changed();
}

void EvaluationInputs::benchmarkChosen(int index)
{
    const QString name = m_benchmark->itemData(index).toString();
    if (m_workspace && !name.isEmpty()) {
        const std::vector<BenchmarkEntry> benchmarks = m_workspace->benchmarks();
        for (const BenchmarkEntry &benchmark : benchmarks) {
            if (QString::fromStdString(benchmark.name) != name)
                continue;
            m_testSet->setPath(QString::fromStdString(m_workspace->resolve(benchmark.testSet)));
            m_entities->setPath(QString::fromStdString(m_workspace->resolve(benchmark.entities)));
        }
    }
    refreshDefaults();
}

void EvaluationInputs::testFilesEdited()
{
    // Files typed or browsed by hand are no longer the benchmark's.
    m_benchmark->setCurrentIndex(m_benchmark->count() - 1);
    Q_EMIT changed();
}

QString EvaluationInputs::defaultAnswersFor(const QString &benchmark) const
{
    if (!m_workspace || benchmark.isEmpty())
        return QString();
    const QString path = QDir(QString::fromStdString(m_workspace->runsDir()))
                             .filePath(QStringLiteral("popularity-") + benchmark + QStringLiteral("/answers.jsonl"));
    return QFileInfo::exists(path) ? path : QString();
}

QString EvaluationInputs::benchmarkName() const
{
    return m_benchmark->currentData().toString();
}

QString EvaluationInputs::testSetPath() const
{
    return m_testSet->path();
}

QString EvaluationInputs::entitiesPath() const
{
    return m_entities->path();
}

QString EvaluationInputs::answersPath() const
{
    return m_answers->path();
}

bool EvaluationInputs::useRecordedMatches() const
{
    return m_recorded->isChecked();
}

int EvaluationInputs::threshold() const
{
    return m_threshold->value();
}

void EvaluationInputs::setAnswersPath(const QString &path)
{
    m_answers->setPath(path);
    m_answersChosen = !path.isEmpty();
    Q_EMIT changed();
}

void EvaluationInputs::setTestFiles(const QString &testSet, const QString &entities)
{
    m_testSet->setPath(testSet);
    m_entities->setPath(entities);
    testFilesEdited();
}

} // namespace crsw
