#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// A sparse float32 matrix in compressed sparse row form (the TF-IDF matrix,
/// the user x item matrix). Column indices within a row are ascending.
struct CsrMatrix {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<std::uint64_t> rowStart{0}; ///< rows + 1 offsets into columns/values
    std::vector<std::uint32_t> columns;
    std::vector<float> values;

    std::size_t nonZeros() const { return columns.size(); }
    /// The transpose (CSC of this matrix), columns ascending in each row.
    CsrMatrix transposed() const;
    /// out (rows x k, row-major) = this · dense (cols x k, row-major). Rows are
    /// split over `threads` (0 = all cores); each output row is summed in
    /// column order, so the result does not depend on the thread count.
    void multiply(const float *dense, std::size_t k, float *out, int threads) const;
    /// Sum of the squared values, in double.
    double squaredNorm() const;
};

} // namespace crsw
