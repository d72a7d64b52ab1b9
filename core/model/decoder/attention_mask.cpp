#include "model/decoder/attention_mask.h"

#include "common/error.h"

#include <limits>

namespace crsw {

torch::Tensor attentionAllowed(const torch::Tensor &keyMask, std::int64_t queries, std::optional<std::int64_t> window)
{
    const std::int64_t keys = keyMask.size(1);
    const auto longs = torch::TensorOptions().dtype(torch::kLong).device(keyMask.device());
    const torch::Tensor q = torch::arange(keys - queries, keys, longs).unsqueeze(1); // [T, 1]
    const torch::Tensor k = torch::arange(0, keys, longs).unsqueeze(0);              // [1, S]
    torch::Tensor allowed = k <= q;
    if (window)
        allowed = allowed.logical_and(k > q - *window);
    const torch::Tensor notPadding = keyMask.to(torch::kBool).unsqueeze(1).unsqueeze(1); // [B, 1, 1, S]
    return allowed.unsqueeze(0).unsqueeze(0).logical_and(notPadding);
}

torch::Tensor positionsFromMask(const torch::Tensor &mask)
{
    const torch::Tensor longMask = mask.to(torch::kLong);
    return (longMask.cumsum(-1) - 1).masked_fill(longMask == 0, 1);
}

double lowestFinite(torch::ScalarType dtype)
{
    switch (dtype) {
    case torch::kFloat:
        return std::numeric_limits<float>::lowest();
    case torch::kDouble:
        return std::numeric_limits<double>::lowest();
    case torch::kHalf:
        return -65504.0;
    case torch::kBFloat16:
        return -3.3895313892515355e38;
    default:
        throw Error(std::string("attention: unsupported dtype ") + c10::toString(dtype));
    }
}

} // namespace crsw
