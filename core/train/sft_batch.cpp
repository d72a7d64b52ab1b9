#include "train/sft_batch.h"

#include "common/xoshiro256.h"

#include <algorithm>

namespace crsw {

SftBatch collate(const std::vector<SftExample> &examples, const std::vector<std::size_t> &indices, std::int64_t padId)
{
    std::size_t width = 0;
    for (const std::size_t i : indices)
        width = std::max(width, examples[i].ids.size());
    const auto rows = static_cast<std::int64_t>(indices.size());
    SftBatch batch;
    batch.ids = torch::full({rows, static_cast<std::int64_t>(width)}, padId, torch::kLong);
    batch.labels = torch::full({rows, static_cast<std::int64_t>(width)}, kIgnoreLabel, torch::kLong);
    auto ids = batch.ids.accessor<std::int64_t, 2>();
    auto labels = batch.labels.accessor<std::int64_t, 2>();
    for (std::int64_t r = 0; r < rows; ++r) {
        const SftExample &example = examples[indices[static_cast<std::size_t>(r)]];
        for (std::size_t t = 0; t < example.ids.size(); ++t) {
            ids[r][static_cast<std::int64_t>(t)] = example.ids[t];
            labels[r][static_cast<std::int64_t>(t)] = example.labels[t];
            // The first token is never predicted (nothing precedes it).
            batch.labelledTokens += t > 0 && example.labels[t] != kIgnoreLabel;
        }
        batch.tokens += static_cast<std::int64_t>(example.ids.size());
    }
    return batch;
}

std::vector<std::size_t> epochOrder(std::size_t count, std::uint64_t seed, std::int64_t epoch)
{
    std::uint64_t mix = seed ^ (0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(epoch + 1));
    Xoshiro256 rng(Xoshiro256::splitMix64(mix));
    std::vector<std::size_t> order(count);
    for (std::size_t i = 0; i < count; ++i)
        order[i] = i;
    for (std::size_t i = count; i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(rng.next() % i); // modulo bias is negligible here
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

} // namespace crsw
