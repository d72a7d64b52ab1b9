#pragma once

#include <string>

namespace crsw {

/// Writes `contents` to `path` atomically: a temporary file in the same
/// folder is written, fsync'ed and renamed over `path`, so a reader (or a
/// crash) sees either the old file or the whole new one. Throws crsw::Error.
void writeFileAtomically(const std::string &path, const std::string &contents);

/// fsyncs `folder` itself, so that a rename or a new entry in it survives a
/// crash. Best effort: a folder that cannot be opened is skipped.
void syncDirectory(const std::string &folder);

/// Reads a whole file. Throws crsw::Error naming the file on failure.
std::string readWholeFile(const std::string &path);

/// Creates a directory and its parents (no error if it exists). Throws crsw::Error.
void makeDirectories(const std::string &path);

} // namespace crsw
