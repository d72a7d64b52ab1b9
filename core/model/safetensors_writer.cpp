#include "model/safetensors_writer.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <unistd.h>

namespace crsw {

namespace {

std::uint64_t byteSize(const TensorToWrite &tensor)
{
    std::uint64_t count = 1;
    for (std::int64_t size : tensor.shape) {
        if (size < 0)
            throw Error({{}, 0, tensor.name}, "negative dimension in shape");
        count *= static_cast<std::uint64_t>(size);
    }
    return count * dtypeSize(tensor.dtype);
}

void writeAll(int fd, const void *data, std::size_t size, const std::string &path)
{
    const auto *bytes = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t written = ::write(fd, bytes, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            throw Error({path, 0, {}}, std::string("write failed: ") + std::strerror(errno));
        bytes += written;
        size -= static_cast<std::size_t>(written);
    }
}

} // namespace

void writeSafetensors(const std::string &path, const std::vector<TensorToWrite> &tensors,
                      const std::map<std::string, std::string> &metadata)
{
    std::vector<const TensorToWrite *> order;
    std::set<std::string> seen;
    for (const TensorToWrite &tensor : tensors) {
        if (tensor.name.empty() || tensor.name == "__metadata__")
            throw Error({path, 0, tensor.name}, "invalid tensor name");
        if (!seen.insert(tensor.name).second)
            throw Error({path, 0, tensor.name}, "duplicate tensor name");
        order.push_back(&tensor);
    }
    std::stable_sort(order.begin(), order.end(), [](const TensorToWrite *a, const TensorToWrite *b) {
        const std::size_t sa = dtypeSize(a->dtype), sb = dtypeSize(b->dtype);
        return sa != sb ? sa > sb : a->name < b->name;
    });

    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const TensorToWrite *tensor : order) {
        const std::uint64_t size = byteSize(*tensor);
        header[tensor->name] = {{"dtype", dtypeName(tensor->dtype)},
                                {"shape", tensor->shape},
                                {"data_offsets", {offset, offset + size}}};
        offset += size;
    }
    std::string headerText = header.dump();
    headerText.append((8 - headerText.size() % 8) % 8, ' ');
    unsigned char lengthBytes[8];
    for (int i = 0; i < 8; ++i)
        lengthBytes[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(headerText.size()) >> (8 * i));

    // Streamed into a temporary file beside the target, then renamed, so a
    // reader never sees a half-written checkpoint.
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error({path, 0, {}}, std::string("cannot create: ") + std::strerror(errno));
    try {
        writeAll(fd, lengthBytes, sizeof(lengthBytes), path);
        writeAll(fd, headerText.data(), headerText.size(), path);
        for (const TensorToWrite *tensor : order)
            writeAll(fd, tensor->data, static_cast<std::size_t>(byteSize(*tensor)), path);
        if (::fsync(fd) != 0)
            throw Error({path, 0, {}}, std::string("fsync failed: ") + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(fd);
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw Error({path, 0, {}}, std::string("cannot rename into place: ") + std::strerror(error));
    }
}

} // namespace crsw
