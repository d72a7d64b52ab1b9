#include "cli_run.h"

#include "test_paths.h"

#include <QFile>
#include <QProcess>

namespace crsw::test {

CliRun runCrsw(const QStringList &args, int timeoutMs, const QProcessEnvironment &env)
{
    QProcess process;
    if (!env.isEmpty())
        process.setProcessEnvironment(env);
    process.start(crswExecutable(), args);
    if (!process.waitForFinished(timeoutMs))
        process.kill();
    return CliRun{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                  QString::fromUtf8(process.readAllStandardOutput()),
                  QString::fromUtf8(process.readAllStandardError())};
}

QList<QByteArray> fileLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = file.readAll().trimmed();
    return text.isEmpty() ? QList<QByteArray>() : text.split('\n');
}

} // namespace crsw::test
