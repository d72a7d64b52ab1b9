#pragma once
// Small helpers shared by the benchmark reader tests.

#include "common/load_report.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <fstream>
#include <string>
#include <vector>

namespace crsw::test {

/// Writes raw bytes (no text conversion) to `path`.
inline void writeBytes(const QString &path, const std::string &bytes)
{
    std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << bytes;
}

/// Every problem of a report as "file:line: field: reason" (a QStringList so
/// QCOMPARE prints both sides on failure).
inline QStringList problemTexts(const LoadReport &report)
{
    QStringList texts;
    for (const auto &p : report.problems())
        texts.append(QString::fromStdString(p.toString()));
    return texts;
}

/// The text a problem or error is expected to read: `path` + ":" + rest.
inline QString located(const QString &path, const std::string &rest)
{
    return path + QLatin1Char(':') + QString::fromStdString(rest);
}

/// `dir` + "/" + `relative` as a std::string (for the real-data paths).
inline std::string joinPath(const QString &dir, const QString &relative)
{
    return QString(dir + QLatin1Char('/') + relative).toStdString();
}

} // namespace crsw::test
