#pragma once

#include <string>

namespace crsw {

/// Compresses `data` into a gzip member whose header carries no name, no
/// modification time and a fixed OS byte (Unix), so the same input gives the
/// same bytes on every platform that uses zlib's deflate (level 6).
/// Throws crsw::Error if zlib fails.
std::string gzipDeterministic(const std::string &data);

} // namespace crsw
