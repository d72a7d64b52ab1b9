#pragma once

#include "joboutcome.h"

#include <QFutureWatcher>
#include <QGroupBox>
#include <QPointer>

#include <memory>
#include <string>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace crsw {

class ChatModel;
class Job;
class JobRunner;

/// "Try it": type a user turn and read the reply of the trained model (a
/// model folder with an optional LoRA adapter on top), generated greedily
/// by ChatModel on a worker thread. The loaded model is kept for the next
/// turn until another model is chosen.
class TrainingChatBox : public QGroupBox {
    Q_OBJECT
public:
    TrainingChatBox(JobRunner *runner, QWidget *parent = nullptr);

    /// The model to talk to: `folder` (a base or a full model) and, when not
    /// empty, `adapterFolder` on top; `label` says which in the box.
    void setModel(const QString &folder, const QString &adapterFolder, const QString &label);
    /// The device to generate on, as the training form names it ("auto",
    /// "cpu", "cuda:N"; resolved when the model loads). A change drops the
    /// loaded model, so the next reply loads it there.
    void setDevice(const QString &device);
    QString device() const { return m_device; }
    /// Generates the reply to `text` (no-op while one is generated or without a model).
    void ask(const QString &text);
    bool isBusy() const { return m_busy; }
    /// The last reply shown (tests).
    QString reply() const;

Q_SIGNALS:
    /// A reply (or an error) was shown.
    void replied(bool ok);

private:
    struct Answer {
        std::shared_ptr<const ChatModel> model;
        std::string text;
    };
    void onFinished();
    void updateActions();

    JobRunner *m_runner;
    QString m_folder;
    QString m_adapter;
    QString m_device = QStringLiteral("auto");
    std::shared_ptr<const ChatModel> m_model; // loaded for m_folder + m_adapter, or null
    QLabel *m_modelLabel;
    QLineEdit *m_input;
    QSpinBox *m_maxTokens;
    QPushButton *m_ask;
    QPlainTextEdit *m_output;
    QFutureWatcher<JobOutcome<Answer>> m_watcher;
    QPointer<Job> m_job;
    bool m_busy = false;
    quint64 m_generation = 0; // bumped by setModel: a reply for an older model is still shown, its model dropped
};

} // namespace crsw
