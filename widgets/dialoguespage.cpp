#include "dialoguespage.h"

#include "dialoguebrowser.h"
#include "messagebanner.h"
#include "teacherrunpanel.h"
#include "teachersettingsform.h"

#include <QDir>
#include <QFileInfo>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace crsw {

DialoguesPage::DialoguesPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_banner(new MessageBanner(this))
    , m_settings(new TeacherSettingsForm(runner, this))
    , m_run(new TeacherRunPanel(runner, m_settings, this))
    , m_browser(new DialogueBrowser(runner, this))
{
    setObjectName(QStringLiteral("dialoguesPage"));

    auto *controls = new QWidget(this);
    auto *controlsLayout = new QVBoxLayout(controls);
    controlsLayout->setContentsMargins(0, 0, 4, 0);
    controlsLayout->addWidget(m_settings);
    controlsLayout->addWidget(m_run);
    controlsLayout->addStretch(1);
    // The settings and the run's figures can outgrow a small window: scroll them.
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the controls need (no horizontal scrolling), plus room for the vertical bar.
    scroll->setMinimumWidth(controls->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    scroll->setMaximumWidth(560);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(scroll);
    split->addWidget(m_browser);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);

    connect(m_run, &TeacherRunPanel::outputChanged, m_browser, &DialogueBrowser::setDatasetPath);
    connect(m_run, &TeacherRunPanel::runFinished, this, [this](const QString &path, bool) {
        if (m_browser->datasetPath() == QFileInfo(path).absoluteFilePath())
            m_browser->reload();
        else
            m_browser->setDatasetPath(path);
    });
    connect(m_browser, &DialogueBrowser::exported, this, [this](const QString &path) {
        m_banner->showMessage(MessageBanner::Kind::Info, tr("Wrote %1").arg(QDir::toNativeSeparators(path)));
    });
    connect(m_browser, &DialogueBrowser::failed, this,
            [this](const QString &error) { m_banner->showMessage(MessageBanner::Kind::Error, error); });
    setWorkspace(nullptr);
}

void DialoguesPage::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    m_workspace = std::move(workspace);
    m_banner->clear();
    m_browser->setWorkspace(m_workspace);
    m_run->setWorkspace(m_workspace);
    m_browser->setDatasetPath(m_run->outputPath());
}

void DialoguesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Selections made on another page since: list them again.
    if (m_workspace && !m_run->isRunning()) {
        m_run->refreshSelections();
        m_browser->refreshDatasets();
    }
}

} // namespace crsw
