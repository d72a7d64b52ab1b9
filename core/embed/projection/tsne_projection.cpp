#include "embed/projection/tsne_projection.h"

#include "common/error.h"
#include "common/parallel.h"
#include "embed/projection/barnes_hut_tree.h"
#include "embed/projection/nearest_neighbors.h"
#include "embed/projection/pca_projection.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <utility>

namespace crsw {

namespace {

constexpr std::size_t kPlacementNeighbours = 10;
constexpr std::size_t kPointGrain = 256;

// Uniform integer in [0, n) by rejection: the same numbers on every standard
// library (std::uniform_int_distribution is implementation-defined).
std::uint64_t uniformBelow(std::mt19937_64 &rng, std::uint64_t n)
{
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t r;
    do {
        r = rng();
    } while (r >= limit);
    return r % n;
}

// A standard normal deviate by Box-Muller (portable, unlike std::normal_distribution).
double gaussian(std::mt19937_64 &rng)
{
    const double u1 = (double(rng() >> 11) + 1.0) * 0x1.0p-53; // (0, 1]
    const double u2 = double(rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// m of n rows, uniformly without replacement (partial Fisher-Yates), ascending.
std::vector<std::uint32_t> sampleRows(std::size_t n, std::size_t m, std::uint64_t seed)
{
    std::vector<std::uint32_t> rows(n);
    for (std::size_t i = 0; i < n; ++i)
        rows[i] = std::uint32_t(i);
    if (m < n) {
        std::mt19937_64 rng(seed);
        for (std::size_t i = 0; i < m; ++i)
            std::swap(rows[i], rows[i + uniformBelow(rng, n - i)]);
        rows.resize(m);
        std::sort(rows.begin(), rows.end());
    }
    return rows;
}

// The symmetric joint probabilities P in compressed rows.
struct SparseAffinities {
    std::vector<std::size_t> start; // ns + 1 offsets
    std::vector<std::uint32_t> column;
    std::vector<double> value;
};

// p_{j|i} over each row's neighbours, with the Gaussian precision found by
// bisection so that the row's entropy is log(perplexity); then
// P_ij = (p_{j|i} + p_{i|j}) / (2 ns).
SparseAffinities affinities(const NearestNeighbors::Result &knn, std::size_t ns, double perplexity, int threads,
                            Progress &progress)
{
    const std::size_t k = knn.k;
    std::vector<double> conditional(ns * k);
    const double target = std::log(perplexity);
    parallelFor(ns, threads, kPointGrain, [&](std::size_t begin, std::size_t end, int) {
        progress.throwIfCancelled();
        for (std::size_t i = begin; i < end; ++i) {
            const float *d = &knn.distances2[i * k];
            double *p = &conditional[i * k];
            double beta = 1.0, lo = 0.0, hi = HUGE_VAL, sum = 0.0;
            for (int step = 0; step < 200; ++step) {
                sum = 0.0;
                double weighted = 0.0;
                for (std::size_t j = 0; j < k; ++j) {
                    const double shifted = double(d[j]) - double(d[0]); // nearest first: no overflow
                    p[j] = std::exp(-beta * shifted);
                    sum += p[j];
                    weighted += shifted * p[j];
                }
                const double entropy = std::log(sum) + beta * weighted / sum;
                if (std::abs(entropy - target) < 1e-5)
                    break;
                if (entropy > target) {
                    lo = beta;
                    beta = std::isinf(hi) ? beta * 2.0 : 0.5 * (beta + hi);
                } else {
                    hi = beta;
                    beta = 0.5 * (beta + lo);
                }
            }
            for (std::size_t j = 0; j < k; ++j)
                p[j] /= sum;
        }
    });

    // Both directions of every neighbour pair, then per row sorted by column and merged.
    std::vector<std::size_t> degree(ns + 1, 0);
    for (std::size_t i = 0; i < ns; ++i) {
        for (std::size_t j = 0; j < k; ++j) {
            ++degree[i];
            ++degree[knn.indices[i * k + j]];
        }
    }
    std::vector<std::size_t> offset(ns + 1, 0);
    for (std::size_t i = 0; i < ns; ++i)
        offset[i + 1] = offset[i] + degree[i];
    std::vector<std::pair<std::uint32_t, double>> entries(offset[ns]);
    std::vector<std::size_t> fill(offset.begin(), offset.end() - 1);
    const double scale = 1.0 / (2.0 * double(ns));
    for (std::size_t i = 0; i < ns; ++i) {
        for (std::size_t j = 0; j < k; ++j) {
            const std::uint32_t other = knn.indices[i * k + j];
            const double v = conditional[i * k + j] * scale;
            entries[fill[i]++] = {other, v};
            entries[fill[other]++] = {std::uint32_t(i), v};
        }
    }
    SparseAffinities p;
    p.start.assign(1, 0);
    for (std::size_t i = 0; i < ns; ++i) {
        auto first = entries.begin() + std::ptrdiff_t(offset[i]), last = entries.begin() + std::ptrdiff_t(offset[i + 1]);
        std::sort(first, last);
        for (auto it = first; it != last; ++it) {
            if (p.column.size() > p.start.back() && p.column.back() == it->first)
                p.value.back() += it->second;
            else {
                p.column.push_back(it->first);
                p.value.push_back(it->second);
            }
        }
        p.start.push_back(p.column.size());
    }
    return p;
}

// Gradient descent on the 2-D positions y (ns x 2); returns the final KL divergence.
double descend(const SparseAffinities &p, std::vector<double> &y, const TsneProjection::Options &options, int threads,
               Progress &progress)
{
    const std::size_t ns = y.size() / 2;
    const double rate = options.learningRate > 0.0
                            ? options.learningRate
                            : std::max(double(ns) / options.earlyExaggeration / 4.0, 50.0);
    std::vector<double> update(2 * ns, 0.0), gains(2 * ns, 1.0), attract(2 * ns), repel(2 * ns), z(ns), kl(ns);
    BarnesHutTree tree;
    double divergence = 0.0;
    for (int it = 0; it < options.iterations; ++it) {
        progress.throwIfCancelled();
        const bool early = it < options.exaggerationIterations;
        const double exaggeration = early ? options.earlyExaggeration : 1.0;
        const double momentum = early ? 0.5 : 0.8;
        const bool measure = (it + 1) % 50 == 0 || it + 1 == options.iterations;
        tree.build(y.data(), ns);
        parallelFor(ns, threads, kPointGrain, [&](std::size_t begin, std::size_t end, int) {
            for (std::size_t i = begin; i < end; ++i) {
                const double yx = y[2 * i], yy = y[2 * i + 1];
                double ax = 0.0, ay = 0.0, klPart = 0.0;
                for (std::size_t e = p.start[i]; e < p.start[i + 1]; ++e) {
                    const std::size_t j = p.column[e];
                    const double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                    const double q = 1.0 / (1.0 + dx * dx + dy * dy);
                    ax += p.value[e] * q * dx;
                    ay += p.value[e] * q * dy;
                    if (measure)
                        klPart += p.value[e] * (std::log(p.value[e]) - std::log(q));
                }
                attract[2 * i] = ax;
                attract[2 * i + 1] = ay;
                double rx = 0.0, ry = 0.0;
                z[i] = tree.repulsion(yx, yy, options.theta, &rx, &ry);
                repel[2 * i] = rx;
                repel[2 * i + 1] = ry;
                kl[i] = klPart;
            }
        });
        double sumZ = 0.0; // in index order: the same sum on any number of threads
        for (std::size_t i = 0; i < ns; ++i)
            sumZ += z[i];
        sumZ = std::max(sumZ, 1e-300);
        if (measure) {
            // KL = sum P log(P / (q / Z)) = sum P (log P - log q) + log Z, as sum P = 1.
            double total = 0.0;
            for (std::size_t i = 0; i < ns; ++i)
                total += kl[i];
            divergence = total + std::log(sumZ);
        }
        double meanX = 0.0, meanY = 0.0;
        for (std::size_t c = 0; c < 2 * ns; ++c) {
            const double gradient = 4.0 * (exaggeration * attract[c] - repel[c] / sumZ);
            // Delta-bar-delta gains (as scikit-learn): grow where the gradient opposes the last step.
            gains[c] = update[c] * gradient < 0.0 ? gains[c] + 0.2 : std::max(gains[c] * 0.8, 0.01);
            update[c] = momentum * update[c] - rate * gains[c] * gradient;
            y[c] += update[c];
            (c % 2 == 0 ? meanX : meanY) += y[c];
        }
        meanX /= double(ns);
        meanY /= double(ns);
        for (std::size_t i = 0; i < ns; ++i) {
            y[2 * i] -= meanX;
            y[2 * i + 1] -= meanY;
        }
        char message[96];
        std::snprintf(message, sizeof message, "t-SNE: iteration %d of %d, KL %.3f", it + 1, options.iterations,
                      divergence);
        progress.report(double(it + 1) / double(options.iterations), message);
    }
    return divergence;
}

} // namespace

TsneProjection::Result TsneProjection::compute(const EmbeddingMatrix &x, const Options &options, Progress &progress)
{
    const std::size_t n = x.rows();
    if (n < 4)
        throw Error({std::string(), 0, "embeddings"}, "t-SNE needs at least 4 rows, got " + std::to_string(n));
    if (!(options.perplexity > 0.0))
        throw Error({std::string(), 0, "perplexity"}, "must be positive");
    if (options.iterations < 1)
        throw Error({std::string(), 0, "iterations"}, "must be at least 1");
    if (n > UINT32_MAX)
        throw Error({std::string(), 0, "embeddings"}, "too many rows for t-SNE");
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();

    // PCA first: the reduction, and (columns 0 and 1) the initial layout.
    PcaProjection::Options pcaOptions;
    pcaOptions.components = options.pcaDimensions > 0 ? std::min(options.pcaDimensions, x.cols()) : x.cols();
    pcaOptions.components = std::max<std::size_t>(pcaOptions.components, std::min<std::size_t>(2, x.cols()));
    pcaOptions.threads = threads;
    Progress pcaProgress = progress.subRange(0.0, 0.1);
    const PcaProjection::Result pca = PcaProjection::compute(x, pcaOptions, pcaProgress);
    const std::size_t dim = pca.coords.cols();

    Result result;
    result.sample = sampleRows(n, options.maxPoints > 0 ? std::min(options.maxPoints, n) : n, options.seed);
    const std::size_t ns = result.sample.size();
    std::vector<float> sampled(ns * dim);
    for (std::size_t s = 0; s < ns; ++s)
        std::copy_n(pca.coords.row(result.sample[s]), dim, &sampled[s * dim]);

    // A perplexity needs more neighbours than itself: lowered for tiny samples.
    result.perplexity = std::min(options.perplexity, std::max(1.0, double(ns - 1) / 3.0));
    const std::size_t k = std::min<std::size_t>(ns - 1, std::size_t(3.0 * result.perplexity + 1.0));
    progress.reportNow(0.1, "t-SNE: nearest neighbours");
    Progress knnProgress = progress.subRange(0.1, 0.25);
    const NearestNeighbors::Result knn =
        NearestNeighbors::search(sampled.data(), ns, sampled.data(), ns, dim, k, true, threads, knnProgress);
    progress.reportNow(0.25, "t-SNE: affinities");
    const SparseAffinities p = affinities(knn, ns, result.perplexity, threads, progress);

    std::vector<double> y(2 * ns);
    if (options.init == Init::Pca && dim >= 2) {
        double mean = 0.0, squares = 0.0;
        for (std::size_t s = 0; s < ns; ++s)
            mean += sampled[s * dim];
        mean /= double(ns);
        for (std::size_t s = 0; s < ns; ++s)
            squares += (sampled[s * dim] - mean) * (sampled[s * dim] - mean);
        const double sd = std::sqrt(squares / double(ns));
        const double scale = sd > 0.0 ? 1e-4 / sd : 1.0;
        for (std::size_t s = 0; s < ns; ++s) {
            y[2 * s] = sampled[s * dim] * scale;
            y[2 * s + 1] = sampled[s * dim + 1] * scale;
        }
    } else {
        std::mt19937_64 rng(options.seed ^ 0x5851f42d4c957f2dULL);
        for (double &v : y)
            v = 1e-4 * gaussian(rng);
    }
    Progress descentProgress = progress.subRange(0.3, 0.95);
    result.klDivergence = descend(p, y, options, threads, descentProgress);

    result.coords = EmbeddingMatrix(n, 2);
    float *out = result.coords.mutableData();
    std::vector<char> inSample(n, 0);
    for (std::size_t s = 0; s < ns; ++s) {
        inSample[result.sample[s]] = 1;
        out[2 * result.sample[s]] = float(y[2 * s]);
        out[2 * result.sample[s] + 1] = float(y[2 * s + 1]);
    }
    if (ns < n) {
        progress.reportNow(0.95, "t-SNE: placing the rows outside the sample");
        std::vector<std::uint32_t> others;
        others.reserve(n - ns);
        for (std::size_t i = 0; i < n; ++i)
            if (!inSample[i])
                others.push_back(std::uint32_t(i));
        std::vector<float> queries(others.size() * dim);
        for (std::size_t o = 0; o < others.size(); ++o)
            std::copy_n(pca.coords.row(others[o]), dim, &queries[o * dim]);
        Progress placing = progress.subRange(0.95, 1.0);
        const NearestNeighbors::Result near = NearestNeighbors::search(
            sampled.data(), ns, queries.data(), others.size(), dim, kPlacementNeighbours, false, threads, placing);
        for (std::size_t o = 0; o < others.size(); ++o) {
            const std::uint32_t *idx = &near.indices[o * near.k];
            const float *d2 = &near.distances2[o * near.k];
            double wx = 0.0, wy = 0.0, total = 0.0;
            for (std::size_t j = 0; j < near.k; ++j) {
                // A duplicate of a sampled row sits exactly on it.
                const double w = d2[0] == 0.0f ? (d2[j] == 0.0f ? 1.0 : 0.0) : 1.0 / std::sqrt(double(d2[j]));
                wx += w * y[2 * idx[j]];
                wy += w * y[2 * idx[j] + 1];
                total += w;
            }
            out[2 * others[o]] = float(wx / total);
            out[2 * others[o] + 1] = float(wy / total);
        }
    }
    progress.reportNow(1.0, "t-SNE done");
    return result;
}

} // namespace crsw
