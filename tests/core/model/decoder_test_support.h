#pragma once
// Shared by the decoder tests: the golden folders and golden tensors as torch tensors.

#include "model/safetensors_file.h"

#include <torch/types.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace crsw::test {

/// tests/golden/model/decoders/<arch>.
inline std::string decoderGoldenDir(const std::string &arch)
{
    return std::string(CRSW_MODEL_GOLDEN_DIR) + "/decoders/" + arch;
}

/// The golden.json of an architecture.
inline nlohmann::json decoderGoldenJson(const std::string &arch)
{
    std::ifstream in(decoderGoldenDir(arch) + "/golden.json");
    return nlohmann::json::parse(in);
}

/// A float tensor of a safetensors file, as float32.
inline torch::Tensor goldenTensor(const SafetensorsFile &file, const std::string &name)
{
    const TensorView &view = file.tensor(name);
    std::vector<float> values = view.toFloat32();
    return torch::tensor(values).reshape(view.shape);
}

/// Token lists as a [1, T] int64 tensor.
inline torch::Tensor idsTensor(const std::vector<std::int64_t> &ids)
{
    return torch::tensor(ids, torch::kLong).unsqueeze(0);
}

/// Left-pads `rows` with `pad` into ids [B, W] and a mask [B, W].
inline std::pair<torch::Tensor, torch::Tensor> leftPad(const std::vector<std::vector<std::int64_t>> &rows,
                                                       std::int64_t pad)
{
    std::int64_t width = 0;
    for (const auto &row : rows)
        width = std::max<std::int64_t>(width, static_cast<std::int64_t>(row.size()));
    const auto batch = static_cast<std::int64_t>(rows.size());
    torch::Tensor ids = torch::full({batch, width}, pad, torch::kLong);
    torch::Tensor mask = torch::zeros({batch, width}, torch::kLong);
    for (std::int64_t b = 0; b < batch; ++b) {
        const auto n = static_cast<std::int64_t>(rows[static_cast<std::size_t>(b)].size());
        ids[b].narrow(0, width - n, n).copy_(torch::tensor(rows[static_cast<std::size_t>(b)], torch::kLong));
        mask[b].narrow(0, width - n, n).fill_(1);
    }
    return {ids, mask};
}

} // namespace crsw::test
