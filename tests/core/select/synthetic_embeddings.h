#pragma once
// Realistic stand-ins for review embeddings, for the selection tests and
// benchmarks: clustered (cluster sizes Zipf-like), with an anisotropic
// spectrum (dimension j scaled by (1 + j)^-decay, as the variance of SVD or
// LM embeddings falls off), every row L2-normalised. Seeded; row blocks are
// generated in parallel from their own streams, so the rows do not depend on
// the thread count.
#include "embed/embedding_matrix.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace crsw::test {

class SyntheticEmbeddings {
public:
    struct Options {
        std::size_t rows = 1000;
        std::size_t dimension = 64;
        std::size_t clusters = 40;    ///< true clusters (not the K of k-means)
        double spread = 0.35;         ///< within-cluster noise relative to the centre scale
        double decay = 0.6;           ///< spectrum exponent
        double zipf = 0.8;            ///< cluster size exponent: cluster c has weight (c + 1)^-zipf
        std::uint64_t seed = 1;
        int threads = 0;
    };

    /// The matrix in memory.
    static EmbeddingMatrix generate(const Options &options);
    /// Streams the rows into a float32 .npy file (for matrices larger than
    /// we want in memory, e.g. 1,000,000 x 768 = 3 GB) block by block.
    static void writeNpy(const std::string &path, const Options &options);
    /// One line saying how the data was made (printed by the benchmarks).
    static std::string describe(const Options &options);
};

} // namespace crsw::test
