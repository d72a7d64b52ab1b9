#pragma once
// Files written at run time by the tests: gzip members, raw bytes.

#include <QString>

#include <string>

namespace crsw::test {

/// `plain` as one gzip member (zlib, level 6).
std::string gzipBytes(const std::string &plain);
/// Writes bytes to a file, replacing it.
void writeBytes(const QString &path, const std::string &bytes);
/// Reads a whole file (empty when it cannot be read).
std::string readBytes(const QString &path);

} // namespace crsw::test
