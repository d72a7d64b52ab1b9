#pragma once

#include "teacherconnectiontest.h"
#include "teachersettings.h"

#include <QGroupBox>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace crsw {

class JobRunner;

/// The teacher's settings: the offline synthesizer or an OpenAI-compatible
/// endpoint (base URL, model, temperature, max tokens, concurrency,
/// requests/minute, timeout), the API key's source shown masked with a field
/// for a key used this session only, and "Test connection". Every change but
/// the key is saved to QSettings at once.
class TeacherSettingsForm : public QGroupBox {
    Q_OBJECT
public:
    /// A form showing the saved settings; the connection test runs through `runner`.
    explicit TeacherSettingsForm(JobRunner *runner, QWidget *parent = nullptr);

    /// The settings as shown.
    TeacherSettings settings() const;
    /// Shows `settings` (and saves them).
    void setSettings(const TeacherSettings &settings);
    /// The key typed for this session ("" = use the looked-up one).
    QString sessionKey() const;
    /// The key a run sends: the session key, else lookupApiKey(host).
    QString effectiveKey() const;
    /// The latency of the last successful connection test, or -1.
    qint64 lastLatencyMs() const { return m_lastLatencyMs; }
    /// Sends the test request.
    void testConnection();
    /// The connection test's result line as shown.
    QString connectionText() const;
    /// The key line as shown ("sk-…abcd from OPENAI_API_KEY").
    QString keyText() const;

Q_SIGNALS:
    /// The user changed a setting.
    void settingsChanged();
    /// A connection test ended.
    void connectionTested(bool ok, const QString &text);

private:
    void onEdited();
    void updateKeyLine();
    void forgetConnectionTest();
    void updateEnabled();
    void onTested(const TeacherConnectionTest::Result &result);

    TeacherConnectionTest *m_test;
    QRadioButton *m_offline;
    QRadioButton *m_endpoint;
    QLineEdit *m_baseUrl;
    QLineEdit *m_model;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_maxTokens;
    QSpinBox *m_concurrency;
    QDoubleSpinBox *m_rpm;
    QSpinBox *m_timeout;
    QLabel *m_keySource;
    QLineEdit *m_sessionKey;
    QPushButton *m_testButton;
    QLabel *m_connection;
    qint64 m_lastLatencyMs = -1;
    QString m_testedUrl, m_testedModel;   // what the last successful test reached
    QString m_runningUrl, m_runningModel; // what the running test asks
    bool m_loading = false;
};

} // namespace crsw
