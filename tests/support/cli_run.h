#pragma once

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace crsw::test {

/// What a run of the crsw executable gave: exit code (-1 when it crashed or
/// was killed) and its standard output and error.
struct CliRun {
    int code = -1;
    QString out;
    QString err;
};

/// Runs the crsw executable of the build tree with `args`, as a user would,
/// killing it after `timeoutMs`; `env` empty = the test's own environment.
CliRun runCrsw(const QStringList &args, int timeoutMs = 600000, const QProcessEnvironment &env = {});

/// The lines of a text file, without the trailing newline; empty when the
/// file is missing or empty.
QList<QByteArray> fileLines(const QString &path);

} // namespace crsw::test
