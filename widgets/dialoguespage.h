#pragma once

#include "pipeline/workspace.h"

#include <QWidget>

#include <memory>

namespace crsw {

class DialogueBrowser;
class JobRunner;
class MessageBanner;
class TeacherRunPanel;
class TeacherSettingsForm;

/// The Teacher & Dialogues page (issue 4 §4, METHOD.md §4): on the left the
/// teacher's settings (offline synthesizer or an OpenAI-compatible endpoint,
/// with Test Connection) and the synthesis run (selection, output, seed,
/// baseline, limit; estimate to confirm; live figures; cancel; resume); on
/// the right the dialogue browser of the run's output. It only assembles:
/// each part is its own widget, and the work runs on the JobRunner.
class DialoguesPage : public QWidget {
    Q_OBJECT
public:
    /// The page; its jobs run through `runner`.
    explicit DialoguesPage(JobRunner *runner, QWidget *parent = nullptr);

    /// Shows a workspace (its selections and synthetic datasets).
    void setWorkspace(std::shared_ptr<const Workspace> workspace);

    /// Parts (the main window and tests reach them here).
    TeacherSettingsForm *settingsForm() const { return m_settings; }
    TeacherRunPanel *runPanel() const { return m_run; }
    DialogueBrowser *browser() const { return m_browser; }
    MessageBanner *banner() const { return m_banner; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    std::shared_ptr<const Workspace> m_workspace;
    MessageBanner *m_banner;
    TeacherSettingsForm *m_settings;
    TeacherRunPanel *m_run;
    DialogueBrowser *m_browser;
};

} // namespace crsw
