#include "bench_util.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace crsw::bench {

std::string runCommand(const std::string &command, int &status)
{
    std::string output;
    FILE *pipe = ::popen(command.c_str(), "r");
    if (!pipe) {
        status = -1;
        return output;
    }
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe))
        output += buffer;
    const int raw = ::pclose(pipe);
    status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return output;
}

std::string shellQuoted(const std::string &text)
{
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::vector<double> readNpyFloat64(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
        throw std::runtime_error(path + ": not a .npy file");
    const int major = static_cast<unsigned char>(bytes[6]);
    std::size_t headerLength = 0, offset = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8]) | (std::size_t(static_cast<unsigned char>(bytes[9])) << 8);
        offset = 10;
    } else {
        for (int b = 0; b < 4; ++b)
            headerLength |= std::size_t(static_cast<unsigned char>(bytes[8 + b])) << (8 * b);
        offset = 12;
    }
    const std::string header = bytes.substr(offset, headerLength);
    if (header.find("'<f8'") == std::string::npos || header.find("'fortran_order': False") == std::string::npos)
        throw std::runtime_error(path + ": expected C-order float64, header " + header);
    const std::size_t begin = offset + headerLength;
    std::vector<double> values((bytes.size() - begin) / sizeof(double));
    std::memcpy(values.data(), bytes.data() + begin, values.size() * sizeof(double));
    return values;
}

long peakResidentKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}

std::string lastJsonLine(const std::string &text)
{
    std::istringstream lines(text);
    std::string line, last;
    while (std::getline(lines, line))
        if (!line.empty() && line[0] == '{')
            last = line;
    return last;
}

std::string referencePython()
{
    const char *fromEnv = std::getenv("CRSW_PYTHON");
    return fromEnv && *fromEnv ? fromEnv : "python3";
}

bool pythonImports(const std::string &python, const std::string &modules)
{
    int status = 0;
    runCommand(shellQuoted(python) + " -c " + shellQuoted("import " + modules) + " 2>/dev/null", status);
    return status == 0;
}

} // namespace crsw::bench
