#include "select/kmeans.h"

#include "common/error.h"
#include "select/blas_threads.h"
#include "select/center_assigner.h"
#include "select/row_blocks.h"
#include "select/selection_random.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace crsw {

namespace {

constexpr std::size_t kBlockRows = 4096; // rows per reduction block (fixed: determinism)
constexpr std::size_t kChunkRows = 1024; // rows per sgemm inside a block (measured best of 256, 1024, 4096)
constexpr std::uint64_t kMiniBatchStream = 2;

int threadCount(int requested)
{
    return requested > 0 ? requested : defaultThreadCount();
}

std::size_t reductionSlots(int threads)
{
    return std::size_t(std::max(1, threads)) * 4;
}

// What one block of a Lloyd pass contributes.
struct LloydPartial {
    std::vector<double> sums;     // clusters x dimension
    std::vector<std::size_t> counts;
    double inertia = 0.0;
    std::size_t changed = 0;
    std::vector<float> rows, scratch;
};

// Per-dimension mean variance of the data (scikit-learn's tolerance scale).
double meanVariance(const FeatureView &view, int threads, Progress &progress)
{
    const std::size_t n = view.rows(), d = view.dimension();
    struct Partial {
        std::vector<double> sum;
        double squares = 0.0;
        std::vector<float> rows;
    };
    std::vector<Partial> partials(reductionSlots(threads));
    std::vector<double> sum(d, 0.0);
    double squares = 0.0;
    RowBlocks(n, kBlockRows)
        .reduce(
            threads, partials,
            [&](Partial &p) {
                p.sum.assign(d, 0.0);
                p.squares = 0.0;
            },
            [&](std::size_t, std::size_t begin, std::size_t end, Partial &p) {
                progress.throwIfCancelled();
                p.rows.resize(view.isPlain() ? 0 : (end - begin) * d);
                const float *x = view.rowsAt(begin, end, p.rows.data());
                for (std::size_t r = 0; r < end - begin; ++r)
                    for (std::size_t j = 0; j < d; ++j) {
                        const double v = x[r * d + j];
                        p.sum[j] += v;
                        p.squares += v * v;
                    }
            },
            [&](const Partial &p) {
                for (std::size_t j = 0; j < d; ++j)
                    sum[j] += p.sum[j];
                squares += p.squares;
            });
    double meanNorm2 = 0.0;
    for (std::size_t j = 0; j < d; ++j)
        meanNorm2 += (sum[j] / double(n)) * (sum[j] / double(n));
    return std::max(0.0, (squares / double(n) - meanNorm2) / double(d));
}

// Moves each empty cluster onto the farthest remaining sample (see KMeans).
std::size_t moveEmptyClusters(const FeatureView &view, const std::vector<std::uint32_t> &labels,
                              const std::vector<float> &distances2, std::vector<double> &sums,
                              std::vector<std::size_t> &counts)
{
    const std::size_t k = counts.size(), d = view.dimension();
    std::vector<std::size_t> empty;
    for (std::size_t c = 0; c < k; ++c)
        if (counts[c] == 0)
            empty.push_back(c);
    if (empty.empty())
        return 0;
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const std::size_t take = std::min(empty.size(), order.size());
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(take), order.end(),
                      [&](std::size_t a, std::size_t b) {
                          return distances2[a] != distances2[b] ? distances2[a] > distances2[b] : a < b;
                      });
    std::vector<float> x(d);
    for (std::size_t e = 0; e < take; ++e) {
        const std::size_t row = order[e], from = labels[row], to = empty[e];
        view.copyRows(row, row + 1, x.data());
        if (counts[from] > 0) {
            --counts[from];
            for (std::size_t j = 0; j < d; ++j)
                sums[from * d + j] -= x[j];
        }
        counts[to] = 1;
        for (std::size_t j = 0; j < d; ++j)
            sums[to * d + j] = x[j];
    }
    return take;
}

void lloyd(const FeatureView &view, const KMeans::Options &options, int threads, const std::vector<float> &norms,
           KMeans::Result &result, Progress &progress)
{
    const std::size_t n = view.rows(), d = view.dimension(), k = options.clusters;
    const double tolerance = options.tolerance * meanVariance(view, threads, progress);
    std::vector<std::uint32_t> labels(n, std::numeric_limits<std::uint32_t>::max());
    std::vector<float> distances2(n);
    std::vector<LloydPartial> partials(reductionSlots(threads));
    std::vector<double> sums(k * d);
    std::vector<std::size_t> counts(k);
    double previousInertia = std::numeric_limits<double>::infinity();
    const RowBlocks blocks(n, kBlockRows);

    for (int iteration = 1; iteration <= options.maxIterations; ++iteration) {
        result.iterations = iteration;
        const CenterAssigner assigner(result.centers, k, d);
        std::fill(sums.begin(), sums.end(), 0.0);
        std::fill(counts.begin(), counts.end(), 0);
        double inertia = 0.0;
        std::size_t changed = 0;
        blocks.reduce(
            threads, partials,
            [&](LloydPartial &p) {
                p.sums.assign(k * d, 0.0);
                p.counts.assign(k, 0);
                p.inertia = 0.0;
                p.changed = 0;
            },
            [&](std::size_t, std::size_t begin, std::size_t end, LloydPartial &p) {
                progress.throwIfCancelled();
                p.rows.resize(view.isPlain() ? 0 : kChunkRows * d);
                p.scratch.resize(assigner.scratchSize(kChunkRows));
                std::uint32_t chunkLabels[kChunkRows];
                for (std::size_t c0 = begin; c0 < end; c0 += kChunkRows) {
                    const std::size_t c1 = std::min(end, c0 + kChunkRows);
                    const float *x = view.rowsAt(c0, c1, p.rows.data());
                    assigner.assign(x, c1 - c0, norms.data() + c0, chunkLabels, distances2.data() + c0,
                                    p.scratch.data());
                    for (std::size_t i = c0; i < c1; ++i) {
                        const std::uint32_t label = chunkLabels[i - c0];
                        p.changed += label != labels[i];
                        labels[i] = label;
                        p.inertia += distances2[i];
                        ++p.counts[label];
                        double *sum = p.sums.data() + std::size_t(label) * d;
                        const float *xi = x + (i - c0) * d;
                        for (std::size_t j = 0; j < d; ++j)
                            sum[j] += xi[j];
                    }
                }
            },
            [&](const LloydPartial &p) {
                for (std::size_t j = 0; j < k * d; ++j)
                    sums[j] += p.sums[j];
                for (std::size_t c = 0; c < k; ++c)
                    counts[c] += p.counts[c];
                inertia += p.inertia;
                changed += p.changed;
            });
        progress.report(double(iteration) / double(options.maxIterations),
                        "k-means: iteration " + std::to_string(iteration) + ", inertia " + std::to_string(inertia));
        if (changed == 0) { // the centres are already the means of these labels
            result.converged = true;
            break;
        }
        result.emptyClustersMoved += moveEmptyClusters(view, labels, distances2, sums, counts);
        double shift = 0.0;
        for (std::size_t c = 0; c < k; ++c) {
            if (counts[c] == 0)
                continue; // nothing to move it to: it keeps its place
            for (std::size_t j = 0; j < d; ++j) {
                const float updated = float(sums[c * d + j] / double(counts[c]));
                const double delta = double(updated) - double(result.centers[c * d + j]);
                shift += delta * delta;
                result.centers[c * d + j] = updated;
            }
        }
        if (shift <= tolerance
            || (options.inertiaTolerance > 0.0 && previousInertia - inertia <= options.inertiaTolerance * inertia)) {
            result.converged = true;
            break;
        }
        previousInertia = inertia;
    }
}

void miniBatch(const FeatureView &view, const KMeans::Options &options, int threads, KMeans::Result &result,
               Progress &progress)
{
    const std::size_t n = view.rows(), d = view.dimension(), k = options.clusters;
    const std::size_t batch = std::max<std::size_t>(1, std::min(options.batchSize, n));
    const std::size_t stepsPerPass = (n + batch - 1) / batch;
    const std::size_t maxSteps = std::size_t(std::max(1, options.maxIterations)) * stepsPerPass;
    SelectionRandom random(options.seed, kMiniBatchStream);
    std::vector<double> weights(k, 0.0); // samples each centre has absorbed
    std::vector<std::uint32_t> indices(batch), labels(batch);
    std::vector<float> rows(batch * d), distances2(batch), norms(batch);
    const RowBlocks chunks(batch, kChunkRows);
    std::vector<std::vector<float>> scratch(static_cast<std::size_t>(threads));
    std::vector<double> sums(k * d);
    std::vector<std::size_t> counts(k);
    // Smoothed batch inertia for early stopping (scikit-learn's EWA rule).
    const double alpha = std::min(1.0, 2.0 * double(batch) / double(n + 1));
    double ewa = 0.0, bestEwa = std::numeric_limits<double>::infinity();
    int noImprovement = 0;

    for (std::size_t step = 1; step <= maxSteps; ++step) {
        progress.throwIfCancelled();
        result.iterations = int(step);
        for (std::size_t b = 0; b < batch; ++b)
            indices[b] = std::uint32_t(random.below(n));
        for (std::size_t b = 0; b < batch; ++b)
            view.copyRows(indices[b], indices[b] + 1, rows.data() + b * d);
        const CenterAssigner assigner(result.centers, k, d);
        chunks.run(threads, [&](std::size_t, std::size_t begin, std::size_t end, int worker) {
            std::vector<float> &s = scratch[std::size_t(worker)];
            s.resize(assigner.scratchSize(end - begin));
            CenterAssigner::squaredNorms(rows.data() + begin * d, end - begin, d, norms.data() + begin);
            assigner.assign(rows.data() + begin * d, end - begin, norms.data() + begin, labels.data() + begin,
                            distances2.data() + begin, s.data());
        });
        // Per-centre running means over every sample a centre has absorbed:
        // the batch form of Sculley's per-sample learning rate 1 / v_c.
        std::fill(sums.begin(), sums.end(), 0.0);
        std::fill(counts.begin(), counts.end(), 0);
        double batchInertia = 0.0;
        for (std::size_t b = 0; b < batch; ++b) {
            batchInertia += distances2[b];
            ++counts[labels[b]];
            double *sum = sums.data() + std::size_t(labels[b]) * d;
            for (std::size_t j = 0; j < d; ++j)
                sum[j] += rows[b * d + j];
        }
        for (std::size_t c = 0; c < k; ++c) {
            if (counts[c] == 0)
                continue;
            const double total = weights[c] + double(counts[c]);
            for (std::size_t j = 0; j < d; ++j) {
                float &centre = result.centers[c * d + j];
                centre = float((double(centre) * weights[c] + sums[c * d + j]) / total);
            }
            weights[c] = total;
        }
        batchInertia /= double(batch);
        ewa = step == 1 ? batchInertia : ewa * (1.0 - alpha) + batchInertia * alpha;
        progress.report(double(step) / double(maxSteps), "mini-batch k-means: step " + std::to_string(step));
        if (ewa < bestEwa) {
            bestEwa = ewa;
            noImprovement = 0;
        } else if (++noImprovement >= options.maxNoImprovement) {
            result.converged = true;
            break;
        }
    }
}

} // namespace

KMeans::Result KMeans::run(const FeatureView &view, const Options &options, Progress &progress)
{
    const std::size_t n = view.rows(), k = options.clusters;
    if (n == 0)
        throw Error({{}, 0, "embeddings"}, "k-means needs at least one sample");
    if (k == 0 || k > n)
        throw Error({{}, 0, "clusters"}, "K must be between 1 and the " + std::to_string(n) + " samples, got "
                                             + std::to_string(k));
    const int threads = threadCount(options.threads);
    BlasThreads blasThreads;
    Result result;
    result.clusters = k;
    result.dimension = view.dimension();
    result.algorithm = options.algorithm == Algorithm::Auto
                           ? (n >= options.miniBatchAbove ? Algorithm::MiniBatch : Algorithm::Lloyd)
                           : options.algorithm;

    std::vector<std::uint32_t> sample;
    if (result.algorithm == Algorithm::MiniBatch) {
        // Seed on a random subsample, as scikit-learn's MiniBatchKMeans does
        // (its init_size): k-means++ over all of a huge n costs K full passes.
        const std::size_t size = std::min(n, std::max(3 * options.batchSize, 20 * k));
        SelectionRandom random(options.seed, kMiniBatchStream + 1);
        sample.resize(size);
        for (std::uint32_t &row : sample)
            row = std::uint32_t(random.below(n));
        std::sort(sample.begin(), sample.end());
        sample.erase(std::unique(sample.begin(), sample.end()), sample.end());
        if (sample.size() < k) // tiny n: seed on everything
            sample.clear();
    }
    Progress seeding = progress.subRange(0.0, 0.2);
    if (!options.initialCenters.empty()) {
        if (options.initialCenters.size() != k * view.dimension())
            throw Error({{}, 0, "initial centres"}, "expected " + std::to_string(k) + " x "
                                                        + std::to_string(view.dimension()) + " values");
        result.centers = options.initialCenters;
    } else {
        result.centers = seedCenters(view, sample, options, seeding);
    }
    Progress iterating = progress.subRange(0.2, 0.9);
    const std::vector<float> norms = squaredNorms(view, threads, iterating);
    if (result.algorithm == Algorithm::Lloyd)
        lloyd(view, options, threads, norms, result, iterating);
    else
        miniBatch(view, options, threads, result, iterating);
    Progress assigning = progress.subRange(0.9, 1.0);
    assignAll(view, result, threads, assigning, &norms);
    return result;
}

std::vector<float> KMeans::squaredNorms(const FeatureView &view, int threads, Progress &progress)
{
    const std::size_t d = view.dimension();
    std::vector<float> norms(view.rows());
    std::vector<std::vector<float>> buffers(static_cast<std::size_t>(threadCount(threads)));
    RowBlocks(view.rows(), kBlockRows).run(threadCount(threads), [&](std::size_t, std::size_t begin, std::size_t end, int worker) {
        progress.throwIfCancelled();
        std::vector<float> &buffer = buffers[std::size_t(worker)];
        buffer.resize(view.isPlain() ? 0 : (end - begin) * d);
        CenterAssigner::squaredNorms(view.rowsAt(begin, end, buffer.data()), end - begin, d, norms.data() + begin);
    });
    return norms;
}

void KMeans::assignAll(const FeatureView &view, Result &result, int threads, Progress &progress,
                       const std::vector<float> *givenNorms)
{
    const std::size_t n = view.rows(), d = view.dimension(), k = result.clusters;
    threads = threadCount(threads);
    const std::vector<float> norms = givenNorms ? std::vector<float>() : squaredNorms(view, threads, progress);
    const float *normData = givenNorms ? givenNorms->data() : norms.data();
    BlasThreads blasThreads;
    const CenterAssigner assigner(result.centers, k, d);
    result.assignment.assign(n, 0);
    struct Partial {
        std::vector<std::size_t> sizes;
        double inertia = 0.0;
        std::vector<float> rows, scratch, distances2;
    };
    std::vector<Partial> partials(reductionSlots(threads));
    result.sizes.assign(k, 0);
    result.inertia = 0.0;
    const RowBlocks blocks(n, kBlockRows);
    blocks.reduce(
        threads, partials,
        [&](Partial &p) {
            p.sizes.assign(k, 0);
            p.inertia = 0.0;
        },
        [&](std::size_t block, std::size_t begin, std::size_t end, Partial &p) {
            progress.throwIfCancelled();
            p.rows.resize(view.isPlain() ? 0 : kChunkRows * d);
            p.scratch.resize(assigner.scratchSize(kChunkRows));
            p.distances2.resize(kChunkRows);
            for (std::size_t c0 = begin; c0 < end; c0 += kChunkRows) {
                const std::size_t c1 = std::min(end, c0 + kChunkRows);
                const float *x = view.rowsAt(c0, c1, p.rows.data());
                assigner.assign(x, c1 - c0, normData + c0, result.assignment.data() + c0, p.distances2.data(),
                                p.scratch.data());
                for (std::size_t i = c0; i < c1; ++i) {
                    const std::uint32_t label = result.assignment[i];
                    ++p.sizes[label];
                    // The exact distance, not the dot-product form: no cancellation.
                    const float *xi = x + (i - c0) * d;
                    const float *c = result.centers.data() + std::size_t(label) * d;
                    double sum = 0.0;
                    for (std::size_t j = 0; j < d; ++j) {
                        const double delta = double(xi[j]) - double(c[j]);
                        sum += delta * delta;
                    }
                    p.inertia += sum;
                }
            }
            progress.report(double(block + 1) / double(blocks.count()), "assigning samples to clusters");
        },
        [&](const Partial &p) {
            for (std::size_t c = 0; c < k; ++c)
                result.sizes[c] += p.sizes[c];
            result.inertia += p.inertia;
        });
}

} // namespace crsw
