// KMeans::seedCenters: greedy k-means++ (the variant scikit-learn runs).
#include "select/kmeans.h"

#include "common/error.h"
#include "select/blas_threads.h"
#include "select/center_assigner.h"
#include "select/row_blocks.h"
#include "select/selection_random.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace crsw {

namespace {

constexpr std::size_t kBlockRows = 4096;
constexpr std::uint64_t kSeedingStream = 1; // SelectionRandom stream of the seeding draws

// Squared distances of every row to `count` candidate rows, written
// candidate-major into out[t * n + i].
void candidateDistances(const FeatureView &view, const std::vector<float> &norms, const std::vector<float> &candidates,
                        std::size_t count, int threads, std::vector<float> &out, Progress &progress)
{
    const std::size_t n = view.rows(), d = view.dimension();
    const CenterAssigner assigner(candidates, count, d);
    const RowBlocks blocks(n, kBlockRows);
    std::vector<std::vector<float>> rowsBuffer(static_cast<std::size_t>(threads)), dist(static_cast<std::size_t>(threads));
    out.resize(count * n);
    blocks.run(threads, [&](std::size_t, std::size_t begin, std::size_t end, int worker) {
        progress.throwIfCancelled();
        std::vector<float> &buffer = rowsBuffer[std::size_t(worker)];
        std::vector<float> &local = dist[std::size_t(worker)];
        buffer.resize(view.isPlain() ? 0 : (end - begin) * d);
        local.resize((end - begin) * count);
        const float *x = view.rowsAt(begin, end, buffer.data());
        assigner.distances(x, end - begin, norms.data() + begin, local.data());
        for (std::size_t i = begin; i < end; ++i)
            for (std::size_t t = 0; t < count; ++t)
                out[t * n + i] = local[(i - begin) * count + t];
    });
}

std::vector<float> gatherRow(const FeatureView &view, std::size_t row)
{
    std::vector<float> out(view.dimension());
    view.copyRows(row, row + 1, out.data());
    return out;
}

} // namespace

std::vector<float> KMeans::seedCenters(const FeatureView &view, const std::vector<std::uint32_t> &sample,
                                       const Options &options, Progress &progress)
{
    const std::size_t k = options.clusters, d = view.dimension();
    if (!sample.empty()) {
        // Seed on the sample alone: gather it into a plain matrix first.
        EmbeddingMatrix gathered(sample.size(), d);
        for (std::size_t s = 0; s < sample.size(); ++s)
            view.copyRows(sample[s], sample[s] + 1, gathered.mutableRow(s));
        const FeatureView sampleView(gathered);
        return seedCenters(sampleView, {}, options, progress);
    }
    const std::size_t n = view.rows();
    if (k == 0 || k > n)
        throw Error({{}, 0, "clusters"}, "K must be between 1 and the " + std::to_string(n) + " samples, got "
                                             + std::to_string(k));
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    const std::size_t trials = options.localTrials > 0
                                   ? std::size_t(options.localTrials)
                                   : 2 + std::size_t(std::floor(std::log(double(k))));
    BlasThreads blasThreads;
    SelectionRandom random(options.seed, kSeedingStream);

    std::vector<float> centers(k * d);
    std::size_t first = std::size_t(random.below(n));
    std::vector<float> row = gatherRow(view, first);
    std::copy(row.begin(), row.end(), centers.begin());

    const std::vector<float> norms = squaredNorms(view, threads, progress);
    std::vector<float> closest;
    candidateDistances(view, norms, row, 1, threads, closest, progress);
    std::vector<double> cumulative(n);
    std::vector<float> candidates(trials * d), dist;
    std::vector<std::size_t> candidateRows(trials);
    for (std::size_t c = 1; c < k; ++c) {
        progress.throwIfCancelled();
        progress.report(double(c) / double(k), "k-means++: centre " + std::to_string(c + 1) + " of " + std::to_string(k));
        // Candidates drawn with probability proportional to the squared
        // distance to the nearest centre so far (np.searchsorted on the
        // cumulative sum: the first row whose running total reaches the draw).
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            cumulative[i] = total += double(closest[i]);
        for (std::size_t t = 0; t < trials; ++t) {
            const double draw = random.uniform() * total;
            const std::size_t at = std::size_t(std::lower_bound(cumulative.begin(), cumulative.end(), draw)
                                               - cumulative.begin());
            candidateRows[t] = std::min(at, n - 1);
            view.copyRows(candidateRows[t], candidateRows[t] + 1, candidates.data() + t * d);
        }
        candidateDistances(view, norms, candidates, trials, threads, dist, progress);
        // Keep the candidate that lowers the potential most (ties: first drawn).
        std::size_t best = 0;
        double bestPotential = 0.0;
        for (std::size_t t = 0; t < trials; ++t) {
            double potential = 0.0;
            const float *dt = dist.data() + t * n;
            for (std::size_t i = 0; i < n; ++i)
                potential += double(std::min(closest[i], dt[i]));
            if (t == 0 || potential < bestPotential) {
                best = t;
                bestPotential = potential;
            }
        }
        const float *db = dist.data() + best * n;
        for (std::size_t i = 0; i < n; ++i)
            closest[i] = std::min(closest[i], db[i]);
        std::memcpy(centers.data() + c * d, candidates.data() + best * d, d * sizeof(float));
    }
    return centers;
}

} // namespace crsw
