#include "templatepreview.h"

#include "qstringutil.h"

#include "common/error.h"
#include "data/amazon/seed_corpus.h"
#include "pipeline/select_stage.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace crsw {

namespace {

QPlainTextEdit *promptView(const QString &name, QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    return view;
}

QWidget *titled(QLabel *title, QWidget *body, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    title->setWordWrap(true); // a long title must not widen the window
    layout->addWidget(title);
    layout->addWidget(body, 1);
    return box;
}

} // namespace

TemplatePreview::TemplatePreview(QWidget *parent)
    : QWidget(parent)
    , m_selectionBox(new QComboBox(this))
    , m_step(new QSpinBox(this))
    , m_stepCount(new QLabel(this))
    , m_seed(new QSpinBox(this))
    , m_query(new QLineEdit(this))
    , m_pickLabel(new QLabel(this))
    , m_message(new QLabel(this))
    , m_prompt1Title(new QLabel(this))
    , m_prompt1(promptView(QStringLiteral("previewPrompt1"), this))
    , m_prompt2(promptView(QStringLiteral("previewPrompt2"), this))
{
    setObjectName(QStringLiteral("templatePreview"));
    m_selectionBox->setObjectName(QStringLiteral("previewSelection"));
    m_step->setObjectName(QStringLiteral("previewStep"));
    m_seed->setObjectName(QStringLiteral("previewSeed"));
    m_query->setObjectName(QStringLiteral("previewQuery"));
    m_message->setObjectName(QStringLiteral("previewMessage"));
    m_pickLabel->setObjectName(QStringLiteral("previewPick"));

    m_selectionBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_selectionBox->setMinimumContentsLength(16);
    m_selectionBox->setToolTip(tr("A selection of this workspace (selections/*.json, written by `crsw select` or "
                                  "the Embeddings & Selection page)"));
    auto *refresh = new QToolButton(this);
    refresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    refresh->setToolTip(tr("List the workspace's selections again"));
    m_step->setRange(1, 1);
    m_step->setToolTip(tr("The pick of the selection whose prompt is shown (1 = the first pick)"));
    m_seed->setRange(0, INT_MAX);
    m_seed->setToolTip(tr("The seed of the plan: `crsw synth --seed N` (0 by default) draws the same reviews and "
                          "query templates"));
    m_query->setText(tr("I loved the slow-burn tension of old noir films. Any recommendations with a similar mood?"));
    m_query->setCursorPosition(0);
    m_query->setToolTip(tr("A user query to show prompt 2 for (the teacher's own queries replace it in a run)"));
    m_pickLabel->setWordWrap(true);
    m_pickLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #8a5300; }"));

    auto *selectionRow = new QHBoxLayout;
    selectionRow->addWidget(m_selectionBox, 1);
    selectionRow->addWidget(refresh);
    auto *stepRow = new QHBoxLayout;
    stepRow->addWidget(m_step);
    stepRow->addWidget(m_stepCount);
    stepRow->addSpacing(12);
    stepRow->addWidget(new QLabel(tr("Seed:"), this));
    stepRow->addWidget(m_seed);
    stepRow->addStretch(1);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Selection:"), selectionRow);
    form->addRow(tr("Step:"), stepRow);
    form->addRow(tr("Sample query:"), m_query);

    auto *prompt2Title = new QLabel(tr("Prompt 2 · recommend.txt, for the sample query"), this);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(titled(m_prompt1Title, m_prompt1, this));
    split->addWidget(titled(prompt2Title, m_prompt2, this));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addWidget(m_pickLabel);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(150); // a pause in typing, not every keystroke
    connect(&m_renderTimer, &QTimer::timeout, this, &TemplatePreview::renderNow);
    connect(refresh, &QToolButton::clicked, this, &TemplatePreview::refreshSelections);
    connect(m_selectionBox, &QComboBox::currentIndexChanged, this, &TemplatePreview::loadSelection);
    connect(m_step, &QSpinBox::valueChanged, this, &TemplatePreview::scheduleRender);
    connect(m_seed, &QSpinBox::valueChanged, this, &TemplatePreview::scheduleRender);
    connect(m_query, &QLineEdit::textChanged, this, &TemplatePreview::scheduleRender);
    setBaseline(false);
    setWorkspace(nullptr);
}

void TemplatePreview::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    m_workspace = std::move(workspace);
    m_corpus.reset();
    m_corpusStatus.clear();
    refreshSelections();
}

void TemplatePreview::refreshSelections()
{
    const QString current = selectionFile();
    QString listError;
    {
        const QSignalBlocker block(m_selectionBox);
        m_selectionBox->clear();
        if (m_workspace) {
            try {
                for (const std::string &path : listWorkspaceSelections(*m_workspace)) {
                    const QString file = QString::fromStdString(path);
                    m_selectionBox->addItem(QFileInfo(file).fileName(), file);
                }
            } catch (const Error &e) {
                listError = QString::fromStdString(e.what());
            }
        }
        const int keep = m_selectionBox->findData(current);
        m_selectionBox->setCurrentIndex(keep >= 0 ? keep : (m_selectionBox->count() > 0 ? 0 : -1));
        m_selectionBox->setEnabled(m_selectionBox->count() > 0);
    }
    // Reread even the same file: `crsw select` may have rewritten it.
    loadSelection();
    if (!listError.isEmpty())
        m_selectionError = listError;
}

void TemplatePreview::setCorpus(std::shared_ptr<const SeedCorpus> corpus, const QString &status)
{
    m_corpus = std::move(corpus);
    m_corpusStatus = status;
    scheduleRender();
}

void TemplatePreview::setTemplateTexts(const QMap<TemplateFiles::Kind, QString> &texts)
{
    m_texts = texts;
    scheduleRender();
}

void TemplatePreview::setBaseline(bool baseline)
{
    m_baseline = baseline;
    m_prompt1Title->setText(baseline ? tr("Prompt 1 · queries_baseline.txt (no reviews or metadata)")
                                     : tr("Prompt 1 · queries.txt, as `crsw synth` sends it"));
    scheduleRender();
}

bool TemplatePreview::setSelectionFile(const QString &path)
{
    const int index = m_selectionBox->findData(QFileInfo(path).absoluteFilePath());
    const int byName = index >= 0 ? index : m_selectionBox->findData(path);
    if (byName < 0)
        return false;
    m_selectionBox->setCurrentIndex(byName);
    return true;
}

QString TemplatePreview::selectionFile() const
{
    return m_selectionBox->currentData().toString();
}

void TemplatePreview::setStep(int step)
{
    m_step->setValue(step);
}

void TemplatePreview::setSeed(int seed)
{
    m_seed->setValue(seed);
}

void TemplatePreview::setSampleQuery(const QString &query)
{
    m_query->setText(query);
}

QString TemplatePreview::sampleQuery() const
{
    return m_query->text();
}

QString TemplatePreview::prompt1() const
{
    return m_preview ? m_prompt1->toPlainText() : QString();
}

QString TemplatePreview::prompt2() const
{
    return m_preview ? m_prompt2->toPlainText() : QString();
}

QString TemplatePreview::message() const
{
    return m_message->text();
}

void TemplatePreview::scheduleRender()
{
    m_renderTimer.start();
}

void TemplatePreview::loadSelection()
{
    m_selection.reset();
    m_selectionError.clear();
    const QString path = selectionFile();
    if (!path.isEmpty()) {
        try {
            m_selection = std::make_shared<const SelectionRecord>(SelectionRecord::read(path.toStdString()));
        } catch (const Error &e) {
            m_selectionError = QString::fromStdString(e.what());
        }
    }
    const int picks = m_selection ? int(m_selection->result.picks.size()) : 0;
    const QSignalBlocker block(m_step);
    m_step->setRange(1, qMax(1, picks));
    m_step->setEnabled(picks > 0);
    m_stepCount->setText(tr("of %1").arg(QLocale().toString(picks)));
    scheduleRender();
}

void TemplatePreview::showMessage(const QString &text)
{
    m_preview.reset();
    m_prompt1->clear();
    m_prompt2->clear();
    m_pickLabel->clear();
    m_pickLabel->hide();
    m_message->setText(text);
    m_message->show();
    Q_EMIT rendered(false);
}

void TemplatePreview::renderNow()
{
    m_renderTimer.stop();
    if (!m_workspace)
        return showMessage(tr("No workspace is open."));
    if (!m_selectionError.isEmpty())
        return showMessage(m_selectionError);
    if (!m_selection)
        return showMessage(tr("This workspace has no selections yet: make one on the Embeddings & Selection page or "
                              "with `crsw select`, then choose it here."));
    if (!m_corpus)
        return showMessage(m_corpusStatus.isEmpty() ? tr("Loading the seed corpus…") : m_corpusStatus);
    if (m_selection->rows != m_corpus->reviewCount())
        return showMessage(tr("%1 was made on %2 rows but the seed corpus has %3 reviews: embed and select again.")
                               .arg(QFileInfo(selectionFile()).fileName())
                               .arg(m_selection->rows)
                               .arg(m_corpus->reviewCount()));
    try {
        const SynthTemplates templates = TemplateFiles::compile(m_texts);
        auto preview = std::make_unique<PromptPreview>(PromptPreview::render(
            *m_corpus, m_selection->result.picks, templates, std::size_t(m_step->value() - 1),
            std::uint64_t(m_seed->value()), m_baseline, m_query->text().toStdString()));
        m_preview = std::move(preview);
    } catch (const Error &e) {
        return showMessage(tr("No preview: %1").arg(QString::fromStdString(e.what())));
    }
    m_message->clear();
    m_message->hide();
    // Keep the reader's place when only the templates changed.
    const int scroll1 = m_prompt1->verticalScrollBar()->value();
    m_prompt1->setPlainText(QString::fromStdString(m_preview->queriesPrompt));
    m_prompt1->verticalScrollBar()->setValue(scroll1);
    m_prompt2->setPlainText(QString::fromStdString(m_preview->recommendPrompt));
    updatePickLabel();
    Q_EMIT rendered(true);
}

void TemplatePreview::updatePickLabel()
{
    const SynthPick &pick = m_preview->pick;
    const CorpusReview &review = m_corpus->review(pick.row);
    QStringList rows, templates;
    for (const std::uint32_t row : pick.reviewRows)
        rows << QString::number(row);
    for (const std::size_t index : pick.templates)
        templates << QString::number(index + 1);
    QString text = tr("Step %1 picks review row %2 (%3/5) of “%4” (%5).")
                       .arg(pick.step + 1)
                       .arg(pick.row)
                       .arg(std::lround(review.rating))
                       .arg(toQStringLine(m_corpus->item(pick.item).title, 80), toQString(m_corpus->itemAsin(pick.item)));
    if (m_baseline)
        text += QLatin1Char(' ') + tr("The baseline shows the teacher none of it.");
    else
        text += QLatin1Char(' ') + tr("Seed reviews: rows %1.").arg(rows.join(QStringLiteral(", ")));
    text += QLatin1Char(' ') + tr("Query templates: %1.").arg(templates.join(QStringLiteral(", ")));
    m_pickLabel->setText(text);
    m_pickLabel->show();
}

} // namespace crsw
