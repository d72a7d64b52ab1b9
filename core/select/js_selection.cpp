#include "select/js_selection.h"

#include "common/error.h"
#include "common/parallel.h"
#include "select/js_kernel.h"
#include "select/row_blocks.h"

#include <chrono>
#include <cmath>
#include <limits>

namespace crsw {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t L = JsKernel::kLanes;
constexpr std::size_t kRowsPerChunk = 256 * L; // rows per parallel piece of a step (a multiple of L)

double seconds(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

constexpr std::uint64_t kNoRow = ~std::uint64_t(0);

struct Best {
    double score = 0.0;
    std::uint64_t row = kNoRow;
};

// The float screening of a step (JsKernel::screenScores): every open row's
// score in float, then the exact double score (JsKernel::bestScore) of only
// the rows within twice the error bound of the screened maximum. Whatever
// row wins the double scores of all rows is among them, so the picks are
// those of the all-double loop, bit for bit, at a fraction of its cost.
class Screen {
public:
    Screen(const JsKernel &kernel, const std::vector<double> &halfP, std::size_t n, std::size_t k, bool wanted)
        : m_kernel(kernel), m_k(k)
    {
        if (!kernel.screenScores || !wanted)
            return;
        const std::size_t groups = (n + S - 1) / S;
        m_halfP.assign(groups * k * S, 0.0f);
        for (std::size_t r = 0; r < n; ++r)
            for (std::size_t c = 0; c < k; ++c)
                m_halfP[((r / S) * k + c) * S + r % S] = float(halfP[((r / L) * k + c) * L + r % L]);
        m_selected.assign(groups, 0);
        if (n % S)
            m_selected.back() = std::uint16_t(0xffffu << (n % S));
        m_scores.resize(groups * S);
        m_halfQ.resize(k);
        m_bound = JsKernel::screenErrorBound(k);
    }

    bool enabled() const { return !m_halfP.empty(); }

    void markPicked(std::size_t row)
    {
        if (enabled())
            m_selected[row / S] |= std::uint16_t(1u << (row % S));
    }

    Best step(const RowBlocks &chunks, int threads, const std::vector<double> &halfP,
              const std::vector<double> &entropy, const std::vector<std::uint8_t> &selected,
              const std::vector<double> &halfQ, double hq)
    {
        for (std::size_t c = 0; c < m_k; ++c)
            m_halfQ[c] = float(halfQ[c]);
        std::vector<double> chunkMax(chunks.count(), -INFINITY);
        parallelFor(chunks.count(), threads, 1, [&](std::size_t c0, std::size_t c1, int) {
            for (std::size_t c = c0; c < c1; ++c) {
                // Chunks hold a multiple of 16 rows, so a group never straddles two.
                const std::size_t g0 = chunks.begin(c) / S, g1 = (chunks.end(c) + S - 1) / S;
                m_kernel.screenScores(m_halfP.data() + g0 * m_k * S, entropy.data() + g0 * S,
                                      m_selected.data() + g0, g1 - g0, m_k, m_halfQ.data(), hq,
                                      m_scores.data() + g0 * S, &chunkMax[c]);
            }
        });
        double top = -INFINITY;
        for (double v : chunkMax)
            top = std::max(top, v);
        Best winner;
        if (!(top > -INFINITY))
            return winner;
        const double threshold = top - 2.0 * m_bound;
        std::uint8_t open = 0; // candidate lanes of the current double group
        std::size_t group = kNoGroup;
        const auto flush = [&]() {
            if (group == kNoGroup)
                return;
            const std::uint8_t mask = std::uint8_t(~open | selected[group]);
            Best b;
            m_kernel.bestScore(halfP.data() + group * m_k * L, entropy.data() + group * L, &mask, 1, m_k,
                               halfQ.data(), hq, group * L, &b.score, &b.row);
            if (b.row != kNoRow && (winner.row == kNoRow || b.score > winner.score))
                winner = b;
        };
        for (std::size_t c = 0; c < chunks.count(); ++c) {
            if (chunkMax[c] < threshold)
                continue;
            for (std::size_t r = chunks.begin(c); r < chunks.end(c); ++r) {
                if (!(m_scores[r] >= threshold))
                    continue;
                if (r / L != group) {
                    flush();
                    group = r / L;
                    open = 0;
                }
                open |= std::uint8_t(1u << (r % L));
            }
        }
        flush();
        return winner;
    }

private:
    static constexpr std::size_t S = JsKernel::kScreenLanes;
    static constexpr std::size_t kNoGroup = ~std::size_t(0);
    const JsKernel &m_kernel;
    std::size_t m_k;
    std::vector<float> m_halfP;           // the probabilities, halved, as float in groups of S rows
    std::vector<std::uint16_t> m_selected;
    std::vector<double> m_scores;         // screened score of every row of the current step
    std::vector<float> m_halfQ;
    double m_bound = 0.0;
};

double entropy(const std::vector<double> &q)
{
    double h = 0.0;
    for (double v : q)
        if (v > 0.0)
            h -= v * std::log(v);
    return h;
}

} // namespace

SelectionResult selectJS(const FeatureView &view, const SelectionParams &paramsIn, Progress &progress,
                         const PickObserver &observer, const EmbeddingMatrix *centers, const JsOptions &jsOptions)
{
    const auto start = Clock::now();
    const std::size_t n = view.rows(), dim = view.dimension();
    SelectionParams params = paramsIn;
    if (centers) {
        if (centers->cols() != dim)
            throw Error({{}, 0, "centers"}, "the centres have " + std::to_string(centers->cols())
                                                + " dimensions but the features have " + std::to_string(dim));
        params.clusters = int(centers->rows());
    }
    validateSelectionParams(SelectionStrategy::JS, params, n);
    const int threads = params.threads > 0 ? params.threads : defaultThreadCount();
    const std::size_t k = std::size_t(params.clusters);

    SelectionResult result;
    result.strategy = SelectionStrategy::JS;
    result.params = params;
    if (centers) {
        for (std::size_t r = 0; r < centers->rows(); ++r)
            for (std::size_t j = 0; j < dim; ++j)
                if (!std::isfinite(centers->row(r)[j]))
                    throw Error({{}, 0, "centers"}, "centre " + std::to_string(r) + " holds NaN or Inf");
        result.centers.assign(centers->data(), centers->data() + k * dim);
        result.centersGiven = true;
        KMeans::Result assigned;
        assigned.clusters = k;
        assigned.dimension = dim;
        assigned.centers = result.centers;
        Progress assigning = progress.subRange(0.0, 0.3);
        KMeans::assignAll(view, assigned, threads, assigning);
        result.clusterOf = std::move(assigned.assignment);
        result.kmeansInertia = assigned.inertia;
    } else {
        KMeans::Options options = jsOptions.kmeans;
        options.clusters = k;
        options.seed = params.seed;
        options.threads = threads;
        Progress clustering = progress.subRange(0.0, 0.3);
        KMeans::Result clustered = KMeans::run(view, options, clustering);
        result.centers = std::move(clustered.centers);
        result.clusterOf = std::move(clustered.assignment);
        result.kmeansInertia = clustered.inertia;
        result.kmeansIterations = clustered.iterations;
    }

    // p_i for every row, grouped L rows at a time (js_kernel.h).
    const JsKernel &kernel = jsOptions.portableKernel ? JsKernel::generic() : JsKernel::best();
    const std::vector<double> centersD(result.centers.begin(), result.centers.end());
    const std::size_t groups = (n + L - 1) / L;
    std::vector<double> halfP(groups * k * L), rowEntropy(groups * L, 0.0);
    const RowBlocks chunks(n, kRowsPerChunk);
    std::vector<std::vector<float>> buffers(static_cast<std::size_t>(threads));
    Progress probabilityProgress = progress.subRange(0.3, 0.4);
    chunks.run(threads, [&](std::size_t block, std::size_t begin, std::size_t end, int worker) {
        probabilityProgress.throwIfCancelled();
        std::vector<float> &buffer = buffers[std::size_t(worker)];
        buffer.resize(view.isPlain() ? 0 : (end - begin) * dim);
        const float *x = view.rowsAt(begin, end, buffer.data());
        kernel.probabilities(x, end - begin, dim, centersD.data(), k, params.tau, halfP.data() + (begin / L) * k * L,
                             rowEntropy.data() + begin);
        probabilityProgress.report(double(block + 1) / double(chunks.count()), "JS: cluster probabilities");
    });
    result.clusterSeconds = seconds(start);

    // The greedy loop. selected[g] has bit l set for a picked (or missing) row g * L + l.
    const auto loopStart = Clock::now();
    std::vector<std::uint8_t> selected(groups, 0);
    if (n % L)
        selected.back() = std::uint8_t(0xffu << (n % L));
    const std::size_t budget = params.budget;
    Screen screen(kernel, halfP, n, k, jsOptions.floatScreening && budget > 1);
    std::vector<double> sum(k, 0.0), q(k), halfQ(k, 0.0);
    result.picks.reserve(budget);
    result.scores.reserve(budget);
    Progress stepping = progress.subRange(0.4, 1.0);
    std::vector<Best> best(chunks.count());
    for (std::size_t step = 0; step < budget; ++step) {
        stepping.throwIfCancelled();
        Best winner;
        if (step == 0) {
            // The most uncertain sample: argmax H(p_i), ties to the lowest row.
            for (std::size_t i = 0; i < n; ++i)
                if (winner.row == kNoRow || rowEntropy[i] > winner.score)
                    winner = {rowEntropy[i], i};
        } else if (screen.enabled()) {
            winner = screen.step(chunks, threads, halfP, rowEntropy, selected, halfQ, entropy(q));
        } else {
            const double hq = entropy(q);
            parallelFor(chunks.count(), threads, 1, [&](std::size_t c0, std::size_t c1, int) {
                for (std::size_t c = c0; c < c1; ++c) {
                    const std::size_t g0 = chunks.begin(c) / L, g1 = (chunks.end(c) + L - 1) / L;
                    kernel.bestScore(halfP.data() + g0 * k * L, rowEntropy.data() + g0 * L, selected.data() + g0,
                                     g1 - g0, k, halfQ.data(), hq, g0 * L, &best[c].score, &best[c].row);
                }
            });
            for (const Best &b : best) // chunk order, lowest row on ties
                if (b.row != kNoRow && (winner.row == kNoRow || b.score > winner.score))
                    winner = b;
        }
        if (winner.row == kNoRow)
            throw Error({{}, 0, "scores"}, "no finite JS score at step " + std::to_string(step));
        const std::size_t row = std::size_t(winner.row);
        selected[row / L] |= std::uint8_t(1u << (row % L));
        screen.markPicked(row);
        result.picks.push_back(std::uint32_t(row));
        result.scores.push_back(winner.score);
        // P_S as the running sum of the picked p in pick order, divided by |S|.
        const double *pg = halfP.data() + (row / L) * k * L + row % L;
        const double count = double(step + 1);
        for (std::size_t c = 0; c < k; ++c) {
            sum[c] += 2.0 * pg[c * L];
            q[c] = sum[c] / count;
            halfQ[c] = 0.5 * q[c];
        }
        if (observer)
            observer(step, std::uint32_t(row), winner.score);
        stepping.report(double(step + 1) / double(budget),
                        "JS: pick " + std::to_string(step + 1) + " of " + std::to_string(budget));
    }
    result.selectSeconds = seconds(loopStart);
    return result;
}

} // namespace crsw
