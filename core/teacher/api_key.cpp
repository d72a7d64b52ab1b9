#include "teacher/api_key.h"

#include <QByteArray>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace crsw {

namespace {

std::string fromEnv(const char *name)
{
    return qEnvironmentVariable(name).trimmed().toStdString();
}

std::string fromKeyring(const std::string &host)
{
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
    if (tool.isEmpty() || host.empty())
        return {};
    QProcess process;
    // stderr is dropped so nothing of the keyring's answer reaches a log.
    process.setStandardErrorFile(QProcess::nullDevice());
    process.start(tool, {QStringLiteral("lookup"), QStringLiteral("service"), QStringLiteral("crsw-workbench"),
                         QStringLiteral("account"), QString::fromStdString(host)});
    // A locked keyring may prompt the user; give up after a while rather than hang a run.
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(1000);
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed().toStdString();
}

} // namespace

ApiKey lookupApiKey(const std::string &endpointHost)
{
    for (const char *name : {"CRSW_API_KEY", "OPENAI_API_KEY"}) {
        std::string key = fromEnv(name);
        if (!key.empty())
            return {std::move(key), name};
    }
    std::string key = fromKeyring(endpointHost);
    if (!key.empty())
        return {std::move(key), "keyring"};
    return {};
}

std::string maskedKey(const std::string &key)
{
    static const std::string ellipsis = "\xE2\x80\xA6"; // U+2026
    if (key.empty())
        return {};
    // Showing 7 characters of a short key would give most of it away.
    if (key.size() < 16)
        return ellipsis;
    return key.substr(0, 3) + ellipsis + key.substr(key.size() - 4);
}

} // namespace crsw
