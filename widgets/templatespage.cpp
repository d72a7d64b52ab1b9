#include "templatespage.h"

#include "jobrunner.h"
#include "messagebanner.h"
#include "querylibraryview.h"
#include "templateeditor.h"
#include "templatepreview.h"

#include "pipeline/synth_stage.h"
#include "pipeline/workspace_corpus.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

namespace crsw {

TemplatesPage::TemplatesPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_status(new QLabel(this))
    , m_jobLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_banner(new MessageBanner(this))
    , m_tabs(new QTabWidget(this))
    , m_preview(new TemplatePreview(this))
{
    setObjectName(QStringLiteral("templatesPage"));
    m_status->setObjectName(QStringLiteral("templatesStatus"));
    m_tabs->setObjectName(QStringLiteral("templateTabs"));
    for (const TemplateFiles::Kind kind : TemplateFiles::all()) {
        auto *editor = new TemplateEditor(kind, this);
        m_editors.insert(kind, editor);
        if (kind == TemplateFiles::Kind::Library) {
            m_libraryView = new QueryLibraryView(editor->document(), editor);
            editor->setTopWidget(m_libraryView);
        }
        m_tabs->addTab(editor, TemplateFiles::title(kind));
        m_tabs->setTabToolTip(m_tabs->count() - 1, TemplateFiles::sourceName(kind));
        connect(editor, &TemplateEditor::textChanged, this, &TemplatesPage::updateTemplates);
        connect(editor, &TemplateEditor::modificationChanged, this, [this, kind] { updateTabTitle(kind); });
    }
    buildLayout();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const auto *editor = qobject_cast<TemplateEditor *>(m_tabs->widget(index));
        m_preview->setBaseline(editor && editor->kind() == TemplateFiles::Kind::BaselineQueries);
    });
    connect(m_cancel, &QPushButton::clicked, this, &TemplatesPage::cancel);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &TemplatesPage::onCorpusLoaded);
    setWorkspace(nullptr);
}

TemplatesPage::~TemplatesPage() = default;

void TemplatesPage::buildLayout()
{
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(200);
    // Hidden between loads without the status line jumping.
    for (QWidget *widget : {static_cast<QWidget *>(m_progress), static_cast<QWidget *>(m_cancel)}) {
        QSizePolicy keep = widget->sizePolicy();
        keep.setRetainSizeWhenHidden(true);
        widget->setSizePolicy(keep);
    }
    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_jobLabel);
    top->addWidget(m_progress);
    top->addWidget(m_cancel);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_tabs);
    split->addWidget(m_preview);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 4);
    split->setSizes({5000, 4000}); // scaled to the width: the preview gets its share from the start
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
}

QString TemplatesPage::corpusKey() const
{
    if (!m_workspace)
        return {};
    const SeedCorpusEntry seed = m_workspace->seedCorpus();
    return QString::fromStdString(m_workspace->root() + '\n' + m_workspace->resolve(seed.reviews) + '\n'
                                  + (seed.metadata.empty() ? std::string() : m_workspace->resolve(seed.metadata)));
}

void TemplatesPage::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    cancel();
    ++m_generation;
    m_loading = false;
    m_workspace = std::move(workspace);
    m_banner->clear();
    const QString templatesDir =
        m_workspace ? QString::fromStdString(synthTemplatesDir(*m_workspace)) : QString();
    for (TemplateEditor *editor : std::as_const(m_editors))
        editor->load(templatesDir);
    // The same workspace opened again (or re-read after a change elsewhere)
    // keeps its corpus: loading it is the slow part of this page.
    const QString key = corpusKey();
    if (key != m_corpusKey || !m_workspace) {
        m_corpus.reset();
        m_corpusKey.clear();
    }
    m_preview->setWorkspace(m_workspace);
    m_preview->setCorpus(m_corpus);
    updateTemplates();
    m_jobLabel->clear();
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    if (!m_workspace)
        m_status->setText(tr("No workspace is open."));
    else if (m_corpus)
        m_status->setText(tr("Seed corpus: %1 reviews of %2 items, kept while this workspace is open.")
                              .arg(QLocale().toString(qulonglong(m_corpus->reviewCount())),
                                   QLocale().toString(qulonglong(m_corpus->itemCount()))));
    else
        m_status->clear();
    m_loadWhenShown = m_workspace && !m_corpus;
    if (m_loadWhenShown && isVisible())
        loadCorpus();
}

void TemplatesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Selections may have been made since: list them again (cheap).
    m_preview->refreshSelections();
    // Lazy, like the other pages: the corpus is read only once the page is seen.
    if (m_loadWhenShown)
        loadCorpus();
}

void TemplatesPage::loadCorpus()
{
    if (!m_workspace || m_loading)
        return;
    m_loadWhenShown = false;
    m_loading = true;
    m_banner->clear();
    std::shared_ptr<const Workspace> workspace = m_workspace;
    auto handle = m_runner->start<SeedCorpus>(tr("Loading the seed corpus"), [workspace](Progress &progress) {
        return loadWorkspaceSeedCorpus(*workspace, progress);
    });
    m_job = handle.job;
    m_jobGeneration = m_generation;
    m_clock.start();
    m_jobLabel->setText(tr("Loading the seed corpus") + QChar(0x2026));
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    if (m_job) {
        connect(m_job, &Job::progressChanged, this, [this](double fraction, const QString &message) {
            if (fraction < 0) {
                m_progress->setRange(0, 0);
            } else {
                m_progress->setRange(0, 1000);
                m_progress->setValue(int(fraction * 1000));
            }
            if (!message.isEmpty())
                m_jobLabel->setText(message);
        });
    }
    m_status->setText(tr("The preview needs the seed corpus: loading it once for this workspace."));
    m_preview->setCorpus(nullptr, tr("Loading the seed corpus…"));
    m_watcher.setFuture(handle.future);
}

void TemplatesPage::onCorpusLoaded()
{
    if (m_jobGeneration != m_generation)
        return; // the load of a workspace no longer shown
    const JobOutcome<SeedCorpus> outcome = m_watcher.result();
    m_loading = false;
    m_job.clear();
    m_jobLabel->clear();
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    if (outcome.succeeded()) {
        m_corpus = outcome.value;
        m_corpusKey = corpusKey();
        const QLocale locale;
        const qint64 ms = m_clock.elapsed();
        const QString took = ms < 1000 ? tr("%1 ms").arg(ms) : tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'f', 1));
        m_status->setText(tr("Seed corpus: %1 reviews of %2 items, loaded in %3 and kept while this workspace is open.")
                              .arg(locale.toString(qulonglong(m_corpus->reviewCount())),
                                   locale.toString(qulonglong(m_corpus->itemCount())), took));
        m_preview->setCorpus(m_corpus);
    } else if (outcome.cancelled) {
        m_status->setText(tr("Loading the seed corpus was cancelled."));
        m_preview->setCorpus(nullptr, tr("No preview: loading the seed corpus was cancelled (show the page again to "
                                          "retry)."));
        m_loadWhenShown = true;
    } else {
        m_status->setText(tr("The seed corpus could not be loaded."));
        m_banner->showMessage(MessageBanner::Kind::Error, outcome.error);
        m_preview->setCorpus(nullptr, tr("No preview: the seed corpus could not be loaded."));
    }
    Q_EMIT corpusLoaded(outcome.succeeded());
}

void TemplatesPage::cancel()
{
    if (m_job)
        m_job->cancel();
}

void TemplatesPage::showEditor(TemplateFiles::Kind kind)
{
    if (TemplateEditor *e = editor(kind))
        m_tabs->setCurrentWidget(e);
}

bool TemplatesPage::hasUnsavedChanges() const
{
    for (const TemplateEditor *e : m_editors)
        if (e->isModified() && e->fileExists())
            return true;
    return false;
}

void TemplatesPage::updateTemplates()
{
    QMap<TemplateFiles::Kind, QString> texts;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it)
        texts.insert(it.key(), it.value()->text());
    m_preview->setTemplateTexts(texts);
    for (const TemplateFiles::Kind kind : TemplateFiles::all())
        updateTabTitle(kind);
}

void TemplatesPage::updateTabTitle(TemplateFiles::Kind kind)
{
    TemplateEditor *e = editor(kind);
    const int index = m_tabs->indexOf(e);
    if (index < 0)
        return;
    // "*": unsaved edits; a red mark: the core refuses the text.
    QString title = TemplateFiles::title(kind);
    if (e->isModified() && e->fileExists())
        title += QLatin1Char('*');
    m_tabs->setTabText(index, title);
    m_tabs->setTabIcon(index, e->isValid() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
}

} // namespace crsw
