#include "teacherrunpanel.h"

#include "jobrunner.h"
#include "teacherrunjob.h"
#include "teachersettingsform.h"

#include "pipeline/select_stage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>
#include <utility>

namespace crsw {

namespace {

// A file-name-safe form of a model name ("org/model:7b" -> "org_model_7b").
QString fileSafe(QString text)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    return text.replace(unsafe, QStringLiteral("_"));
}

// Empty lines take no room: a label shows only while it has text.
void setLine(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace

TeacherRunPanel::TeacherRunPanel(JobRunner *runner, TeacherSettingsForm *settings, QWidget *parent)
    : QGroupBox(tr("Run"), parent)
    , m_settings(settings)
    , m_job(new TeacherRunJob(runner, this))
    , m_selection(new QComboBox(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_outputName(new QLineEdit(this))
    , m_seed(new QSpinBox(this))
    , m_baseline(new QCheckBox(tr("Baseline: templates only"), this))
    , m_limit(new QSpinBox(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_estimateBox(new QFrame(this))
    , m_estimate(new QLabel(this))
    , m_send(new QPushButton(tr("Send Requests"), this))
    , m_dontSend(new QPushButton(tr("Don't Send"), this))
    , m_progress(new QProgressBar(this))
    , m_message(new QLabel(this))
    , m_stats(new QLabel(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("teacherRun"));
    m_selection->setObjectName(QStringLiteral("selectionFile"));
    m_selection->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_selection->setMinimumContentsLength(16);
    m_outputName->setObjectName(QStringLiteral("outputName"));
    m_outputName->setToolTip(tr("Written to the workspace's synthetic/ folder as <name>.jsonl; running again "
                                "with the same name resumes it"));
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_baseline->setObjectName(QStringLiteral("baseline"));
    m_baseline->setToolTip(tr("The paper's “GPT-generated” baseline: the same two prompts with no seed reviews or "
                              "metadata, only the query templates"));
    m_limit->setObjectName(QStringLiteral("limit"));
    m_limit->setRange(0, std::numeric_limits<int>::max());
    m_limit->setSpecialValueText(tr("all picks"));
    m_limit->setToolTip(tr("Only the first N picks of the selection"));
    m_run->setObjectName(QStringLiteral("runSynthesis"));
    m_cancel->setObjectName(QStringLiteral("cancelSynthesis"));
    m_send->setObjectName(QStringLiteral("sendRequests"));
    m_dontSend->setObjectName(QStringLiteral("dontSendRequests"));
    m_estimate->setObjectName(QStringLiteral("estimate"));
    m_estimate->setWordWrap(true);
    m_estimate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    QSizePolicy keep = m_progress->sizePolicy();
    keep.setRetainSizeWhenHidden(true); // the buttons stay where they are
    m_progress->setSizePolicy(keep);
    m_progress->hide(); // shown while a run works
    for (QLabel *label : {m_message, m_stats, m_summary}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_stats->setObjectName(QStringLiteral("teacherStats"));
    m_summary->setObjectName(QStringLiteral("runSummary"));

    auto *selectionRow = new QHBoxLayout;
    selectionRow->addWidget(m_selection, 1);
    selectionRow->addWidget(m_refresh);
    auto *numbers = new QHBoxLayout;
    numbers->addWidget(m_seed);
    numbers->addWidget(new QLabel(tr("Limit:"), this));
    numbers->addWidget(m_limit);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Selection:"), selectionRow);
    form->addRow(tr("Output:"), m_outputName);
    form->addRow(tr("Seed:"), numbers);
    form->addRow(QString(), m_baseline);

    auto *estimateLayout = new QVBoxLayout(m_estimateBox);
    m_estimateBox->setFrameShape(QFrame::StyledPanel);
    m_estimateBox->setStyleSheet(QStringLiteral("#estimateBox { background: #fff8e1; }"));
    estimateLayout->addWidget(m_estimate);
    auto *answer = new QHBoxLayout;
    answer->addStretch(1);
    answer->addWidget(m_dontSend);
    answer->addWidget(m_send);
    estimateLayout->addLayout(answer);
    m_estimateBox->setObjectName(QStringLiteral("estimateBox"));
    m_estimateBox->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_run);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_estimateBox);
    layout->addWidget(m_message);
    layout->addWidget(m_stats);
    layout->addWidget(m_summary);

    connect(m_refresh, &QPushButton::clicked, this, &TeacherRunPanel::refreshSelections);
    connect(m_selection, &QComboBox::currentIndexChanged, this, &TeacherRunPanel::updateDefaultName);
    connect(m_seed, &QSpinBox::valueChanged, this, &TeacherRunPanel::updateDefaultName);
    connect(m_baseline, &QCheckBox::toggled, this, &TeacherRunPanel::updateDefaultName);
    connect(m_settings, &TeacherSettingsForm::settingsChanged, this, &TeacherRunPanel::updateDefaultName);
    connect(m_outputName, &QLineEdit::textEdited, this, [this] {
        m_nameEdited = !m_outputName->text().trimmed().isEmpty();
        updateActions();
        Q_EMIT outputChanged(outputPath());
    });
    connect(m_run, &QPushButton::clicked, this, &TeacherRunPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &TeacherRunPanel::cancel);
    connect(m_send, &QPushButton::clicked, this, [this] { confirmEstimate(true); });
    connect(m_dontSend, &QPushButton::clicked, this, [this] { confirmEstimate(false); });
    connect(m_job, &TeacherRunJob::estimateReady, this, &TeacherRunPanel::onEstimate);
    connect(m_job, &TeacherRunJob::statsChanged, this, &TeacherRunPanel::onStats);
    connect(m_job, &TeacherRunJob::finished, this, &TeacherRunPanel::onFinished);
    connect(m_job, &TeacherRunJob::progressChanged, this, [this](double fraction, const QString &message) {
        m_progress->setValue(int(fraction * 1000));
        setLine(m_message, message);
    });
    setWorkspace(nullptr);
}

void TeacherRunPanel::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    cancel();
    m_workspace = std::move(workspace);
    m_nameEdited = false;
    setLine(m_summary, QString());
    setLine(m_stats, QString());
    setLine(m_message, QString());
    m_progress->setValue(0);
    refreshSelections();
}

void TeacherRunPanel::refreshSelections()
{
    const QString current = selectionPath();
    m_selection->blockSignals(true);
    m_selection->clear();
    if (m_workspace) {
        for (const std::string &path : listWorkspaceSelections(*m_workspace)) {
            const QString file = QString::fromStdString(path);
            m_selection->addItem(QFileInfo(file).completeBaseName(), file);
            m_selection->setItemData(m_selection->count() - 1, QDir::toNativeSeparators(file), Qt::ToolTipRole);
        }
    }
    if (m_selection->count() == 0)
        m_selection->setPlaceholderText(m_workspace ? tr("no selections: run one on the Embeddings & Selection page")
                                                    : tr("no workspace"));
    const int keep = m_selection->findData(current);
    m_selection->setCurrentIndex(keep >= 0 ? keep : (m_selection->count() ? 0 : -1));
    m_selection->blockSignals(false);
    updateDefaultName();
}

QString TeacherRunPanel::selectionPath() const
{
    return m_selection->currentData().toString();
}

bool TeacherRunPanel::setSelectionPath(const QString &path)
{
    const int index = m_selection->findData(QFileInfo(path).absoluteFilePath());
    const int found = index >= 0 ? index : m_selection->findData(path);
    if (found < 0)
        return false;
    m_selection->setCurrentIndex(found);
    return true;
}

QString TeacherRunPanel::outputPath() const
{
    const QString name = m_outputName->text().trimmed();
    if (!m_workspace || name.isEmpty())
        return QString();
    const QString file = name.endsWith(QLatin1String(".jsonl")) ? name : name + QStringLiteral(".jsonl");
    return QString::fromStdString(m_workspace->syntheticDir()) + QLatin1Char('/') + file;
}

void TeacherRunPanel::setOutputName(const QString &name)
{
    m_outputName->setText(name);
    m_nameEdited = !name.isEmpty();
    updateActions();
    Q_EMIT outputChanged(outputPath());
}

void TeacherRunPanel::setSeed(quint64 seed)
{
    m_seed->setValue(int(seed));
}

void TeacherRunPanel::setBaseline(bool baseline)
{
    m_baseline->setChecked(baseline);
}

void TeacherRunPanel::setLimit(int limit)
{
    m_limit->setValue(limit);
}

void TeacherRunPanel::updateDefaultName()
{
    // OUT must hold one seed, mode and kind of synthesizer (the core refuses
    // a mix), so the suggested name carries all three, in the pipeline run's
    // form: "<selection>.offline" for seed 0, "<selection>.<model>.baseline.seed3".
    if (!m_nameEdited) {
        const TeacherSettings settings = m_settings->settings();
        QString name;
        if (m_selection->currentIndex() >= 0) {
            const QString synthesizer =
                settings.offline ? QStringLiteral("offline")
                                 : fileSafe(settings.model.isEmpty() ? QStringLiteral("teacher") : settings.model);
            name = m_selection->currentText() + QLatin1Char('.') + synthesizer;
            if (m_baseline->isChecked())
                name += QStringLiteral(".baseline");
            if (m_seed->value() != 0)
                name += QStringLiteral(".seed%1").arg(m_seed->value());
        }
        if (name != m_outputName->text()) {
            m_outputName->setText(name);
            Q_EMIT outputChanged(outputPath());
        }
    }
    updateActions();
}

void TeacherRunPanel::updateActions()
{
    const bool running = isRunning();
    const bool ready = m_workspace && !selectionPath().isEmpty() && !outputPath().isEmpty();
    m_run->setEnabled(ready && !running);
    m_run->setText(ready && QFileInfo::exists(outputPath()) ? tr("Resume") : tr("Run"));
    m_run->setToolTip(m_run->text() == tr("Resume")
                          ? tr("The output exists: its records are kept and only the missing ones are written")
                          : tr("Writes one record per synthetic query to the output"));
    m_cancel->setEnabled(running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_selection, m_refresh, m_outputName, m_seed, m_baseline, m_limit})
        w->setEnabled(!running);
}

void TeacherRunPanel::run()
{
    if (isRunning() || !m_workspace || selectionPath().isEmpty() || outputPath().isEmpty())
        return;
    TeacherRunJob::Request request;
    request.workspace = m_workspace;
    request.options.selectionPath = selectionPath().toStdString();
    request.options.outputPath = outputPath().toStdString();
    request.options.seed = quint64(m_seed->value());
    request.options.baseline = m_baseline->isChecked();
    request.options.limit = std::size_t(m_limit->value());
    request.settings = m_settings->settings();
    request.sessionKey = m_settings->sessionKey();
    request.measuredLatencyMs = m_settings->lastLatencyMs();
    m_runningOutput = outputPath();
    m_runningWorkspace = m_workspace;
    setLine(m_summary, QString());
    setLine(m_stats, request.settings.offline ? QString() : tr("Waiting for the estimate…"));
    setLine(m_message, tr("Starting…"));
    m_progress->setValue(0);
    m_job->start(request);
    m_progress->show();
    updateActions();
}

void TeacherRunPanel::confirmEstimate(bool send)
{
    m_estimateBox->hide();
    m_job->confirm(send);
}

void TeacherRunPanel::cancel()
{
    m_estimateBox->hide();
    m_job->cancel();
}

bool TeacherRunPanel::isRunning() const
{
    return m_job->isRunning();
}

QString TeacherRunPanel::estimateText() const
{
    return m_estimateBox->isHidden() ? QString() : m_estimate->text();
}

QString TeacherRunPanel::statsText() const
{
    return m_stats->text();
}

QString TeacherRunPanel::summaryText() const
{
    return m_summary->text();
}

void TeacherRunPanel::onEstimate(const TeacherEstimate &estimate)
{
    m_estimate->setText(estimate.text());
    m_estimateBox->show();
    m_send->setDefault(true);
    setLine(m_message, tr("Nothing is sent until you confirm."));
    setLine(m_stats, QString());
}

void TeacherRunPanel::onStats(const TeacherStats &stats)
{
    const QLocale locale;
    setLine(m_stats, tr("%1/%2 requests · %3 req/s · %4 tokens · $%5 · %6 retries · %7 failed%8")
                         .arg(locale.toString(qulonglong(stats.done)), locale.toString(qulonglong(stats.total)),
                              locale.toString(stats.requestsPerSecond, 'f', 1),
                              locale.toString(qlonglong(stats.promptTokens + stats.completionTokens)),
                              locale.toString(stats.costUsd, 'f', 4), locale.toString(qulonglong(stats.retries)),
                              locale.toString(qulonglong(stats.failed)),
                              stats.fromCache ? tr(" · %1 cached").arg(locale.toString(qulonglong(stats.fromCache)))
                                              : QString()));
}

void TeacherRunPanel::onFinished(const JobOutcome<SynthStageSummary> &outcome)
{
    m_estimateBox->hide();
    m_progress->hide();
    // A run of a workspace no longer shown (cancelled by setWorkspace) is nobody's news.
    if (std::exchange(m_runningWorkspace, nullptr) != m_workspace) {
        updateActions();
        return;
    }
    const QLocale locale;
    if (outcome.succeeded()) {
        const SynthStageSummary &s = *outcome.value;
        m_progress->setValue(1000);
        if (s.stoppedBeforeSending) {
            setLine(m_message, tr("Not sent: nothing was asked of the teacher."));
        } else {
            setLine(m_message, tr("Done: %1").arg(QString::fromStdString(s.synthesizer)));
            QString text = tr("%1 records written, %2 already there · %3 picks · hallucination rate %4%")
                               .arg(locale.toString(qulonglong(s.recordsWritten)),
                                    locale.toString(qulonglong(s.recordsKept)), locale.toString(qulonglong(s.picks)),
                                    locale.toString(100.0 * s.hallucinationRate, 'f', 1));
            if (s.requestsSent)
                text += tr("\n%1 requests sent, %2 failed (a re-run retries them), %3 retries, $%4")
                            .arg(locale.toString(qulonglong(s.requestsSent)),
                                 locale.toString(qulonglong(s.requestsFailed)), locale.toString(qulonglong(s.retries)),
                                 locale.toString(s.costUsd, 'f', 4));
            if (s.problemCount)
                text += tr("\n%1 problems, first: %2")
                            .arg(locale.toString(qulonglong(s.problemCount)), QString::fromStdString(s.problems.front()));
            setLine(m_summary, text);
        }
        m_summary->setStyleSheet(QString());
    } else if (outcome.cancelled) {
        setLine(m_message, tr("Cancelled: the records written so far stay; Resume continues."));
    } else {
        setLine(m_message, QString());
        setLine(m_summary, outcome.error);
        m_summary->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
    updateActions();
    Q_EMIT runFinished(m_runningOutput, outcome.succeeded());
}

} // namespace crsw

// This header's moc output is compiled here, not in the shared mocs_compilation.cpp,
// where core/teacher's crsw::ChatMessage (chat_types.h) would meet core/model's
// (chat_format.h) from another page's header.
#include "moc_teacherrunpanel.cpp"
