#pragma once

#include "pipeline/workspace.h"

#include <QGroupBox>

#include <memory>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace crsw {

class PathField;

/// What to evaluate: the test set (one of the workspace's benchmarks, or any
/// test.jsonl + entity2id.json), the answers file (by default the popularity
/// baseline's runs/popularity-<benchmark>/answers.jsonl when it exists), and
/// the protocol options.
class EvaluationInputs : public QGroupBox {
    Q_OBJECT
public:
    /// Inputs for no workspace (files chosen by hand only).
    explicit EvaluationInputs(QWidget *parent = nullptr);

    /// Lists the workspace's benchmarks and fills in their files.
    void setWorkspace(std::shared_ptr<const Workspace> workspace);
    /// Re-reads defaults that depend on files (the default answers file), keeping the user's choices.
    void refreshDefaults();

    /// The chosen benchmark's name, or empty for files chosen by hand.
    QString benchmarkName() const;
    /// The chosen files and options.
    QString testSetPath() const;
    QString entitiesPath() const;
    QString answersPath() const;
    bool useRecordedMatches() const;
    int threshold() const;

    /// Sets the answers file as if the user had chosen it.
    void setAnswersPath(const QString &path);
    /// Chooses files by hand (switches the benchmark list to "Other files").
    void setTestFiles(const QString &testSet, const QString &entities);

Q_SIGNALS:
    /// Any input changed.
    void changed();

private:
    void benchmarkChosen(int index);
    void testFilesEdited();
    QString defaultAnswersFor(const QString &benchmark) const;

    std::shared_ptr<const Workspace> m_workspace;
    QComboBox *m_benchmark;
    PathField *m_testSet;
    PathField *m_entities;
    PathField *m_answers;
    QCheckBox *m_recorded;
    QSpinBox *m_threshold;
    bool m_answersChosen = false; // the user picked the answers file: keep it
};

} // namespace crsw
