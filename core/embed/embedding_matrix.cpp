#include "embed/embedding_matrix.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace crsw {

struct EmbeddingMatrix::Mapping {
    void *address = nullptr;
    std::size_t length = 0;
    ~Mapping()
    {
        if (address)
            ::munmap(address, length);
    }
};

namespace {

// The parsed header of a .npy file: dtype descr, order, shape, payload offset.
struct NpyHeader {
    std::string descr;
    bool fortran = false;
    std::vector<std::size_t> shape;
    std::size_t dataOffset = 0;
};

// Value of `key` in the header's Python dict literal, e.g. "'<f4'" or "(10, 3)".
std::string dictValue(const std::string &dict, const std::string &key, const std::string &path)
{
    const std::string quoted = "'" + key + "'";
    const auto at = dict.find(quoted);
    if (at == std::string::npos)
        throw Error({path, 0, key}, "missing from the .npy header");
    auto start = dict.find(':', at + quoted.size());
    if (start == std::string::npos)
        throw Error({path, 0, key}, "malformed .npy header");
    ++start;
    while (start < dict.size() && dict[start] == ' ')
        ++start;
    std::size_t end = start;
    if (start < dict.size() && dict[start] == '(') {
        end = dict.find(')', start);
        if (end == std::string::npos)
            throw Error({path, 0, key}, "malformed .npy header");
        ++end;
    } else if (start < dict.size() && dict[start] == '\'') {
        end = dict.find('\'', start + 1);
        if (end == std::string::npos)
            throw Error({path, 0, key}, "malformed .npy header");
        ++end;
    } else {
        while (end < dict.size() && dict[end] != ',' && dict[end] != '}')
            ++end;
    }
    return dict.substr(start, end - start);
}

NpyHeader parseHeader(const unsigned char *bytes, std::size_t size, const std::string &path)
{
    static const unsigned char magic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (size < 10 || std::memcmp(bytes, magic, 6) != 0)
        throw Error({path, 0, {}}, "not a .npy file (bad magic)");
    const int major = bytes[6];
    std::size_t headerLength = 0;
    std::size_t prefix = 0;
    if (major == 1) {
        headerLength = bytes[8] | (std::size_t(bytes[9]) << 8);
        prefix = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12)
            throw Error({path, 0, {}}, "truncated .npy header");
        headerLength = bytes[8] | (std::size_t(bytes[9]) << 8) | (std::size_t(bytes[10]) << 16) | (std::size_t(bytes[11]) << 24);
        prefix = 12;
    } else {
        throw Error({path, 0, {}}, "unsupported .npy format version " + std::to_string(major));
    }
    if (prefix + headerLength > size)
        throw Error({path, 0, {}}, "truncated .npy header");
    const std::string dict(reinterpret_cast<const char *>(bytes + prefix), headerLength);
    NpyHeader header;
    header.descr = dictValue(dict, "descr", path);
    header.fortran = dictValue(dict, "fortran_order", path) == "True";
    const std::string shape = dictValue(dict, "shape", path);
    std::size_t i = 1;
    while (i < shape.size()) {
        while (i < shape.size() && (shape[i] == ' ' || shape[i] == ','))
            ++i;
        if (i >= shape.size() || shape[i] == ')')
            break;
        std::size_t j = i;
        while (j < shape.size() && shape[j] >= '0' && shape[j] <= '9')
            ++j;
        if (j == i)
            throw Error({path, 0, "shape"}, "malformed shape " + shape);
        header.shape.push_back(std::stoull(shape.substr(i, j - i)));
        i = j;
    }
    header.dataOffset = prefix + headerLength;
    return header;
}

std::string headerBytes(const std::string &descr, const std::string &shape)
{
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    // Pad with spaces so the payload starts on a 64-byte boundary (format 1.0: 10-byte prefix).
    const std::size_t total = 10 + dict.size() + 1;
    dict += std::string((64 - total % 64) % 64, ' ') + "\n";
    std::string out = "\x93NUMPY";
    out += char(1);
    out += char(0);
    out += char(dict.size() & 0xff);
    out += char((dict.size() >> 8) & 0xff);
    return out + dict;
}

// writeFileAtomically() for a header and a payload, without first copying a
// matrix of gigabytes into one string: a temporary file in the same folder is
// written, fsync'ed and renamed over `path`, then the folder is fsync'ed.
void writeAtomically(const std::string &path, const std::string &header, const void *payload, std::size_t size)
{
    const std::filesystem::path target(path);
    if (target.has_parent_path())
        makeDirectories(target.parent_path().string());
    const std::string temp = path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device()());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error({path, 0, {}}, std::string("cannot create temporary file: ") + std::strerror(errno));
    const auto fail = [&](const std::string &what) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        ::unlink(temp.c_str());
        throw Error({path, 0, {}}, what + ": " + why);
    };
    const auto writeAll = [&](const char *data, std::size_t left) {
        while (left > 0) {
            const ssize_t written = ::write(fd, data, std::min<std::size_t>(left, std::size_t(1) << 30));
            if (written < 0) {
                if (errno == EINTR)
                    continue;
                fail("write failed");
            }
            data += written;
            left -= static_cast<std::size_t>(written);
        }
    };
    writeAll(header.data(), header.size());
    writeAll(static_cast<const char *>(payload), size);
    if (::fsync(fd) != 0)
        fail("cannot flush file");
    if (::close(fd) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(temp.c_str());
        throw Error({path, 0, {}}, "cannot flush file: " + why);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(temp.c_str());
        throw Error({path, 0, {}}, "cannot replace file: " + why);
    }
    syncDirectory(target.has_parent_path() ? target.parent_path().string() : ".");
}

} // namespace

EmbeddingMatrix::EmbeddingMatrix() = default;

EmbeddingMatrix::EmbeddingMatrix(std::size_t rows, std::size_t cols)
    : m_rows(rows), m_cols(cols), m_owned(rows * cols, 0.0f)
{
    m_data = m_owned.data();
}

EmbeddingMatrix::EmbeddingMatrix(EmbeddingMatrix &&other) noexcept { *this = std::move(other); }

EmbeddingMatrix &EmbeddingMatrix::operator=(EmbeddingMatrix &&other) noexcept
{
    if (this == &other)
        return *this;
    m_rows = other.m_rows;
    m_cols = other.m_cols;
    m_owned = std::move(other.m_owned);
    m_mapping = std::move(other.m_mapping);
    m_data = m_mapping ? other.m_data : m_owned.data();
    other.m_rows = other.m_cols = 0;
    other.m_data = nullptr;
    return *this;
}

EmbeddingMatrix::~EmbeddingMatrix() = default;

bool EmbeddingMatrix::isMapped() const { return m_mapping != nullptr; }

float *EmbeddingMatrix::mutableData()
{
    if (m_mapping)
        throw std::logic_error("a memory-mapped embedding matrix is read-only");
    return m_owned.data();
}

EmbeddingMatrix EmbeddingMatrix::mapNpy(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error({path, 0, {}}, std::string("cannot open: ") + std::strerror(errno));
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error({path, 0, {}}, "not a regular file");
    }
    const std::size_t length = static_cast<std::size_t>(st.st_size);
    if (length == 0) {
        ::close(fd);
        throw Error({path, 0, {}}, "empty file, expected a .npy array");
    }
    void *address = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (address == MAP_FAILED)
        throw Error({path, 0, {}}, std::string("cannot map: ") + std::strerror(errno));
    auto mapping = std::make_unique<Mapping>();
    mapping->address = address;
    mapping->length = length;

    const NpyHeader header = parseHeader(static_cast<const unsigned char *>(address), length, path);
    if (header.descr != "'<f4'")
        throw Error({path, 0, "descr"}, "expected float32 ('<f4'), got " + header.descr);
    if (header.fortran)
        throw Error({path, 0, "fortran_order"}, "expected C order");
    if (header.shape.size() != 2)
        throw Error({path, 0, "shape"}, "expected a 2-D array, got " + std::to_string(header.shape.size()) + " dimensions");
    if (header.shape[1] != 0 && header.shape[0] > (length / sizeof(float)) / header.shape[1] + 1)
        throw Error({path, 0, {}}, "truncated: the header promises " + std::to_string(header.shape[0]) + " x "
                                       + std::to_string(header.shape[1]) + " values, the file is " + std::to_string(length)
                                       + " bytes");
    const std::size_t payload = header.shape[0] * header.shape[1] * sizeof(float);
    if (header.dataOffset + payload > length)
        throw Error({path, 0, {}}, "truncated: the header promises " + std::to_string(payload) + " bytes of data, the file has "
                                       + std::to_string(length - header.dataOffset));
    if (header.dataOffset % alignof(float) != 0)
        throw Error({path, 0, {}}, "misaligned payload");
    ::madvise(address, length, MADV_SEQUENTIAL);

    EmbeddingMatrix matrix;
    matrix.m_rows = header.shape[0];
    matrix.m_cols = header.shape[1];
    matrix.m_data = reinterpret_cast<const float *>(static_cast<const char *>(address) + header.dataOffset);
    matrix.m_mapping = std::move(mapping);
    return matrix;
}

void writeNpy(const std::string &path, const EmbeddingMatrix &matrix)
{
    const std::string header = headerBytes("<f4", "(" + std::to_string(matrix.rows()) + ", " + std::to_string(matrix.cols()) + ")");
    writeAtomically(path, header, matrix.data(), matrix.rows() * matrix.cols() * sizeof(float));
}

void writeNpyInt32(const std::string &path, const std::vector<std::int32_t> &values)
{
    const std::string header = headerBytes("<i4", "(" + std::to_string(values.size()) + ",)");
    writeAtomically(path, header, values.data(), values.size() * sizeof(std::int32_t));
}

std::vector<std::int32_t> readNpyInt32(const std::string &path)
{
    const std::string bytes = readWholeFile(path);
    const NpyHeader header = parseHeader(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size(), path);
    if (header.descr != "'<i4'")
        throw Error({path, 0, "descr"}, "expected int32 ('<i4'), got " + header.descr);
    if (header.shape.size() != 1)
        throw Error({path, 0, "shape"}, "expected a 1-D array, got " + std::to_string(header.shape.size()) + " dimensions");
    if (header.shape[0] > bytes.size() / sizeof(std::int32_t))
        throw Error({path, 0, {}}, "truncated data");
    const std::size_t payload = header.shape[0] * sizeof(std::int32_t);
    if (header.dataOffset + payload > bytes.size())
        throw Error({path, 0, {}}, "truncated data");
    std::vector<std::int32_t> values(header.shape[0]);
    std::memcpy(values.data(), bytes.data() + header.dataOffset, payload);
    return values;
}

} // namespace crsw
