#include "test_paths.h"

#include <QDir>
#include <QFileInfo>

namespace crsw::test {

QString fixturesDir()
{
    return QStringLiteral(CRSW_TEST_DATA_DIR);
}

QString fixture(const QString &relativePath)
{
    return fixturesDir() + QLatin1Char('/') + relativePath;
}

QString benchDataDir()
{
    const QString fromEnv = qEnvironmentVariable("CRSW_BENCH_DATA");
    const QString dir = fromEnv.isEmpty() ? QStringLiteral(CRSW_DEFAULT_BENCH_DATA) : fromEnv;
    // The He et al. INSPIRED test set is the marker that the folder is the real data.
    if (QFileInfo::exists(dir + QStringLiteral("/inspired/test.jsonl")))
        return QDir(dir).absolutePath();
    return {};
}

QString benchDataMissingMessage()
{
    return QStringLiteral("real benchmark data not found (looked in ../shared/data beside the checkout "
                          "and in $CRSW_BENCH_DATA); skipping");
}

QString binaryDir()
{
    return QStringLiteral(CRSW_BINARY_DIR);
}

QString crswExecutable()
{
    return binaryDir() + QStringLiteral("/app/crsw");
}

} // namespace crsw::test
