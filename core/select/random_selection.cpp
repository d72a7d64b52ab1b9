#include "select/random_selection.h"

#include "select/selection_random.h"

#include <chrono>
#include <numeric>
#include <vector>

namespace crsw {

namespace {
constexpr std::uint64_t kRandomUniformStream = 3; // independent of the k-means draws of the same seed
}

SelectionResult selectRandomUniform(std::size_t rows, const SelectionParams &params, Progress &progress,
                                    const PickObserver &observer)
{
    validateSelectionParams(SelectionStrategy::RandomUniform, params, rows);
    const auto start = std::chrono::steady_clock::now();
    SelectionResult result;
    result.strategy = SelectionStrategy::RandomUniform;
    result.params = params;
    SelectionRandom random(params.seed, kRandomUniformStream);
    std::vector<std::uint32_t> order(rows);
    std::iota(order.begin(), order.end(), 0u);
    result.picks.reserve(params.budget);
    result.scores.reserve(params.budget);
    for (std::size_t t = 0; t < params.budget; ++t) {
        if ((t & 1023) == 0)
            progress.throwIfCancelled();
        const std::size_t j = t + std::size_t(random.below(rows - t));
        std::swap(order[t], order[j]);
        const double score = 1.0 / double(rows - t);
        result.picks.push_back(order[t]);
        result.scores.push_back(score);
        if (observer)
            observer(t, order[t], score);
        progress.report(double(t + 1) / double(params.budget), "random: pick " + std::to_string(t + 1));
    }
    result.selectSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace crsw
