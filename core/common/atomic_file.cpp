#include "common/atomic_file.h"

#include "common/error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace crsw {

namespace {
std::string systemError() { return std::strerror(errno); }
} // namespace

void writeFileAtomically(const std::string &path, const std::string &contents)
{
    const std::filesystem::path target(path);
    if (target.has_parent_path())
        makeDirectories(target.parent_path().string());
    std::random_device entropy;
    const std::string temp = path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(entropy());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error({path, 0, {}}, "cannot create temporary file: " + systemError());
    const char *data = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            const std::string why = systemError();
            ::close(fd);
            ::unlink(temp.c_str());
            throw Error({path, 0, {}}, "write failed: " + why);
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = systemError();
        ::unlink(temp.c_str());
        throw Error({path, 0, {}}, "cannot flush file: " + why);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string why = systemError();
        ::unlink(temp.c_str());
        throw Error({path, 0, {}}, "cannot replace file: " + why);
    }
    // The rename itself must reach the disk for the write to survive a crash.
    syncDirectory(target.has_parent_path() ? target.parent_path().string() : ".");
}

void syncDirectory(const std::string &folder)
{
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string readWholeFile(const std::string &path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error({path, 0, {}}, "is a directory, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error({path, 0, {}}, std::string("cannot open: ") + systemError());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw Error({path, 0, {}}, "read failed");
    return buffer.str();
}

void makeDirectories(const std::string &path)
{
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
        throw Error({path, 0, {}}, "cannot create directory: " + ec.message());
}

} // namespace crsw
