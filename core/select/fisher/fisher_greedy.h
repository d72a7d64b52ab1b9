#pragma once

#include "common/progress.h"
#include "select/fisher/fisher_bound_heap.h"
#include "select/fisher/fisher_features.h"
#include "select/fisher/fisher_inverse.h"
#include "select/selection.h"

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace crsw {

/// Knobs of the fast FISHER greedy (results never depend on them).
struct FisherTuning {
    /// Most picks per blocked float32 update of all rows: longer chunks give
    /// the kernels longer panels but leave more rows to refresh one round at
    /// a time between passes (serial work); 48 balanced the two in the benchmark.
    std::size_t maxChunk = 48;
    int threads = 0;           ///< 0 = params.threads
};

/// What the fast greedy did (for benchmarks and tests).
struct FisherStats {
    std::size_t chunks = 0;        ///< blocked updates of all rows
    double bulkDots = 0;           ///< row x pick dot products in them
    std::size_t refreshes = 0;     ///< rows brought up to date between blocked passes
    double refreshDots = 0;        ///< dot products that took
    std::size_t partialRefreshes = 0; ///< of them, rows taken only to the end of their block of picks
    double catchUpDots = 0;        ///< dot products catching up rows at chunk starts
    std::size_t deferrals = 0;     ///< times a row was left out of the blocked passes
    std::size_t reactivations = 0; ///< times a deferred row was caught up
    std::size_t promotions = 0;    ///< rows given an exact double-precision score
    std::size_t tieChecks = 0;     ///< exact rescorings of rows within rounding of the best
    std::size_t maxHot = 0;        ///< most rows holding exact scores at once
    double bulkSeconds = 0;        ///< wall time in the blocked passes
    double chunkSeconds = 0;       ///< ... in starting chunks (bounds, heap)
    double refreshSeconds = 0;     ///< ... in refreshes between passes
    double catchUpSeconds = 0;     ///< ... in catching up rows at chunk starts
    double exactSeconds = 0;       ///< ... in exact scores (promotions, ties, the pick's A⁻¹x)
};

/// The fast exact FISHER greedy behind selectFisher() (see there for the
/// contract). Three tiers of knowledge about each row's score s_i:
///  - every row: an upper bound, lowered after every chunk of picks by one
///    blocked float32 pass (SIMD dot kernels) whose rounding error is bounded
///    rigorously; rows far below the best skip the passes (their bound stays
///    valid, scores only fall) until the best comes down to them;
///  - between passes, rows whose bound reaches the best known score are
///    brought up to date against the chunk's picks (lazy greedy), a block of
///    16 picks at a time while that suffices to rule them out;
///  - rows that still might win enter the "hot" set, which holds exact double
///    scores (FisherInverse) kept current per pick.
/// A pick is the best hot row; rows within double rounding of it are rescored
/// from scratch so ties break to the lowest index exactly as in the naive
/// greedy.
class FisherGreedy {
public:
    FisherGreedy(const FisherFeatures &features, const SelectionParams &params, const FisherTuning &tuning = {});

    /// Runs the params.budget picks into result.picks / result.scores.
    void run(SelectionResult &result, Progress &progress, const PickObserver &observer);
    const FisherStats &stats() const { return m_stats; }

private:
    /// Active rows join every blocked pass; deferred rows (far below the
    /// best) skip them and are caught up if the best falls to their bound.
    enum State : std::uint8_t { Active, Deferred, Hot, Chosen };

    double eta(std::size_t i) const { return m_etaFactor * m_features.squaredNorm(i); }
    double lowerDrop(double sumSquares, std::size_t i, double beta2) const;
    void blockedPass(std::size_t t, Progress &progress);
    void startChunk(std::size_t t, double reference);
    /// Puts the Deferred rows into the heap (once the best may reach them).
    void queueDeferred();
    /// Brings the rows in m_batch up to step t (stepwise: rows of the current
    /// chunk only to the end of their block of picks); returns the dot products.
    double bringUpToDate(std::size_t t, bool stepwise = false);
    /// x's exact score with the current inverse (x = row `row` in double),
    /// A⁻¹x kept in m_freshU until the next pick.
    double exactScore(std::uint32_t row, const double *x);
    void promote(std::uint32_t i);
    void demoteFarRows(double best, std::size_t t);
    double bestLower() const;
    std::uint32_t choose();
    void addPick(std::size_t t, const double *w);
    void pushHeap(std::uint32_t row);
    void setBound(std::uint32_t row, double sumSquares, std::size_t from, std::size_t to);

    const FisherFeatures &m_features;
    const FisherKernels &m_kernels;
    std::size_t m_rows;
    std::size_t m_dim;
    std::size_t m_budget;
    double m_lambda;
    int m_threads;
    std::size_t m_maxChunk;
    double m_etaFactor;
    FisherInverse m_inverse;

    std::vector<double> m_norm;      ///< ||x_i||, rounded up
    std::vector<double> m_bound;     ///< upper bound on s_i at step m_version[i]
    std::vector<std::uint32_t> m_version;
    std::vector<std::uint8_t> m_state;
    FisherBoundHeap m_heap;          ///< (bound, row) of Active rows (and Deferred once queued)
    double m_deferredTop = 0;        ///< highest bound + eta of a Deferred row at the chunk start
    bool m_deferredQueued = false;   ///< whether the Deferred rows are in m_heap this chunk
    std::vector<std::uint32_t> m_active; ///< Active rows at the chunk start, ascending
    std::vector<std::uint32_t> m_passRows; ///< the Active rows a blocked pass brings up to date

    std::vector<float> m_w;          ///< every pick's w in float32 (budget x D)
    std::vector<float> m_packedW;    ///< the same, fisherPack()ed (for bringing rows up to date)
    std::vector<double> m_beta2;     ///< prefix sums of the squared error factors beta_k
    std::size_t m_chunkStart = 0;
    std::size_t m_chunkLength = 1;   ///< planned picks in the current chunk
    double m_chunkRefreshDots = 0;
    double m_bestDrop = 0;           ///< how far the best fell over the last chunk

    std::vector<std::uint32_t> m_hotRows;
    std::vector<double> m_hotScore;  ///< exact score of each hot row (within eta)
    std::vector<double> m_hotX;      ///< hot rows in double, row-major
    std::vector<double> m_hotDots;

    std::vector<std::uint32_t> m_freshRows; ///< rows scored exactly since the last pick
    std::vector<double> m_freshScores;      ///< their scores
    std::vector<double> m_freshU;           ///< their A⁻¹x, row-major
    std::vector<double> m_x;         ///< scratch: one row in double
    std::vector<double> m_u;
    std::vector<std::uint32_t> m_batch; ///< rows to bring up to date
    /// A task of bringUpToDate(): m_batch[begin, end) against the picks [first, to).
    struct Piece {
        std::size_t begin, end, first, to;
    };
    std::vector<Piece> m_pieces;
    std::vector<std::uint32_t> m_candidates; ///< rows taken off the heap this round
    std::vector<std::uint32_t> m_parked;     ///< rows off the heap until the next pick (below the best)
    std::vector<std::vector<std::uint32_t>> m_sliceRows; ///< per slice of rows: startChunk()'s row lists
    std::vector<FisherFeatures::RowScratch> m_rowScratch; ///< per thread
    std::vector<std::vector<double>> m_rowOut;            ///< per thread
    FisherStats m_stats;
};

} // namespace crsw
