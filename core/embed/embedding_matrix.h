#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// A dense row-major float32 matrix (n samples x d dimensions), either owned
/// or memory-mapped read-only from a .npy file, so 1,000,000 x 768 vectors are
/// read without a second copy in memory. Move-only.
class EmbeddingMatrix {
public:
    EmbeddingMatrix();
    /// An owned, zero-filled matrix.
    EmbeddingMatrix(std::size_t rows, std::size_t cols);
    EmbeddingMatrix(EmbeddingMatrix &&) noexcept;
    EmbeddingMatrix &operator=(EmbeddingMatrix &&) noexcept;
    ~EmbeddingMatrix();

    /// Maps a float32 C-order 2-D .npy file (format 1.0-3.0) read-only.
    /// Throws crsw::Error naming the file for a missing file, a bad header,
    /// another dtype, Fortran order, not 2-D, or a truncated payload.
    static EmbeddingMatrix mapNpy(const std::string &path);

    std::size_t rows() const { return m_rows; }
    std::size_t cols() const { return m_cols; }
    bool empty() const { return m_rows == 0; }
    bool isMapped() const;

    const float *data() const { return m_data; }
    const float *row(std::size_t i) const { return m_data + i * m_cols; }
    /// Writable access; throws std::logic_error on a mapped matrix.
    float *mutableData();
    float *mutableRow(std::size_t i) { return mutableData() + i * m_cols; }

private:
    struct Mapping;
    std::size_t m_rows = 0;
    std::size_t m_cols = 0;
    const float *m_data = nullptr;
    std::vector<float> m_owned;
    std::unique_ptr<Mapping> m_mapping;
};

/// Writes a float32 matrix as a C-order .npy file (format 1.0) numpy can load, atomically.
void writeNpy(const std::string &path, const EmbeddingMatrix &matrix);
/// Writes / reads a 1-D int32 .npy (row -> item or user index tables).
void writeNpyInt32(const std::string &path, const std::vector<std::int32_t> &values);
std::vector<std::int32_t> readNpyInt32(const std::string &path);

} // namespace crsw
