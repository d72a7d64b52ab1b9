// Benchmark of the selection map's projections on clustered unit vectors:
//   bench_projection           PCA to 2-D of 200,000 x 768; t-SNE of 200,000 x 768
//                              (PCA-50, a 20,000-row sample, the rest placed);
//                              t-SNE of 20,000 x 256 (the demo's size, every row)
//   bench_projection --smoke   20,000 x 128 and a 2,000-row t-SNE (part of the suite)
// Prints wall-clock seconds of each run and of each t-SNE stage.
#include "embed/projection/pca_projection.h"
#include "embed/projection/tsne_projection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

using namespace crsw;

namespace {

// n rows around 50 random centres, each row L2-normalised like the embed stage's.
EmbeddingMatrix clusteredUnitRows(std::size_t n, std::size_t d)
{
    std::mt19937_64 rng(5);
    std::normal_distribution<float> normal;
    const std::size_t clusters = 50;
    std::vector<float> centres(clusters * d);
    for (float &v : centres)
        v = normal(rng);
    EmbeddingMatrix x(n, d);
    for (std::size_t i = 0; i < n; ++i) {
        float *row = x.mutableRow(i);
        const float *centre = &centres[(i * 7 % clusters) * d];
        double norm = 0.0;
        for (std::size_t j = 0; j < d; ++j) {
            row[j] = centre[j] + 0.8f * normal(rng);
            norm += double(row[j]) * row[j];
        }
        const float scale = float(1.0 / std::sqrt(norm));
        for (std::size_t j = 0; j < d; ++j)
            row[j] *= scale;
    }
    return x;
}

// A progress that prints when each stage (a new message; all iterations are one) starts.
Progress stagePrinter(const QElapsedTimer &clock)
{
    auto last = std::make_shared<std::string>();
    return Progress(
        [&clock, last](double, const std::string &message) {
            const std::string stage =
                message.find("iteration") != std::string::npos ? std::string("t-SNE: gradient descent") : message;
            if (stage != *last) {
                *last = stage;
                std::printf("    %7.2f s  %s\n", double(clock.elapsed()) / 1000.0, stage.c_str());
            }
        },
        std::chrono::milliseconds(0));
}

void runPca(std::size_t n, std::size_t d)
{
    const EmbeddingMatrix x = clusteredUnitRows(n, d);
    QElapsedTimer clock;
    clock.start();
    Progress progress;
    const PcaProjection::Result result = PcaProjection::compute(x, PcaProjection::Options(), progress);
    std::printf("PCA to 2-D of %zu x %zu: %.2f s (PC1 %.1f%%, PC2 %.1f%% of the variance)\n", n, d,
                double(clock.elapsed()) / 1000.0, 100 * result.explainedRatio(0), 100 * result.explainedRatio(1));
    std::fflush(stdout);
}

void runTsne(std::size_t n, std::size_t d, std::size_t maxPoints)
{
    const EmbeddingMatrix x = clusteredUnitRows(n, d);
    std::printf("t-SNE of %zu x %zu (PCA-50, at most %zu rows laid out, 1000 iterations):\n", n, d, maxPoints);
    QElapsedTimer clock;
    clock.start();
    Progress progress = stagePrinter(clock);
    TsneProjection::Options options;
    options.maxPoints = maxPoints;
    const TsneProjection::Result result = TsneProjection::compute(x, options, progress);
    std::printf("  total %.2f s, %zu rows laid out, KL %.3f\n", double(clock.elapsed()) / 1000.0, result.sample.size(),
                result.klDivergence);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (QCoreApplication::arguments().contains(QStringLiteral("--smoke"))) {
        runPca(20000, 128);
        runTsne(4000, 128, 2000);
        return 0;
    }
    runPca(200000, 768);
    runTsne(20000, 256, 20000);
    runTsne(200000, 768, 20000);
    return 0;
}
