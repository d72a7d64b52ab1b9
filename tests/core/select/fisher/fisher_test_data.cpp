#include "fisher_test_data.h"

#include "select/selection_random.h"
#include "synthetic_embeddings.h"

#include <cmath>
#include <cstring>

namespace crsw::test {

EmbeddingMatrix gaussianRows(std::size_t n, std::size_t d, std::uint64_t seed, bool normalise)
{
    EmbeddingMatrix m(n, d);
    SelectionRandom random(seed);
    for (std::size_t i = 0; i < n; ++i) {
        double norm = 0.0;
        std::vector<double> x(d);
        for (std::size_t j = 0; j < d; ++j) {
            const double u = 1.0 - random.uniform(), v = random.uniform();
            x[j] = std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
            norm += x[j] * x[j];
        }
        for (std::size_t j = 0; j < d; ++j)
            m.mutableRow(i)[j] = float(normalise ? x[j] / std::sqrt(norm) : x[j]);
    }
    return m;
}

EmbeddingMatrix clusteredRows(std::size_t n, std::size_t d, std::uint64_t seed)
{
    SyntheticEmbeddings::Options options;
    options.rows = n;
    options.dimension = d;
    options.clusters = 12;
    options.seed = seed;
    options.threads = 1;
    return SyntheticEmbeddings::generate(options);
}

EmbeddingMatrix withCopies(const EmbeddingMatrix &m, const std::vector<std::size_t> &copies)
{
    EmbeddingMatrix out(m.rows() + copies.size(), m.cols());
    std::memcpy(out.mutableData(), m.data(), m.rows() * m.cols() * sizeof(float));
    for (std::size_t c = 0; c < copies.size(); ++c)
        std::memcpy(out.mutableRow(m.rows() + c), m.row(copies[c]), m.cols() * sizeof(float));
    return out;
}

std::vector<std::uint32_t> randomKeys(std::size_t n, std::size_t tableRows, std::uint64_t seed)
{
    SelectionRandom random(seed);
    std::vector<std::uint32_t> keys(n);
    for (auto &key : keys)
        key = std::uint32_t(random.below(tableRows));
    return keys;
}

} // namespace crsw::test
