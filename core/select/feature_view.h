#pragma once

#include "embed/embedding_matrix.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// The vectors a selection strategy chooses among, without materialising them:
/// x_i = [p_i ; w_1 * b1_{key1(i)} ; w_2 * b2_{key2(i)} ...] where p is the
/// primary matrix (one row per sample: review embeddings) and each block is a
/// table looked up through a per-sample key (item metadata embeddings by the
/// review's item for METADATA_*, user factors by the review's user for
/// USER_*), METHOD.md §3.3. Rows of the primary matrix and of each table are
/// expected L2-normalised (the embed stage writes them so). The view keeps
/// references: the matrices must outlive it.
class FeatureView {
public:
    /// Block names runSelection() checks for the METADATA_ and USER_ variants.
    static constexpr const char *kMetadataBlock = "metadata";
    static constexpr const char *kUserBlock = "user";

    struct Block {
        const EmbeddingMatrix *table = nullptr;
        std::vector<std::uint32_t> keys; ///< one per primary row: the table row
        float weight = 1.0f;
        std::string name;                ///< kMetadataBlock, kUserBlock or the caller's own
    };

    explicit FeatureView(const EmbeddingMatrix &primary);

    /// Appends a weighted block. Throws crsw::Error if keys.size() differs from
    /// rows() or a key is out of the table's range.
    void addBlock(const EmbeddingMatrix &table, std::vector<std::uint32_t> keys, float weight,
                  std::string name = {});

    std::size_t rows() const { return m_primary->rows(); }
    /// Total dimension: primary plus every block.
    std::size_t dimension() const { return m_dimension; }
    const EmbeddingMatrix &primary() const { return *m_primary; }
    const std::vector<Block> &blocks() const { return m_blocks; }
    bool isPlain() const { return m_blocks.empty(); }
    /// The block with this name, or nullptr.
    const Block *findBlock(const std::string &name) const;

    /// Writes rows [begin, end) into `out` ((end - begin) x dimension(), row-major).
    void copyRows(std::size_t begin, std::size_t end, float *out) const;
    /// Rows [begin, end) contiguous: straight from the primary matrix when the
    /// view is plain (no copy), else copied into `buffer` (which must hold
    /// (end - begin) x dimension() floats). Valid until `buffer` changes.
    const float *rowsAt(std::size_t begin, std::size_t end, float *buffer) const;

    /// Throws crsw::Error naming the matrix and row of the first vector that
    /// holds NaN or Inf or is all zero (primary rows, then the table rows the
    /// keys use). `primaryName` names the primary matrix in the message.
    void validate(const std::string &primaryName = "embeddings", int threads = 0) const;

private:
    const EmbeddingMatrix *m_primary;
    std::vector<Block> m_blocks;
    std::size_t m_dimension;
};

} // namespace crsw
