#pragma once

#include "promptpreview.h"
#include "templatefiles.h"

#include "pipeline/workspace.h"
#include "select/selection_record.h"

#include <QMap>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace crsw {

class SeedCorpus;

/// The live preview of the Templates page: the user picks a selection of the
/// workspace (W/selections/*.json) and a step of it, and sees prompt 1 for
/// that pick exactly as `crsw synth --seed N` would send it (planned by the
/// core from the seed corpus and the templates being edited, saved or not),
/// and prompt 2 for a sample query. Re-renders shortly after any change.
class TemplatePreview : public QWidget {
    Q_OBJECT
public:
    explicit TemplatePreview(QWidget *parent = nullptr);

    /// Shows a workspace: lists its selections; the corpus comes with setCorpus().
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Lists W/selections/*.json again, keeping the chosen one when it is still there.
    void refreshSelections();
    /// The seed corpus the picks index (null while it loads; `status` says why there is none).
    void setCorpus(std::shared_ptr<const SeedCorpus> corpus, const QString &status = QString());
    /// The texts of the four templates being edited.
    void setTemplateTexts(const QMap<TemplateFiles::Kind, QString> &texts);
    /// Renders prompt 1 of the baseline (queries_baseline.txt, no reviews) instead of queries.txt.
    void setBaseline(bool baseline);

    /// Chooses a selection file by path; false when it is not listed.
    bool setSelectionFile(const QString &path);
    /// The chosen selection file, empty when none.
    QString selectionFile() const;
    /// Chooses the 1-based step of the selection's picks.
    void setStep(int step);
    /// Sets the plan's seed (`crsw synth --seed`).
    void setSeed(int seed);
    /// Sets the sample query prompt 2 is shown for.
    void setSampleQuery(const QString &query);
    QString sampleQuery() const;

    /// Renders now instead of after the short delay.
    void renderNow();
    /// The rendered prompts (empty when there is no preview) and the message shown instead.
    QString prompt1() const;
    QString prompt2() const;
    QString message() const;
    /// The preview shown, or null.
    const PromptPreview *preview() const { return m_preview.get(); }

Q_SIGNALS:
    /// A render ended: `ok` when both prompts are shown.
    void rendered(bool ok);

private:
    void scheduleRender();
    void loadSelection();
    void showMessage(const QString &text);
    void updatePickLabel();

    std::shared_ptr<const Workspace> m_workspace;
    std::shared_ptr<const SeedCorpus> m_corpus;
    QString m_corpusStatus;
    std::shared_ptr<const SelectionRecord> m_selection;
    QString m_selectionError;
    QMap<TemplateFiles::Kind, QString> m_texts;
    bool m_baseline = false;
    std::unique_ptr<PromptPreview> m_preview;
    QTimer m_renderTimer;

    QComboBox *m_selectionBox;
    QSpinBox *m_step;
    QLabel *m_stepCount;
    QSpinBox *m_seed;
    QLineEdit *m_query;
    QLabel *m_pickLabel;
    QLabel *m_message;
    QLabel *m_prompt1Title;
    QPlainTextEdit *m_prompt1;
    QPlainTextEdit *m_prompt2;
};

} // namespace crsw
