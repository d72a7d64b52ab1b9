#pragma once
// Helpers shared by the benchmarks: child processes, the reference's Python,
// .npy files of float64 written by NumPy, peak memory.
#include <cstddef>
#include <string>
#include <vector>

namespace crsw::bench {

/// Runs a shell command; returns its standard output and sets `status` (the
/// exit code, or -1 when it did not exit normally).
std::string runCommand(const std::string &command, int &status);
/// The text quoted for /bin/sh.
std::string shellQuoted(const std::string &text);
/// The payload of a C-order float64 .npy file (any shape), flattened.
std::vector<double> readNpyFloat64(const std::string &path);
/// VmHWM of this process in kB (0 when /proc is unavailable).
long peakResidentKb();
/// The last line of `text` that starts with '{' (a child's JSON summary).
std::string lastJsonLine(const std::string &text);
/// The Python the references run with: $CRSW_PYTHON when set, else python3.
std::string referencePython();
/// Whether `python` imports `modules` ("torch, transformers"), checked by running it.
bool pythonImports(const std::string &python, const std::string &modules);

} // namespace crsw::bench
