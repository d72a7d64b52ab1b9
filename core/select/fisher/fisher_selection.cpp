#include "select/fisher/fisher_selection.h"

#include "select/fisher/fisher_greedy.h"

#include <chrono>

namespace crsw {

SelectionResult selectFisher(const FeatureView &view, const SelectionParams &params, Progress &progress,
                             const PickObserver &observer)
{
    validateSelectionParams(SelectionStrategy::Fisher, params, view.rows());
    const auto start = std::chrono::steady_clock::now();
    const FisherFeatures features(view, FisherKernels::best(), params.threads);
    FisherGreedy greedy(features, params);
    SelectionResult result;
    result.strategy = SelectionStrategy::Fisher;
    result.params = params;
    greedy.run(result, progress, observer);
    result.selectSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace crsw
