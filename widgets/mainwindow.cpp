#include "mainwindow.h"

#include "appresources.h"
#include "datapage.h"
#include "dialoguespage.h"
#include "evaluationpage.h"
#include "finetuningpage.h"
#include "jobrunner.h"
#include "jobstatuswidget.h"
#include "newworkspacedialog.h"
#include "pagecatalog.h"
#include "plannedpage.h"
#include "recentworkspaces.h"
#include "selectionpage.h"
#include "startupoptions.h"
#include "templatespage.h"
#include "workspacecontroller.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

namespace crsw {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_runner(new JobRunner(this))
    , m_workspaces(new WorkspaceController(m_runner, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("CRS Workbench"));
    setWindowIcon(AppResources::appIcon());
    createPages();
    createMenus();

    m_workspaceLabel = new QLabel(tr("No workspace"), this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    m_workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_workspaceLabel, 1);
    statusBar()->addPermanentWidget(new JobStatusWidget(m_runner, this));

    connect(m_workspaces, &WorkspaceController::workspaceChanged, this, &MainWindow::onWorkspaceChanged);
    connect(m_workspaces, &WorkspaceController::busyChanged, this, &MainWindow::onBusyChanged);
    connect(m_workspaces, &WorkspaceController::failed, this, &MainWindow::showError);
    connect(m_workspaces, &WorkspaceController::workspaceFilesChanged, m_evaluationPage,
            &EvaluationPage::refreshDefaults);
    connect(m_dataPage, &DataPage::seedCorpusChosen, m_workspaces, &WorkspaceController::setSeedCorpus);
    connect(m_workspaces, &WorkspaceController::pipelineFinished, this,
            [this](const QString &summary) { statusBar()->showMessage(summary.section(QLatin1Char('\n'), 0, 0), 8000); });

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    onBusyChanged(false);
}

MainWindow::~MainWindow()
{
    // Before the pages (and the data their jobs were given) are destroyed.
    m_runner->shutdown();
}

void MainWindow::createPages()
{
    m_pageList = new QListWidget(this);
    m_pageList->setObjectName(QStringLiteral("pageList"));
    m_pageList->setIconSize(QSize(24, 24));
    m_pageList->setSpacing(2);
    m_pageList->setMinimumWidth(190);
    m_pageList->setMaximumWidth(260);
    m_stack = new QStackedWidget(this);

    const QList<PageCatalog::Page> pages = PageCatalog::pages();
    for (const PageCatalog::Page &page : pages) {
        QWidget *widget = nullptr;
        if (page.id == QLatin1String("data"))
            widget = m_dataPage = new DataPage(m_runner, this);
        else if (page.id == QLatin1String("selection"))
            widget = m_selectionPage = new SelectionPage(m_runner, this);
        else if (page.id == QLatin1String("templates"))
            widget = m_templatesPage = new TemplatesPage(m_runner, this);
        else if (page.id == QLatin1String("dialogues"))
            widget = m_dialoguesPage = new DialoguesPage(m_runner, this);
        else if (page.id == QLatin1String("finetuning"))
            widget = m_finetuningPage = new FinetuningPage(m_runner, this);
        else if (page.id == QLatin1String("evaluation"))
            widget = m_evaluationPage = new EvaluationPage(m_runner, this);
        else
            widget = new PlannedPage(page.id, page.title, page.description, this);
        m_stack->addWidget(widget);

        auto *item = new QListWidgetItem(AppResources::pageIcon(page.id), page.title, m_pageList);
        item->setData(Qt::UserRole, page.id);
        item->setToolTip(page.description);
        if (!page.available)
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
    }
    connect(m_pageList, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_pageList);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);
    m_pageList->setCurrentRow(PageCatalog::indexOf(QStringLiteral("data")));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&Workspace"));
    QAction *create = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspace);
    create->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(tr("&Open Workspace…"), this, &MainWindow::openWorkspace);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addAction(tr("Open &Demo Workspace"), this, [this] { m_workspaces->openDemoWorkspace(); });
    file->addSeparator();
    m_runPipelineAction = file->addAction(tr("Run &Pipeline"), m_workspaces, &WorkspaceController::runPipeline);
    m_runPipelineAction->setObjectName(QStringLiteral("runPipelineAction"));
    m_runPipelineAction->setToolTip(tr("Run every pipeline stage built so far on this workspace"));
    m_runPipelineAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QList<PageCatalog::Page> pages = PageCatalog::pages();
    for (int i = 0; i < pages.size(); ++i) {
        if (!pages[i].available)
            continue;
        QAction *action = view->addAction(pages[i].title, this, [this, i] { m_pageList->setCurrentRow(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About CRS Workbench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList dirs = RecentWorkspaces::existing();
    for (const QString &dir : dirs)
        m_recentMenu->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { m_workspaces->openWorkspace(dir); });
    if (dirs.isEmpty())
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear List"), this, [] { RecentWorkspaces::clear(); })->setEnabled(!dirs.isEmpty());
}

void MainWindow::start(const StartupOptions &options)
{
    if (!options.page.isEmpty())
        showPage(options.page);
    else if (!options.selections.isEmpty())
        showPage(QStringLiteral("selection"));
    m_evaluateWhenLoaded = options.evaluate;
    m_trainWhenLoaded = options.trainModel;
    if (!options.selections.isEmpty())
        m_selectionPage->runWhenReady(options.selections);
    if (options.demo) {
        m_workspaces->openDemoWorkspace();
    } else if (!options.workspaceDir.isEmpty()) {
        m_workspaces->openWorkspace(options.workspaceDir);
    } else {
        const QStringList recent = RecentWorkspaces::existing();
        if (recent.isEmpty())
            m_workspaces->openDemoWorkspace(); // first run
        else
            m_workspaces->openWorkspace(recent.constFirst());
    }
}

bool MainWindow::showPage(const QString &idOrTitle)
{
    const int index = PageCatalog::indexOf(idOrTitle);
    if (index < 0)
        return false;
    // Planned pages are disabled in the list, so set the stack directly for them.
    m_pageList->setCurrentRow(index);
    m_stack->setCurrentIndex(index);
    return true;
}

QString MainWindow::currentPageId() const
{
    const int index = m_stack->currentIndex();
    const QStringList ids = PageCatalog::ids();
    return index >= 0 && index < ids.size() ? ids[index] : QString();
}

void MainWindow::onWorkspaceChanged()
{
    const std::shared_ptr<const Workspace> workspace = m_workspaces->workspace();
    const QString name = QString::fromStdString(workspace->name());
    const QString root = QDir::toNativeSeparators(QString::fromStdString(workspace->root()));
    setWindowTitle(tr("%1 — CRS Workbench").arg(name));
    m_workspaceLabel->setText(tr("Workspace: %1 (%2)").arg(name, root));
    m_workspaceLabel->setToolTip(QString::fromStdString(workspace->description()));
    m_dataPage->setWorkspace(workspace);
    m_selectionPage->setWorkspace(workspace);
    m_templatesPage->setWorkspace(workspace);
    m_dialoguesPage->setWorkspace(workspace);
    m_finetuningPage->setWorkspace(workspace);
    m_evaluationPage->setWorkspace(workspace);
    if (std::exchange(m_evaluateWhenLoaded, false))
        m_evaluationPage->runEvaluation();
    if (!m_trainWhenLoaded.isEmpty())
        m_finetuningPage->trainWhenReady(std::exchange(m_trainWhenLoaded, QString()));
}

void MainWindow::onBusyChanged(bool busy)
{
    m_runPipelineAction->setEnabled(!busy && m_workspaces->workspace() != nullptr);
    if (busy && !m_workspaces->workspace())
        m_workspaceLabel->setText(tr("Opening workspace…"));
}

void MainWindow::showError(const QString &title, const QString &message)
{
    // Non-modal (open(), not exec()): the event loop, the jobs and the tests keep running.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("CRS Workbench"), title, QMessageBox::Ok, this);
    box->setInformativeText(message);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    if (!m_workspaces->workspace())
        m_workspaceLabel->setText(tr("No workspace"));
    Q_EMIT errorShown(title + QStringLiteral(": ") + message);
}

void MainWindow::newWorkspace()
{
    NewWorkspaceDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        m_workspaces->createWorkspace(dialog.folder(), dialog.name());
}

void MainWindow::openWorkspace()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Workspace"));
    if (!dir.isEmpty())
        m_workspaces->openWorkspace(dir);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About CRS Workbench"),
        tr("<h3>CRS Workbench %1</h3>"
           "<p>Synthesizes conversational-recommendation training data from reviews by active selection, "
           "fine-tunes small language models on it, and evaluates recommenders with He et al. (2023)'s "
           "protocol.</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_runner->shutdown();
    event->accept();
}

} // namespace crsw
