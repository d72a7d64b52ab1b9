#include "teachersettings.h"

#include <QFileInfo>
#include <QSettings>
#include <QUrl>

namespace crsw {

namespace {
const QString kGroup = QStringLiteral("teacher/");
} // namespace

TeacherSettings TeacherSettings::load()
{
    const QSettings settings;
    TeacherSettings s;
    s.baseUrl = settings.value(kGroup + QStringLiteral("baseUrl")).toString();
    s.model = settings.value(kGroup + QStringLiteral("model")).toString();
    // Offline is the default while no endpoint has been set.
    s.offline = settings.value(kGroup + QStringLiteral("offline"), s.baseUrl.isEmpty()).toBool();
    s.temperature = settings.value(kGroup + QStringLiteral("temperature"), s.temperature).toDouble();
    s.maxTokens = settings.value(kGroup + QStringLiteral("maxTokens"), s.maxTokens).toInt();
    s.concurrency = settings.value(kGroup + QStringLiteral("concurrency"), s.concurrency).toInt();
    s.requestsPerMinute = settings.value(kGroup + QStringLiteral("requestsPerMinute"), s.requestsPerMinute).toDouble();
    s.timeoutSeconds = settings.value(kGroup + QStringLiteral("timeoutSeconds"), s.timeoutSeconds).toInt();
    return s;
}

void TeacherSettings::save() const
{
    QSettings settings;
    settings.setValue(kGroup + QStringLiteral("offline"), offline);
    settings.setValue(kGroup + QStringLiteral("baseUrl"), baseUrl);
    settings.setValue(kGroup + QStringLiteral("model"), model);
    settings.setValue(kGroup + QStringLiteral("temperature"), temperature);
    settings.setValue(kGroup + QStringLiteral("maxTokens"), maxTokens);
    settings.setValue(kGroup + QStringLiteral("concurrency"), concurrency);
    settings.setValue(kGroup + QStringLiteral("requestsPerMinute"), requestsPerMinute);
    settings.setValue(kGroup + QStringLiteral("timeoutSeconds"), timeoutSeconds);
}

QString TeacherSettings::host() const
{
    return QUrl(baseUrl.trimmed()).host();
}

OpenAiChatConfig TeacherSettings::clientConfig(const QString &sessionKey, const QString &cachePath) const
{
    OpenAiChatConfig config;
    config.baseUrl = baseUrl.trimmed().toStdString();
    // Empty: the client looks the key up itself (environment, keyring).
    config.apiKey = sessionKey.toStdString();
    config.concurrency = concurrency;
    config.requestsPerMinute = requestsPerMinute;
    config.timeoutMs = timeoutSeconds * 1000;
    config.cachePath = cachePath.toStdString();
    config.prices = priceTable();
    return config;
}

ChatParams TeacherSettings::chatParams() const
{
    ChatParams params;
    params.model = model.trimmed().toStdString();
    params.temperature = temperature;
    params.maxTokens = maxTokens;
    return params;
}

PriceTable TeacherSettings::priceTable()
{
    const std::string path = PriceTable::defaultPath();
    if (QFileInfo::exists(QString::fromStdString(path))) {
        try {
            return PriceTable::load(path);
        } catch (const std::exception &) {
            // A broken user table must not stop a run; the defaults price it.
        }
    }
    return PriceTable::defaults();
}

} // namespace crsw
