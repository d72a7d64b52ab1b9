#include "model/decoder/kv_cache.h"

#include "common/error.h"

#include <algorithm>

namespace crsw {

KvCache::KvCache(std::int64_t layers) : m_layers(static_cast<std::size_t>(layers)) {}

std::pair<torch::Tensor, torch::Tensor> KvCache::append(std::int64_t layer, const torch::Tensor &keys,
                                                        const torch::Tensor &values)
{
    if (layer < 0 || layer >= static_cast<std::int64_t>(m_layers.size()))
        throw Error("KvCache: layer " + std::to_string(layer) + " out of range");
    Layer &slot = m_layers[static_cast<std::size_t>(layer)];
    const std::int64_t added = keys.size(2);
    const std::int64_t needed = m_length + added;
    if (!slot.keys.defined() || slot.keys.size(2) < needed) {
        const std::int64_t capacity = std::max<std::int64_t>(needed, slot.keys.defined() ? 2 * slot.keys.size(2) : 0);
        auto grow = [&](const torch::Tensor &old, const torch::Tensor &like) {
            torch::Tensor bigger = torch::empty({like.size(0), like.size(1), capacity, like.size(3)}, like.options());
            if (old.defined() && m_length > 0)
                bigger.narrow(2, 0, m_length).copy_(old.narrow(2, 0, m_length));
            return bigger;
        };
        slot.keys = grow(slot.keys, keys);
        slot.values = grow(slot.values, values);
    }
    slot.keys.narrow(2, m_length, added).copy_(keys);
    slot.values.narrow(2, m_length, added).copy_(values);
    return {slot.keys.narrow(2, 0, needed), slot.values.narrow(2, 0, needed)};
}

} // namespace crsw
