#include "embed/csr_matrix.h"

#include "common/parallel.h"

#include <algorithm>

namespace crsw {

namespace {

// out[i] = sum_p values[p] * dense[columns[p]] for rows [begin, end): each
// output row is a short dot of sparse weights with dense rows of k floats.
// Without -march the compiler only uses SSE2, so the kernel is also built for
// AVX2 and AVX-512 and the loader picks the one the CPU has (GCC's
// target_clones); each lane sums in the same order in every version.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void multiplyRows(const std::uint64_t *rowStart, const std::uint32_t *columns, const float *values,
                  const float *dense, std::size_t k, float *out, std::size_t begin, std::size_t end)
{
    // The dense rows are read in an order the hardware cannot predict (the
    // transpose reads a tall matrix's rows by document): fetching the rows
    // a few non-zeros ahead turns a latency-bound loop into a bandwidth-bound one.
    constexpr std::uint64_t kAhead = 8;
    const std::uint64_t last = rowStart[end];
    for (std::size_t i = begin; i < end; ++i) {
        float *__restrict o = out + i * k;
        for (std::size_t j = 0; j < k; ++j)
            o[j] = 0.0f;
        for (std::uint64_t p = rowStart[i]; p < rowStart[i + 1]; ++p) {
            if (p + kAhead < last) {
                const char *ahead = reinterpret_cast<const char *>(dense + std::size_t(columns[p + kAhead]) * k);
                for (std::size_t byte = 0; byte < k * sizeof(float); byte += 64)
                    __builtin_prefetch(ahead + byte);
            }
            const float a = values[p];
            const float *__restrict d = dense + std::size_t(columns[p]) * k;
            for (std::size_t j = 0; j < k; ++j)
                o[j] += a * d[j];
        }
    }
}

} // namespace

CsrMatrix CsrMatrix::transposed() const
{
    CsrMatrix t;
    t.rows = cols;
    t.cols = rows;
    t.rowStart.assign(cols + 1, 0);
    for (std::uint32_t c : columns)
        ++t.rowStart[c + 1];
    for (std::size_t c = 0; c < cols; ++c)
        t.rowStart[c + 1] += t.rowStart[c];
    t.columns.resize(columns.size());
    t.values.resize(values.size());
    std::vector<std::uint64_t> next(t.rowStart.begin(), t.rowStart.end() - 1);
    // Rows in order, so each transposed row lists its columns ascending.
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::uint64_t p = rowStart[r]; p < rowStart[r + 1]; ++p) {
            const std::uint64_t at = next[columns[p]]++;
            t.columns[at] = static_cast<std::uint32_t>(r);
            t.values[at] = values[p];
        }
    }
    return t;
}

void CsrMatrix::multiply(const float *dense, std::size_t k, float *out, int threads) const
{
    if (threads <= 0)
        threads = defaultThreadCount();
    // Rows per block: about 64k non-zeros per block on average, at least 16 rows.
    const std::size_t perRow = rows == 0 ? 1 : std::max<std::size_t>(1, nonZeros() / rows);
    const std::size_t grain = std::max<std::size_t>(16, 65536 / perRow);
    parallelFor(rows, threads, grain, [&](std::size_t begin, std::size_t end, int) {
        multiplyRows(rowStart.data(), columns.data(), values.data(), dense, k, out, begin, end);
    });
}

double CsrMatrix::squaredNorm() const
{
    double sum = 0.0;
    for (float v : values)
        sum += double(v) * double(v);
    return sum;
}

} // namespace crsw
