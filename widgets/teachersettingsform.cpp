#include "teachersettingsform.h"

#include "teacher/api_key.h"

#include <QButtonGroup>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace crsw {

TeacherSettingsForm::TeacherSettingsForm(JobRunner *runner, QWidget *parent)
    : QGroupBox(tr("Teacher"), parent)
    , m_test(new TeacherConnectionTest(runner, this))
    , m_offline(new QRadioButton(tr("Offline synthesizer (template-based, no LLM)"), this))
    , m_endpoint(new QRadioButton(tr("OpenAI-compatible endpoint"), this))
    , m_baseUrl(new QLineEdit(this))
    , m_model(new QLineEdit(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_rpm(new QDoubleSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_keySource(new QLabel(this))
    , m_sessionKey(new QLineEdit(this))
    , m_testButton(new QPushButton(tr("Test Connection"), this))
    , m_connection(new QLabel(this))
{
    setObjectName(QStringLiteral("teacherSettings"));
    m_offline->setObjectName(QStringLiteral("offlineTeacher"));
    m_endpoint->setObjectName(QStringLiteral("endpointTeacher"));
    m_offline->setToolTip(tr("Queries from the reviews' salient phrases and the item metadata through the query "
                             "templates; ground truth from item similarity. Needs no endpoint and costs nothing."));
    auto *group = new QButtonGroup(this);
    group->addButton(m_offline);
    group->addButton(m_endpoint);

    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.openai.com/v1"));
    m_baseUrl->setToolTip(tr("The API root; /chat/completions is appended. vLLM: http://host:8000/v1, "
                             "Ollama: http://localhost:11434/v1, llama.cpp server: http://localhost:8080/v1"));
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setPlaceholderText(QStringLiteral("gpt-4o-mini"));
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setToolTip(tr("0.8 in the paper"));
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_maxTokens->setRange(16, 32768);
    m_concurrency->setObjectName(QStringLiteral("concurrency"));
    m_concurrency->setRange(1, 256);
    m_concurrency->setToolTip(tr("Requests on the wire at once"));
    m_rpm->setObjectName(QStringLiteral("requestsPerMinute"));
    m_rpm->setRange(0, 100000);
    m_rpm->setDecimals(0);
    m_rpm->setSpecialValueText(tr("no limit"));
    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_timeout->setRange(1, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_keySource->setObjectName(QStringLiteral("keySource"));
    m_keySource->setToolTip(tr("Looked up in CRSW_API_KEY, then OPENAI_API_KEY, then the keyring (secret-tool, "
                               "service crsw-workbench, account = the endpoint's host). Only its masked form is shown; "
                               "it is never written to the workspace, the settings or a log."));
    m_keySource->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sessionKey->setObjectName(QStringLiteral("sessionKey"));
    m_sessionKey->setEchoMode(QLineEdit::Password);
    m_sessionKey->setPlaceholderText(tr("a key for this session only (never saved)"));
    m_testButton->setObjectName(QStringLiteral("testConnection"));
    m_testButton->setToolTip(tr("Sends one tiny chat request and shows the latency and the answer or the error"));
    m_connection->setObjectName(QStringLiteral("connectionResult"));
    m_connection->setWordWrap(true);
    m_connection->hide(); // until a test has run
    m_connection->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *endpointForm = new QFormLayout;
    endpointForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    endpointForm->addRow(tr("Base URL:"), m_baseUrl);
    endpointForm->addRow(tr("Model:"), m_model);
    auto *sampling = new QHBoxLayout;
    sampling->addWidget(m_temperature);
    sampling->addWidget(new QLabel(tr("Max tokens:"), this));
    sampling->addWidget(m_maxTokens);
    endpointForm->addRow(tr("Temperature:"), sampling);
    auto *rate = new QHBoxLayout;
    rate->addWidget(m_concurrency);
    rate->addWidget(new QLabel(tr("Requests/min:"), this));
    rate->addWidget(m_rpm);
    endpointForm->addRow(tr("Concurrency:"), rate);
    endpointForm->addRow(tr("Timeout:"), m_timeout);
    endpointForm->addRow(tr("API key:"), m_keySource);
    endpointForm->addRow(QString(), m_sessionKey);
    auto *test = new QHBoxLayout;
    test->addWidget(m_testButton);
    test->addStretch(1);
    endpointForm->addRow(QString(), test);
    endpointForm->addRow(m_connection); // the whole width: answers and errors run long

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_offline);
    layout->addWidget(m_endpoint);
    layout->addLayout(endpointForm);

    setSettings(TeacherSettings::load());
    for (QLineEdit *edit : {m_baseUrl, m_model})
        connect(edit, &QLineEdit::textEdited, this, &TeacherSettingsForm::onEdited);
    for (QDoubleSpinBox *box : {m_temperature, m_rpm})
        connect(box, &QDoubleSpinBox::valueChanged, this, &TeacherSettingsForm::onEdited);
    for (QSpinBox *box : {m_maxTokens, m_concurrency, m_timeout})
        connect(box, &QSpinBox::valueChanged, this, &TeacherSettingsForm::onEdited);
    connect(m_offline, &QRadioButton::toggled, this, &TeacherSettingsForm::onEdited);
    connect(m_baseUrl, &QLineEdit::textEdited, this, &TeacherSettingsForm::updateKeyLine);
    connect(m_sessionKey, &QLineEdit::textChanged, this, &TeacherSettingsForm::updateKeyLine);
    connect(m_testButton, &QPushButton::clicked, this, &TeacherSettingsForm::testConnection);
    connect(m_test, &TeacherConnectionTest::finished, this, &TeacherSettingsForm::onTested);
}

TeacherSettings TeacherSettingsForm::settings() const
{
    TeacherSettings s;
    s.offline = m_offline->isChecked();
    s.baseUrl = m_baseUrl->text().trimmed();
    s.model = m_model->text().trimmed();
    s.temperature = m_temperature->value();
    s.maxTokens = m_maxTokens->value();
    s.concurrency = m_concurrency->value();
    s.requestsPerMinute = m_rpm->value();
    s.timeoutSeconds = m_timeout->value();
    return s;
}

void TeacherSettingsForm::setSettings(const TeacherSettings &s)
{
    m_loading = true; // one save at the end, not one per field
    (s.offline ? m_offline : m_endpoint)->setChecked(true);
    m_baseUrl->setText(s.baseUrl);
    m_model->setText(s.model);
    m_temperature->setValue(s.temperature);
    m_maxTokens->setValue(s.maxTokens);
    m_concurrency->setValue(s.concurrency);
    m_rpm->setValue(s.requestsPerMinute);
    m_timeout->setValue(s.timeoutSeconds);
    m_loading = false;
    s.save();
    forgetConnectionTest();
    updateKeyLine();
    updateEnabled();
}

QString TeacherSettingsForm::sessionKey() const
{
    return m_sessionKey->text().trimmed();
}

QString TeacherSettingsForm::effectiveKey() const
{
    if (!sessionKey().isEmpty())
        return sessionKey();
    return QString::fromStdString(lookupApiKey(settings().host().toStdString()).key);
}

QString TeacherSettingsForm::connectionText() const
{
    return m_connection->text();
}

QString TeacherSettingsForm::keyText() const
{
    return m_keySource->text();
}

void TeacherSettingsForm::onEdited()
{
    if (m_loading)
        return;
    forgetConnectionTest();
    settings().save();
    updateEnabled();
    Q_EMIT settingsChanged();
}

void TeacherSettingsForm::forgetConnectionTest()
{
    // A test of another endpoint or model says nothing about this one.
    const TeacherSettings now = settings();
    if (now.baseUrl == m_testedUrl && now.model == m_testedModel)
        return;
    m_lastLatencyMs = -1;
    m_connection->clear();
    m_connection->hide();
}

void TeacherSettingsForm::updateKeyLine()
{
    // Only the masked form is ever shown; the key itself stays in memory.
    if (!sessionKey().isEmpty()) {
        m_keySource->setText(tr("%1 (typed for this session, not saved)")
                                 .arg(QString::fromStdString(maskedKey(sessionKey().toStdString()))));
        return;
    }
    const ApiKey key = lookupApiKey(settings().host().toStdString());
    if (key.key.empty())
        m_keySource->setText(tr("none found (local servers need none)"));
    else
        m_keySource->setText(tr("%1 from %2").arg(QString::fromStdString(maskedKey(key.key)),
                                                  QString::fromStdString(key.source)));
}

void TeacherSettingsForm::updateEnabled()
{
    const bool endpoint = m_endpoint->isChecked();
    for (QWidget *w : std::initializer_list<QWidget *>{m_baseUrl, m_model, m_temperature, m_maxTokens, m_concurrency,
                                                       m_rpm, m_timeout, m_sessionKey})
        w->setEnabled(endpoint);
    m_testButton->setEnabled(endpoint && !m_test->isRunning() && !m_baseUrl->text().trimmed().isEmpty());
}

void TeacherSettingsForm::testConnection()
{
    if (m_test->isRunning())
        return;
    m_runningUrl = settings().baseUrl;
    m_runningModel = settings().model;
    m_testedUrl.clear(); // until this test answers
    m_lastLatencyMs = -1;
    m_connection->setText(tr("Sending one request…"));
    m_connection->setStyleSheet(QString());
    m_connection->show();
    m_test->start(settings(), sessionKey());
    updateEnabled();
}

void TeacherSettingsForm::onTested(const TeacherConnectionTest::Result &result)
{
    const QLocale locale;
    QString answer = result.text.simplified();
    if (answer.size() > 200)
        answer = answer.left(200) + QChar(0x2026);
    if (result.ok) {
        m_lastLatencyMs = result.milliseconds;
        m_testedUrl = m_runningUrl;
        m_testedModel = m_runningModel;
        m_connection->setText(tr("OK in %1 ms · %2 answered: “%3”")
                                  .arg(locale.toString(result.milliseconds),
                                       result.model.isEmpty() ? tr("the model") : result.model, answer));
        m_connection->setStyleSheet(QString());
    } else {
        m_connection->setText(tr("Failed after %1 ms: %2").arg(locale.toString(result.milliseconds), answer));
        m_connection->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
    updateEnabled();
    Q_EMIT connectionTested(result.ok, m_connection->text());
}

} // namespace crsw

// This header's moc output is compiled here, not in the shared mocs_compilation.cpp,
// where core/teacher's crsw::ChatMessage (chat_types.h) would meet core/model's
// (chat_format.h) from another page's header.
#include "moc_teachersettingsform.cpp"
