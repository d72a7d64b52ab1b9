#pragma once

#include "joboutcome.h"
#include "templatefiles.h"

#include "data/amazon/seed_corpus.h"
#include "pipeline/workspace.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMap>
#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace crsw {

class Job;
class JobRunner;
class MessageBanner;
class QueryLibraryView;
class TemplateEditor;
class TemplatePreview;

/// The Templates page (issue 4 §4): an editor for each file of the
/// workspace's templates/ folder (prompt 1, the baseline's prompt 1, prompt 2
/// and the query-template library, the last also as an editable list), each
/// checked by the core as the user types, and a live preview of both prompts
/// for a chosen pick of a selection, rendered as `crsw synth` would. The seed
/// corpus the preview needs loads on a worker thread the first time the page
/// is seen and stays cached while the workspace (and its corpus) stay open.
class TemplatesPage : public QWidget {
    Q_OBJECT
public:
    /// A page that loads the corpus through `runner`.
    explicit TemplatesPage(JobRunner *runner, QWidget *parent = nullptr);
    ~TemplatesPage() override;

    /// Shows a workspace: its templates in the editors (unsaved edits of the
    /// previous one are dropped); its corpus loads when the page is next visible.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Loads the seed corpus (again) for the preview.
    void loadCorpus();
    /// Cancels the corpus load.
    void cancel();
    /// True while the corpus loads.
    bool isLoading() const { return m_loading; }
    /// The cached seed corpus, or null.
    std::shared_ptr<const SeedCorpus> corpus() const { return m_corpus; }

    /// Parts (the main window and tests reach them here).
    TemplateEditor *editor(TemplateFiles::Kind kind) const { return m_editors.value(kind); }
    QueryLibraryView *libraryView() const { return m_libraryView; }
    TemplatePreview *preview() const { return m_preview; }
    /// Shows the editor of `kind`.
    void showEditor(TemplateFiles::Kind kind);
    /// True when an editor holds unsaved changes.
    bool hasUnsavedChanges() const;

Q_SIGNALS:
    /// A corpus load ended; `ok`: the preview has its corpus.
    void corpusLoaded(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildLayout();
    void onCorpusLoaded();
    void updateTemplates();
    void updateTabTitle(TemplateFiles::Kind kind);
    QString corpusKey() const;

    JobRunner *m_runner;
    std::shared_ptr<const Workspace> m_workspace;
    std::shared_ptr<const SeedCorpus> m_corpus;
    QString m_corpusKey;       // the workspace and seed files m_corpus was loaded from
    bool m_loadWhenShown = false;
    bool m_loading = false;
    quint64 m_generation = 0;  // bumped per workspace: a load of an older one is ignored
    quint64 m_jobGeneration = 0;
    QPointer<Job> m_job;       // for cancel() only: the runner deletes it once finished
    QFutureWatcher<JobOutcome<SeedCorpus>> m_watcher;
    QElapsedTimer m_clock;     // since the load started

    QLabel *m_status;
    QLabel *m_jobLabel;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    MessageBanner *m_banner;
    QTabWidget *m_tabs;
    QMap<TemplateFiles::Kind, TemplateEditor *> m_editors;
    QueryLibraryView *m_libraryView = nullptr;
    TemplatePreview *m_preview;
};

} // namespace crsw
