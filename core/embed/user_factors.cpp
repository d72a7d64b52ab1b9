#include "embed/user_factors.h"

#include "common/error.h"
#include "common/parallel.h"
#include "embed/csr_matrix.h"
#include "embed/randomized_svd.h"

#include <algorithm>
#include <cmath>

namespace crsw {

UserFactors::Result UserFactors::compute(std::size_t users, std::size_t items, const std::vector<Interaction> &interactions,
                                         const Options &options, Progress &progress)
{
    if (interactions.empty() || users == 0 || items == 0)
        throw Error({{}, 0, "interactions"}, "no user-item interactions to factorise");
    for (std::size_t i = 0; i < interactions.size(); ++i) {
        const Interaction &x = interactions[i];
        if (x.user >= users || x.item >= items)
            throw Error({{}, 0, "interactions[" + std::to_string(i) + "]"},
                        "user " + std::to_string(x.user) + " or item " + std::to_string(x.item) + " out of range ("
                            + std::to_string(users) + " users, " + std::to_string(items) + " items)");
        if (options.value == Value::Rating && !std::isfinite(x.rating))
            throw Error({{}, 0, "interactions[" + std::to_string(i) + "].rating"}, "not a finite number");
    }

    // X (users x items) in CSR; a pair seen twice holds the mean rating (or 1).
    std::vector<Interaction> sorted = interactions;
    std::sort(sorted.begin(), sorted.end(), [](const Interaction &a, const Interaction &b) {
        return a.user != b.user ? a.user < b.user : a.item < b.item;
    });
    CsrMatrix x;
    x.rows = users;
    x.cols = items;
    x.rowStart.assign(users + 1, 0);
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        double sum = 0.0;
        while (j < sorted.size() && sorted[j].user == sorted[i].user && sorted[j].item == sorted[i].item)
            sum += sorted[j++].rating;
        x.columns.push_back(sorted[i].item);
        x.values.push_back(options.value == Value::Rating ? static_cast<float>(sum / double(j - i)) : 1.0f);
        ++x.rowStart[sorted[i].user + 1];
        i = j;
    }
    for (std::size_t u = 0; u < users; ++u)
        x.rowStart[u + 1] += x.rowStart[u];
    progress.throwIfCancelled();

    RandomizedSvd::Options svdOptions;
    svdOptions.rank = options.rank;
    svdOptions.oversampling = options.oversampling;
    svdOptions.powerIterations = options.powerIterations;
    svdOptions.seed = options.seed;
    svdOptions.threads = options.threads;
    Progress decomposing = progress.subRange(0.0, 0.9);
    const RandomizedSvd::Result svd = RandomizedSvd::compute(x, svdOptions, decomposing);

    // X V = U Σ: each user's coordinates, then unit length.
    const std::size_t r = svd.singularValues.size();
    Result result;
    result.singularValues = svd.singularValues;
    result.factors = EmbeddingMatrix(users, r);
    float *f = result.factors.mutableData();
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    x.multiply(svd.rightVectors.data(), r, f, threads);
    for (std::size_t u = 0; u < users; ++u) {
        double squares = 0.0;
        for (std::size_t j = 0; j < r; ++j)
            squares += double(f[u * r + j]) * f[u * r + j];
        if (squares > 0.0)
            for (std::size_t j = 0; j < r; ++j)
                f[u * r + j] = static_cast<float>(f[u * r + j] / std::sqrt(squares));
    }
    progress.report(1.0, "user factors");
    return result;
}

std::string UserFactors::valueName(Value value) { return value == Value::Rating ? "rating" : "presence"; }

UserFactors::Value UserFactors::parseValue(const std::string &name)
{
    if (name == "rating")
        return Value::Rating;
    if (name == "presence")
        return Value::Presence;
    throw Error({{}, 0, "user-value"}, "unknown value '" + name + "' (expected rating or presence)");
}

} // namespace crsw
