#pragma once

#include <QString>

namespace crsw::test {

/// The committed fixtures folder, tests/data.
QString fixturesDir();
/// A fixture file under tests/data.
QString fixture(const QString &relativePath);

/// The real benchmark data (../shared/data beside the checkout, or the folder
/// named by CRSW_BENCH_DATA), or an empty string when it is absent.
QString benchDataDir();
/// The message a test skips with when benchDataDir() is empty.
QString benchDataMissingMessage();

/// The build tree (for the crsw executable in CLI tests).
QString binaryDir();
/// Path of the crsw CLI executable in the build tree.
QString crswExecutable();

} // namespace crsw::test

/// Skips the current test function when the real benchmark data is absent.
#define CRSW_REQUIRE_BENCH_DATA(dirVar)                                              \
    const QString dirVar = crsw::test::benchDataDir();                               \
    if (dirVar.isEmpty())                                                            \
        QSKIP(qPrintable(crsw::test::benchDataMissingMessage()))
