#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace crsw {

class DataPage;
class DialoguesPage;
class EvaluationPage;
class FinetuningPage;
class JobRunner;
class SelectionPage;
class StartupOptions;
class TemplatesPage;
class WorkspaceController;

/// The workbench window: the page list on the left, the current page on the
/// right, menus for workspaces, and a status bar with the workspace and the
/// running jobs. It only assembles: each page is its own controller, jobs go
/// through the JobRunner and workspaces through the WorkspaceController.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// The window with every page; start() opens a workspace.
    explicit MainWindow(QWidget *parent = nullptr);
    /// Cancels and joins every running job before the pages go away.
    ~MainWindow() override;

    /// Acts on the command line: opens the workspace it names (or the demo,
    /// or the most recent workspace, or else the demo), shows its page and
    /// arms --evaluate and --select. --screenshot is handled by ScreenshotTaker.
    void start(const StartupOptions &options);

    /// Shows a page by id or title (planned pages too); false if unknown.
    bool showPage(const QString &idOrTitle);
    /// The id of the page shown ("data", "evaluation", ...).
    QString currentPageId() const;

    /// The window's controllers and real pages.
    JobRunner *jobRunner() const { return m_runner; }
    WorkspaceController *workspaceController() const { return m_workspaces; }
    DataPage *dataPage() const { return m_dataPage; }
    SelectionPage *selectionPage() const { return m_selectionPage; }
    TemplatesPage *templatesPage() const { return m_templatesPage; }
    DialoguesPage *dialoguesPage() const { return m_dialoguesPage; }
    FinetuningPage *finetuningPage() const { return m_finetuningPage; }
    EvaluationPage *evaluationPage() const { return m_evaluationPage; }

Q_SIGNALS:
    /// An error was shown to the user (opening a workspace or a pipeline run
    /// failed); `text` is the title and the error message.
    void errorShown(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createPages();
    void createMenus();
    void rebuildRecentMenu();
    void onWorkspaceChanged();
    void onBusyChanged(bool busy);
    void showError(const QString &title, const QString &message);
    void newWorkspace();
    void openWorkspace();
    void showAbout();

    JobRunner *m_runner;
    WorkspaceController *m_workspaces;
    QListWidget *m_pageList = nullptr;
    QStackedWidget *m_stack = nullptr;
    DataPage *m_dataPage = nullptr;
    SelectionPage *m_selectionPage = nullptr;
    TemplatesPage *m_templatesPage = nullptr;
    DialoguesPage *m_dialoguesPage = nullptr;
    FinetuningPage *m_finetuningPage = nullptr;
    EvaluationPage *m_evaluationPage = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_runPipelineAction = nullptr;
    QLabel *m_workspaceLabel = nullptr;
    bool m_evaluateWhenLoaded = false;
    QString m_trainWhenLoaded; // --train: the model folder
};

} // namespace crsw
