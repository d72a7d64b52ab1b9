#include "trainingchatbox.h"

#include "jobrunner.h"

#include "model/compute_device.h"
#include "train/chat_model.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace crsw {

TrainingChatBox::TrainingChatBox(JobRunner *runner, QWidget *parent)
    : QGroupBox(tr("Try it"), parent)
    , m_runner(runner)
    , m_modelLabel(new QLabel(this))
    , m_input(new QLineEdit(this))
    , m_maxTokens(new QSpinBox(this))
    , m_ask(new QPushButton(tr("&Generate"), this))
    , m_output(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("trainingChatBox"));
    m_modelLabel->setWordWrap(true);
    m_modelLabel->setEnabled(false);
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setPlaceholderText(tr("A user turn, e.g. \"Any films like Arrival?\""));
    m_input->setClearButtonEnabled(true);
    m_maxTokens->setRange(1, 4096);
    m_maxTokens->setValue(128);
    m_maxTokens->setSuffix(tr(" tokens"));
    m_maxTokens->setToolTip(tr("The most new tokens of a reply"));
    m_ask->setObjectName(QStringLiteral("chatGenerateButton"));
    m_output->setObjectName(QStringLiteral("chatOutput"));
    m_output->setReadOnly(true);
    m_output->setPlaceholderText(tr("The reply of the trained model appears here."));
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_maxTokens);
    row->addWidget(m_ask);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_modelLabel);
    layout->addWidget(m_input);
    layout->addLayout(row);
    layout->addWidget(m_output, 1);
    connect(m_ask, &QPushButton::clicked, this, [this] { ask(m_input->text()); });
    connect(m_input, &QLineEdit::returnPressed, this, [this] { ask(m_input->text()); });
    connect(m_input, &QLineEdit::textChanged, this, &TrainingChatBox::updateActions);
    connect(&m_watcher, &QFutureWatcher<JobOutcome<Answer>>::finished, this, &TrainingChatBox::onFinished);
    setModel(QString(), QString(), QString());
}

void TrainingChatBox::setModel(const QString &folder, const QString &adapterFolder, const QString &label)
{
    if (folder == m_folder && adapterFolder == m_adapter && !label.isEmpty()) {
        m_modelLabel->setText(label);
        return;
    }
    m_folder = folder;
    m_adapter = adapterFolder;
    m_model.reset();
    ++m_generation;
    m_modelLabel->setText(folder.isEmpty() ? tr("Choose a base model, or a checkpoint of a run.") : label);
    updateActions();
}

void TrainingChatBox::setDevice(const QString &device)
{
    if (device == m_device)
        return;
    m_device = device;
    m_model.reset();
    ++m_generation; // a reply still on its way keeps its model to itself
}

void TrainingChatBox::ask(const QString &text)
{
    if (m_busy || m_folder.isEmpty() || text.trimmed().isEmpty())
        return;
    const std::string folder = m_folder.toStdString(), adapter = m_adapter.toStdString();
    const std::string device = m_device.toStdString();
    std::shared_ptr<const ChatModel> model = m_model;
    const std::string turn = text.trimmed().toStdString();
    GenerationOptions generation;
    generation.maxNewTokens = m_maxTokens->value();
    auto handle = m_runner->start<Answer>(tr("Generating a reply"), [=](Progress &progress) {
        Answer answer;
        answer.model = model;
        if (!answer.model) {
            progress.reportNow(-1.0, "loading the model");
            LanguageModelOptions options;
            options.device = resolveComputeDevice(device); // the training form's choice; throws for a GPU that is gone
            answer.model = std::make_shared<const ChatModel>(folder, adapter, options);
        }
        progress.reportNow(-1.0, "generating");
        answer.text = answer.model->reply({{ChatMessage{"user", turn}}}, generation, progress).at(0);
        return answer;
    });
    m_job = handle.job;
    m_watcher.setProperty("generation", m_generation);
    m_watcher.setFuture(handle.future);
    m_busy = true;
    m_output->setPlainText(tr("Generating…"));
    updateActions();
}

void TrainingChatBox::onFinished()
{
    m_busy = false;
    m_job.clear();
    const JobOutcome<Answer> outcome = m_watcher.result();
    if (outcome.succeeded()) {
        if (m_watcher.property("generation").toULongLong() == m_generation)
            m_model = outcome.value->model; // keep it for the next turn
        m_output->setPlainText(QString::fromStdString(outcome.value->text));
    } else {
        m_output->setPlainText(outcome.cancelled ? tr("Cancelled.") : tr("Cannot generate: %1").arg(outcome.error));
    }
    updateActions();
    Q_EMIT replied(outcome.succeeded());
}

QString TrainingChatBox::reply() const
{
    return m_output->toPlainText();
}

void TrainingChatBox::updateActions()
{
    m_ask->setEnabled(!m_busy && !m_folder.isEmpty() && !m_input->text().trimmed().isEmpty());
}

} // namespace crsw
