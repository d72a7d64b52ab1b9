#include "select/feature_view.h"

#include "common/error.h"
#include "common/parallel.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

namespace crsw {

namespace {

enum class RowProblem { None, NonFinite, Zero };

RowProblem checkRow(const float *row, std::size_t d)
{
    bool anyNonZero = false;
    for (std::size_t k = 0; k < d; ++k) {
        if (!std::isfinite(row[k]))
            return RowProblem::NonFinite;
        anyNonZero |= row[k] != 0.0f;
    }
    return anyNonZero || d == 0 ? RowProblem::None : RowProblem::Zero;
}

// The first bad row of a matrix among `used` (all rows when empty), found in
// parallel but reported as the lowest index, so the message is deterministic.
void checkMatrix(const EmbeddingMatrix &matrix, const std::vector<char> &used, const std::string &name, int threads)
{
    const std::size_t n = matrix.rows();
    std::atomic<std::size_t> firstBad{std::numeric_limits<std::size_t>::max()};
    parallelFor(n, threads > 0 ? threads : defaultThreadCount(), 4096, [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t i = begin; i < end && i < firstBad.load(std::memory_order_relaxed); ++i) {
            if (!used.empty() && !used[i])
                continue;
            if (checkRow(matrix.row(i), matrix.cols()) != RowProblem::None) {
                std::size_t seen = firstBad.load();
                while (i < seen && !firstBad.compare_exchange_weak(seen, i)) {
                }
                return;
            }
        }
    });
    const std::size_t bad = firstBad.load();
    if (bad == std::numeric_limits<std::size_t>::max())
        return;
    const bool zero = checkRow(matrix.row(bad), matrix.cols()) == RowProblem::Zero;
    throw Error({name, 0, "row " + std::to_string(bad)},
                zero ? "the vector is all zero (an empty text?); selection needs a direction for every sample"
                     : "the vector holds NaN or Inf");
}

} // namespace

FeatureView::FeatureView(const EmbeddingMatrix &primary) : m_primary(&primary), m_dimension(primary.cols()) {}

void FeatureView::addBlock(const EmbeddingMatrix &table, std::vector<std::uint32_t> keys, float weight,
                           std::string name)
{
    const std::string what = "feature block" + (name.empty() ? std::string() : " \"" + name + "\"");
    if (keys.size() != rows())
        throw Error(what + ": " + std::to_string(keys.size()) + " keys for " + std::to_string(rows()) + " samples");
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] >= table.rows())
            throw Error(what + ": sample " + std::to_string(i) + " refers to row " + std::to_string(keys[i])
                        + " of a table with " + std::to_string(table.rows()) + " rows");
    m_blocks.push_back(Block{&table, std::move(keys), weight, std::move(name)});
    m_dimension += table.cols();
}

const FeatureView::Block *FeatureView::findBlock(const std::string &name) const
{
    for (const Block &block : m_blocks)
        if (block.name == name)
            return &block;
    return nullptr;
}

void FeatureView::copyRows(std::size_t begin, std::size_t end, float *out) const
{
    const std::size_t d0 = m_primary->cols();
    for (std::size_t i = begin; i < end; ++i) {
        float *dst = out + (i - begin) * m_dimension;
        std::memcpy(dst, m_primary->row(i), d0 * sizeof(float));
        std::size_t offset = d0;
        for (const Block &block : m_blocks) {
            const float *src = block.table->row(block.keys[i]);
            const std::size_t d = block.table->cols();
            for (std::size_t k = 0; k < d; ++k)
                dst[offset + k] = block.weight * src[k];
            offset += d;
        }
    }
}

const float *FeatureView::rowsAt(std::size_t begin, std::size_t end, float *buffer) const
{
    if (isPlain())
        return m_primary->row(begin);
    copyRows(begin, end, buffer);
    return buffer;
}

void FeatureView::validate(const std::string &primaryName, int threads) const
{
    checkMatrix(*m_primary, {}, primaryName, threads);
    for (const Block &block : m_blocks) {
        // Only the table rows some sample uses matter (an item without
        // reviews may well have an empty metadata text).
        std::vector<char> used(block.table->rows(), 0);
        for (std::uint32_t key : block.keys)
            used[key] = 1;
        checkMatrix(*block.table, used, (block.name.empty() ? "block" : block.name) + " table", threads);
    }
}

} // namespace crsw
