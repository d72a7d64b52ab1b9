#pragma once

#include "model/tensor_dtype.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// A zero-copy view of one tensor inside a memory-mapped safetensors file.
/// Valid while the SafetensorsFile it came from is alive.
struct TensorView {
    std::string name;
    TensorDType dtype = TensorDType::F32;
    std::vector<std::int64_t> shape;
    const unsigned char *data = nullptr; ///< little-endian elements, C order; may be unaligned
    std::size_t byteSize = 0;

    /// Number of elements (1 for a 0-d tensor).
    std::int64_t numel() const;
    /// The elements as float32 (F32, F16, BF16, F64); throws crsw::Error otherwise.
    std::vector<float> toFloat32() const;
    /// The elements as `T` when dtype matches `expected` and the data is
    /// aligned for T; throws crsw::Error otherwise (zero-copy typed access).
    template <typename T>
    const T *as(TensorDType expected) const
    {
        checkTyped(expected, alignof(T));
        return reinterpret_cast<const T *>(data);
    }

private:
    void checkTyped(TensorDType expected, std::size_t alignment) const;
};

/// A safetensors file (8-byte header length, JSON header, raw data), mapped
/// read-only. The header is validated on open: dtypes, shapes against
/// byte sizes, offsets within the file and not overlapping. Errors are
/// crsw::Error naming the file and the tensor. Movable, not copyable.
class SafetensorsFile {
public:
    /// Maps and validates `path`.
    static SafetensorsFile open(const std::string &path);

    SafetensorsFile(SafetensorsFile &&other) noexcept;
    SafetensorsFile &operator=(SafetensorsFile &&other) noexcept;
    ~SafetensorsFile();

    /// The file it maps.
    const std::string &path() const { return m_path; }
    /// Tensor names in file order (by data offset).
    const std::vector<std::string> &names() const { return m_names; }
    /// True when the file has a tensor `name`.
    bool contains(const std::string &name) const;
    /// The view of tensor `name`; throws crsw::Error naming file and tensor when absent.
    const TensorView &tensor(const std::string &name) const;
    /// The "__metadata__" string map (empty when the file has none).
    const std::map<std::string, std::string> &metadata() const { return m_metadata; }

private:
    SafetensorsFile() = default;

    std::string m_path;
    void *m_address = nullptr;
    std::size_t m_length = 0;
    std::vector<std::string> m_names;
    std::map<std::string, TensorView> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

} // namespace crsw
