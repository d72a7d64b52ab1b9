#include "select/fisher/fisher_reference.h"

#include "select/fisher/fisher_features.h"
#include "select/fisher/fisher_inverse.h"
#include "select/fisher/fisher_kernels.h"

#include <limits>
#include <string>
#include <vector>

namespace crsw {

namespace {

// The chosen row's bookkeeping shared by both reference greedies.
struct Picker {
    SelectionResult &result;
    Progress &progress;
    const PickObserver &observer;
    std::size_t budget;

    void pick(std::size_t t, std::uint32_t row, double score)
    {
        result.picks.push_back(row);
        result.scores.push_back(score);
        if (observer)
            observer(t, row, score);
        progress.report(double(t + 1) / double(budget),
                        "FISHER: " + std::to_string(t + 1) + " of " + std::to_string(budget) + " picks");
    }
};

std::vector<double> rowsAsDouble(const FisherFeatures &features)
{
    std::vector<double> rows(features.rows() * features.dimension());
    for (std::size_t i = 0; i < features.rows(); ++i)
        features.rowAsDouble(i, rows.data() + i * features.dimension());
    return rows;
}

SelectionResult start(const FeatureView &view, const SelectionParams &params)
{
    validateSelectionParams(SelectionStrategy::Fisher, params, view.rows());
    SelectionResult result;
    result.strategy = SelectionStrategy::Fisher;
    result.params = params;
    return result;
}

} // namespace

SelectionResult selectFisherNaive(const FeatureView &view, const SelectionParams &params, Progress &progress,
                                  const PickObserver &observer)
{
    SelectionResult result = start(view, params);
    const FisherKernels &kernels = FisherKernels::best();
    const FisherFeatures features(view, kernels, params.threads);
    const std::size_t n = features.rows(), d = features.dimension();
    const std::vector<double> x = rowsAsDouble(features);
    FisherInverse inverse(d, params.lambda, kernels);
    std::vector<char> chosen(n, 0);
    std::vector<double> u(d);
    Picker picker{result, progress, observer, params.budget};
    for (std::size_t t = 0; t < params.budget; ++t) {
        progress.throwIfCancelled();
        std::size_t best = n;
        double bestScore = -std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < n; ++i) {
            if (chosen[i])
                continue;
            const double s = inverse.score(x.data() + i * d);
            if (best == n || s > bestScore) { // strictly greater: ties keep the lowest index
                best = i;
                bestScore = s;
            }
        }
        chosen[best] = 1;
        inverse.apply(x.data() + best * d, u.data());
        const double score = inverse.score(x.data() + best * d, u.data());
        inverse.update(u.data(), 1.0 + score);
        picker.pick(t, std::uint32_t(best), score);
    }
    return result;
}

SelectionResult selectFisherIncremental(const FeatureView &view, const SelectionParams &params, Progress &progress,
                                        const PickObserver &observer)
{
    SelectionResult result = start(view, params);
    const FisherKernels &kernels = FisherKernels::best();
    const FisherFeatures features(view, kernels, params.threads);
    const std::size_t n = features.rows(), d = features.dimension();
    const std::vector<double> x = rowsAsDouble(features);
    FisherInverse inverse(d, params.lambda, kernels);
    std::vector<double> s(n), dots(n), u(d);
    for (std::size_t i = 0; i < n; ++i)
        s[i] = features.squaredNorm(i) / params.lambda;
    std::vector<char> chosen(n, 0);
    Picker picker{result, progress, observer, params.budget};
    for (std::size_t t = 0; t < params.budget; ++t) {
        progress.throwIfCancelled();
        std::size_t best = n;
        for (std::size_t i = 0; i < n; ++i)
            if (!chosen[i] && (best == n || s[i] > s[best]))
                best = i;
        chosen[best] = 1;
        inverse.apply(x.data() + best * d, u.data());
        const double c = 1.0 + inverse.score(x.data() + best * d, u.data());
        picker.pick(t, std::uint32_t(best), s[best]);
        kernels.gemv(x.data(), d, n, u.data(), d, dots.data());
        for (std::size_t i = 0; i < n; ++i)
            s[i] -= dots[i] * dots[i] / c;
        inverse.update(u.data(), c);
    }
    return result;
}

} // namespace crsw
