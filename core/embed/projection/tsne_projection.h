#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// Barnes-Hut t-SNE (van der Maaten 2014) of the rows of an EmbeddingMatrix
/// to 2-D, for the selection map.
///
/// The rows are first reduced to `pcaDimensions` by PCA (exact, PcaProjection).
/// At most `maxPoints` rows (a seeded uniform sample) are laid out by t-SNE:
/// exact k = 3 x perplexity nearest neighbours (NearestNeighbors), Gaussian
/// affinities calibrated to the perplexity by bisection, symmetrised; then
/// gradient descent with early exaggeration, momentum and gains, the
/// repulsion approximated by a quadtree (BarnesHutTree). Every other row is
/// placed at the inverse-distance-weighted mean of the positions of its 10
/// nearest sampled rows (in the PCA space), so the whole corpus still has a
/// position, at O(n x maxPoints) extra cost. Defaults follow scikit-learn
/// (perplexity 30, 1000 iterations, exaggeration 12 for 250, learning rate
/// max(n / 48, 50), theta 0.5, PCA initialisation scaled to std 1e-4).
///
/// Deterministic for a seed, whatever the thread count: per-point work is
/// independent and every sum runs in index order. Reports progress and
/// checks for cancellation every iteration.
class TsneProjection {
public:
    enum class Init {
        Pca,    ///< the first two principal components (seed only picks the sample)
        Random, ///< Gaussian, std 1e-4, from the seed
    };

    struct Options {
        double perplexity = 30.0;
        int iterations = 1000;
        int exaggerationIterations = 250;
        double earlyExaggeration = 12.0;
        double learningRate = 0.0;       ///< <= 0: automatic, max(n / exaggeration / 4, 50)
        double theta = 0.5;              ///< Barnes-Hut accuracy; 0 would be exact (and O(n^2))
        std::size_t pcaDimensions = 50;  ///< PCA pre-reduction; 0: none
        std::size_t maxPoints = 20000;   ///< t-SNE sample cap; 0: every row
        Init init = Init::Pca;
        std::uint64_t seed = 0;
        int threads = 0;                 ///< 0: every core
    };

    struct Result {
        EmbeddingMatrix coords;              ///< n x 2, every row
        std::vector<std::uint32_t> sample;   ///< the rows t-SNE laid out, ascending (all rows when n <= maxPoints)
        double klDivergence = 0.0;           ///< KL(P || Q) at the end (Barnes-Hut estimate of Q)
        double perplexity = 0.0;             ///< the perplexity used (lowered for tiny inputs)
    };

    /// Runs t-SNE. Throws crsw::Error for fewer than 4 rows, a perplexity
    /// or iteration count that is not positive, or non-finite values;
    /// crsw::Cancelled when cancelled.
    static Result compute(const EmbeddingMatrix &x, const Options &options, Progress &progress);
};

} // namespace crsw
