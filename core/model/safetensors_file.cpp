#include "model/safetensors_file.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace crsw {

namespace {

// The reference implementation refuses headers above 100 MB; so do we, which
// also keeps a corrupt length from making us parse gigabytes.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

[[noreturn]] void fail(const std::string &path, const std::string &tensor, const std::string &reason)
{
    throw Error({path, 0, tensor}, reason);
}

std::uint64_t readLittleEndian64(const unsigned char *bytes)
{
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; --i)
        value = (value << 8) | bytes[i];
    return value;
}

std::uint64_t nonNegative(const nlohmann::json &value, const std::string &path, const std::string &tensor,
                          const char *what)
{
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
        fail(path, tensor, std::string(what) + ": expected non-negative integers, got " + value.dump());
    return value.get<std::uint64_t>();
}

TensorView parseEntry(const std::string &name, const nlohmann::json &entry, const std::string &path,
                      std::uint64_t dataLength, std::uint64_t &begin, std::uint64_t &end)
{
    if (!entry.is_object())
        fail(path, name, "expected an object with dtype, shape and data_offsets");
    TensorView view;
    view.name = name;

    const auto dtype = entry.find("dtype");
    if (dtype == entry.end() || !dtype->is_string())
        fail(path, name, "dtype: missing or not a string");
    if (!dtypeFromName(dtype->get<std::string>(), view.dtype))
        fail(path, name, "unknown dtype '" + dtype->get<std::string>() + "'");

    const auto shape = entry.find("shape");
    if (shape == entry.end() || !shape->is_array())
        fail(path, name, "shape: missing or not an array");
    std::uint64_t numel = 1;
    bool overflow = false;
    for (const nlohmann::json &dim : *shape) {
        const std::uint64_t size = nonNegative(dim, path, name, "shape");
        view.shape.push_back(static_cast<std::int64_t>(size));
        if (size != 0 && numel > UINT64_MAX / size)
            overflow = true;
        numel *= size;
    }
    const std::uint64_t elementSize = dtypeSize(view.dtype);
    if (overflow || numel > UINT64_MAX / elementSize)
        fail(path, name, "shape " + shape->dump() + " is too large");

    const auto offsets = entry.find("data_offsets");
    if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2)
        fail(path, name, "data_offsets: expected [begin, end]");
    begin = nonNegative((*offsets)[0], path, name, "data_offsets");
    end = nonNegative((*offsets)[1], path, name, "data_offsets");
    if (begin > end)
        fail(path, name, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "] run backwards");
    if (end > dataLength)
        fail(path, name, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end)
                             + "] go beyond the data (" + std::to_string(dataLength) + " bytes; file truncated?)");
    if (end - begin != numel * elementSize)
        fail(path, name, "data_offsets span " + std::to_string(end - begin) + " bytes but " + dtype->get<std::string>()
                             + " " + shape->dump() + " needs " + std::to_string(numel * elementSize));
    view.byteSize = static_cast<std::size_t>(end - begin);
    return view;
}

} // namespace

std::int64_t TensorView::numel() const
{
    std::int64_t count = 1;
    for (std::int64_t size : shape)
        count *= size;
    return count;
}

std::vector<float> TensorView::toFloat32() const
{
    if (!isFloatConvertible(dtype))
        throw Error({{}, 0, name}, std::string("cannot convert ") + dtypeName(dtype) + " to float32");
    std::vector<float> values(static_cast<std::size_t>(numel()));
    convertToFloat32(dtype, data, values.size(), values.data());
    return values;
}

void TensorView::checkTyped(TensorDType expected, std::size_t alignment) const
{
    if (dtype != expected)
        throw Error({{}, 0, name}, std::string("expected ") + dtypeName(expected) + ", the tensor is " + dtypeName(dtype));
    if (reinterpret_cast<std::uintptr_t>(data) % alignment != 0)
        throw Error({{}, 0, name}, "data is not aligned for direct access; use toFloat32()");
}

SafetensorsFile SafetensorsFile::open(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(path, {}, std::string("cannot open: ") + std::strerror(errno));
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        fail(path, {}, "not a regular file");
    }
    SafetensorsFile file;
    file.m_path = path;
    file.m_length = static_cast<std::size_t>(st.st_size);
    if (file.m_length < 8) {
        ::close(fd);
        fail(path, {}, "truncated: " + std::to_string(file.m_length) + " bytes, shorter than the 8-byte header length");
    }
    file.m_address = ::mmap(nullptr, file.m_length, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (file.m_address == MAP_FAILED) {
        file.m_address = nullptr;
        fail(path, {}, std::string("cannot map: ") + std::strerror(errno));
    }
    // From here `file` owns the mapping and unmaps it if validation throws.
    const auto *bytes = static_cast<const unsigned char *>(file.m_address);
    const std::uint64_t headerLength = readLittleEndian64(bytes);
    if (headerLength > file.m_length - 8)
        fail(path, {}, "header length " + std::to_string(headerLength) + " goes beyond the file ("
                           + std::to_string(file.m_length) + " bytes)");
    if (headerLength > kMaxHeaderBytes)
        fail(path, {}, "header length " + std::to_string(headerLength) + " exceeds 100 MB");

    nlohmann::json header;
    try {
        header = nlohmann::json::parse(bytes + 8, bytes + 8 + headerLength);
    } catch (const nlohmann::json::exception &e) {
        fail(path, {}, std::string("header is not valid JSON: ") + e.what());
    }
    if (!header.is_object())
        fail(path, {}, "header is not a JSON object");

    const unsigned char *data = bytes + 8 + headerLength;
    const std::uint64_t dataLength = file.m_length - 8 - headerLength;
    struct Span {
        std::uint64_t begin, end;
        const std::string *name;
    };
    std::vector<Span> spans;
    for (const auto &[name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                fail(path, "__metadata__", "expected an object of strings");
            for (const auto &[key, value] : entry.items()) {
                if (!value.is_string())
                    fail(path, "__metadata__." + key, "expected a string, got " + value.dump());
                file.m_metadata[key] = value.get<std::string>();
            }
            continue;
        }
        std::uint64_t begin = 0, end = 0;
        TensorView view = parseEntry(name, entry, path, dataLength, begin, end);
        view.data = data + begin;
        auto inserted = file.m_tensors.emplace(name, std::move(view));
        spans.push_back({begin, end, &inserted.first->first});
    }
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    for (std::size_t i = 1; i < spans.size(); ++i)
        if (spans[i].begin < spans[i - 1].end)
            fail(path, *spans[i].name, "data_offsets overlap those of '" + *spans[i - 1].name + "'");
    for (const Span &span : spans)
        file.m_names.push_back(*span.name);
    return file;
}

SafetensorsFile::SafetensorsFile(SafetensorsFile &&other) noexcept
    : m_path(std::move(other.m_path)),
      m_address(other.m_address),
      m_length(other.m_length),
      m_names(std::move(other.m_names)),
      m_tensors(std::move(other.m_tensors)),
      m_metadata(std::move(other.m_metadata))
{
    other.m_address = nullptr;
    other.m_length = 0;
}

SafetensorsFile &SafetensorsFile::operator=(SafetensorsFile &&other) noexcept
{
    if (this != &other) {
        if (m_address)
            ::munmap(m_address, m_length);
        m_path = std::move(other.m_path);
        m_address = other.m_address;
        m_length = other.m_length;
        m_names = std::move(other.m_names);
        m_tensors = std::move(other.m_tensors);
        m_metadata = std::move(other.m_metadata);
        other.m_address = nullptr;
        other.m_length = 0;
    }
    return *this;
}

SafetensorsFile::~SafetensorsFile()
{
    if (m_address)
        ::munmap(m_address, m_length);
}

bool SafetensorsFile::contains(const std::string &name) const { return m_tensors.count(name) != 0; }

const TensorView &SafetensorsFile::tensor(const std::string &name) const
{
    const auto found = m_tensors.find(name);
    if (found == m_tensors.end())
        fail(m_path, name, "no such tensor");
    return found->second;
}

} // namespace crsw
