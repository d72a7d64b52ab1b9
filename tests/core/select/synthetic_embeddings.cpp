#include "synthetic_embeddings.h"

#include "common/parallel.h"
#include "select/selection_random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace crsw::test {

namespace {

constexpr std::size_t kBlockRows = 4096;

double normal(SelectionRandom &random)
{
    // Box-Muller; libm differences across platforms only move test data.
    const double u = 1.0 - random.uniform(), v = random.uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
}

struct Model {
    std::vector<double> scale;       // per dimension
    std::vector<double> centers;     // clusters x dimension
    std::vector<double> cumulative;  // cluster weights, normalised running sum
};

Model makeModel(const SyntheticEmbeddings::Options &o)
{
    Model model;
    SelectionRandom random(o.seed, 0);
    model.scale.resize(o.dimension);
    for (std::size_t j = 0; j < o.dimension; ++j)
        model.scale[j] = std::pow(1.0 + double(j), -o.decay);
    model.centers.resize(o.clusters * o.dimension);
    for (std::size_t c = 0; c < o.clusters; ++c)
        for (std::size_t j = 0; j < o.dimension; ++j)
            model.centers[c * o.dimension + j] = normal(random) * model.scale[j];
    double total = 0.0;
    for (std::size_t c = 0; c < o.clusters; ++c)
        model.cumulative.push_back(total += std::pow(double(c + 1), -o.zipf));
    for (double &v : model.cumulative)
        v /= total;
    return model;
}

void generateRows(const Model &model, const SyntheticEmbeddings::Options &o, std::size_t begin, std::size_t end,
                  float *out)
{
    SelectionRandom random(o.seed, 1 + begin / kBlockRows);
    const std::size_t d = o.dimension;
    std::vector<double> x(d);
    for (std::size_t i = begin; i < end; ++i) {
        const double u = random.uniform();
        const std::size_t c = std::min<std::size_t>(
            o.clusters - 1, std::size_t(std::upper_bound(model.cumulative.begin(), model.cumulative.end(), u)
                                        - model.cumulative.begin()));
        double norm = 0.0;
        for (std::size_t j = 0; j < d; ++j) {
            x[j] = model.centers[c * d + j] + o.spread * model.scale[j] * normal(random);
            norm += x[j] * x[j];
        }
        norm = std::sqrt(norm);
        for (std::size_t j = 0; j < d; ++j)
            out[(i - begin) * d + j] = float(x[j] / norm);
    }
}

} // namespace

EmbeddingMatrix SyntheticEmbeddings::generate(const Options &o)
{
    const Model model = makeModel(o);
    EmbeddingMatrix matrix(o.rows, o.dimension);
    const std::size_t blocks = (o.rows + kBlockRows - 1) / kBlockRows;
    parallelFor(blocks, o.threads > 0 ? o.threads : defaultThreadCount(), 1,
                [&](std::size_t b0, std::size_t b1, int) {
                    for (std::size_t b = b0; b < b1; ++b) {
                        const std::size_t begin = b * kBlockRows, end = std::min(o.rows, begin + kBlockRows);
                        generateRows(model, o, begin, end, matrix.mutableRow(begin));
                    }
                });
    return matrix;
}

void SyntheticEmbeddings::writeNpy(const std::string &path, const Options &o)
{
    const Model model = makeModel(o);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error("cannot write " + path);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(o.rows) + ", "
                         + std::to_string(o.dimension) + "), }";
    header += std::string((64 - (10 + header.size() + 1) % 64) % 64, ' ') + "\n";
    out.write("\x93NUMPY\x01\x00", 8);
    const char length[2] = {char(header.size() & 0xff), char(header.size() >> 8)};
    out.write(length, 2);
    out.write(header.data(), std::streamsize(header.size()));
    const int threads = o.threads > 0 ? o.threads : defaultThreadCount();
    const std::size_t wave = kBlockRows * std::size_t(threads) * 4;
    std::vector<float> buffer(wave * o.dimension);
    for (std::size_t w0 = 0; w0 < o.rows; w0 += wave) {
        const std::size_t w1 = std::min(o.rows, w0 + wave);
        const std::size_t blocks = (w1 - w0 + kBlockRows - 1) / kBlockRows;
        parallelFor(blocks, threads, 1, [&](std::size_t b0, std::size_t b1, int) {
            for (std::size_t b = b0; b < b1; ++b) {
                const std::size_t begin = w0 + b * kBlockRows, end = std::min(w1, begin + kBlockRows);
                generateRows(model, o, begin, end, buffer.data() + (begin - w0) * o.dimension);
            }
        });
        out.write(reinterpret_cast<const char *>(buffer.data()),
                  std::streamsize((w1 - w0) * o.dimension * sizeof(float)));
    }
    if (!out.flush())
        throw std::runtime_error("cannot write " + path);
}

std::string SyntheticEmbeddings::describe(const Options &o)
{
    char text[400];
    std::snprintf(text, sizeof text,
                  "%zu x %zu float32, %zu Gaussian clusters (sizes ~ (c+1)^-%.2g), dimension j scaled by "
                  "(1+j)^-%.2g, within-cluster spread %.2g, rows L2-normalised, seed %llu",
                  o.rows, o.dimension, o.clusters, o.zipf, o.decay, o.spread, (unsigned long long)o.seed);
    return text;
}

} // namespace crsw::test
