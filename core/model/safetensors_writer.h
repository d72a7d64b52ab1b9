#pragma once

#include "model/tensor_dtype.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace crsw {

/// One tensor to write: raw little-endian elements in C order, borrowed
/// (must stay alive during writeSafetensors).
struct TensorToWrite {
    std::string name;
    TensorDType dtype = TensorDType::F32;
    std::vector<std::int64_t> shape;
    const void *data = nullptr; ///< numel(shape) * dtypeSize(dtype) bytes
};

/// Writes a safetensors file atomically (temporary file, fsync, rename): the
/// header carries `metadata` as "__metadata__" and is padded with spaces so
/// the data starts 8-byte aligned; tensors are laid out by decreasing element
/// size, then name, so each is aligned too (as the Python writer does).
/// Files it writes load with safetensors.numpy / safetensors.torch.
/// Throws crsw::Error (duplicate or empty names, I/O failures).
void writeSafetensors(const std::string &path, const std::vector<TensorToWrite> &tensors,
                      const std::map<std::string, std::string> &metadata = {});

} // namespace crsw
