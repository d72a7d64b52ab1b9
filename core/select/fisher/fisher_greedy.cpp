#include "select/fisher/fisher_greedy.h"

#include "common/parallel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

namespace crsw {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Relative slack for the double arithmetic on bounds themselves.
constexpr double kSlack = 1e-12;
// Rows per task in the blocked pass, and most rows per refresh round.
constexpr std::size_t kBlockRows = 256;
// Rows per task when bringing scattered rows up to date (a multiple of the
// kernels' 24-row tiles).
constexpr std::size_t kPieceRows = 48;
// Rows per slice of the scans over all rows at a chunk start.
constexpr std::size_t kSliceRows = 16384;

using Clock = std::chrono::steady_clock;

// Adds the scope's wall time to a FisherStats field.
class Timer {
public:
    explicit Timer(double &total) : m_total(total), m_start(Clock::now()) {}
    ~Timer() { m_total += std::chrono::duration<double>(Clock::now() - m_start).count(); }

private:
    double &m_total;
    Clock::time_point m_start;
};

} // namespace

FisherGreedy::FisherGreedy(const FisherFeatures &features, const SelectionParams &params, const FisherTuning &tuning)
    : m_features(features), m_kernels(features.kernels()), m_rows(features.rows()), m_dim(features.dimension()),
      m_budget(params.budget), m_lambda(params.lambda),
      m_threads(tuning.threads > 0 ? tuning.threads : (params.threads > 0 ? params.threads : defaultThreadCount())),
      m_maxChunk(std::max<std::size_t>(1, tuning.maxChunk)), m_inverse(m_dim, m_lambda, m_kernels),
      m_norm(m_rows), m_bound(m_rows), m_version(m_rows, 0), m_state(m_rows, Active), m_w(m_budget * m_dim),
      m_packedW(fisherPackedSize(m_budget, m_dim), 0.0f),
      m_beta2(m_budget + 1, 0.0), m_x(m_dim), m_u(m_dim), m_rowScratch(std::size_t(m_threads)),
      m_rowOut(std::size_t(m_threads))
{
    // eta bounds |exact double score - score of the exact-arithmetic greedy
    // with the same w vectors|: the folded inverse carries at most one
    // rounding per entry per pick (B D u ||x||²/λ once summed over x), a
    // score evaluation about D² u ||x||²/λ, the hot set's running updates
    // twice that. Four times the sum keeps it safe; it is still ~1e-9 of the
    // score.
    const double u = std::ldexp(1.0, -53);
    const double b = double(m_budget), d = double(m_dim);
    m_etaFactor = 4.0 * (b * d + 3.0 * d * d + b + 64.0) * u / m_lambda;
    for (std::size_t i = 0; i < m_rows; ++i) {
        const double sq = features.squaredNorm(i);
        m_norm[i] = std::sqrt(sq) * (1.0 + kSlack);
        m_bound[i] = sq / m_lambda * (1.0 + kSlack);
    }
}

double FisherGreedy::lowerDrop(double sumSquares, std::size_t i, double beta2) const
{
    // Each dot a_k was computed as â_k with |a_k - â_k| <= ||x|| beta_k, so
    // sum a_k² >= sum â_k² - 2 ||x|| sum |â_k| beta_k - ||x||² sum beta_k²,
    // and sum |â_k| beta_k <= sqrt(sum â_k²) sqrt(sum beta_k²).
    const double nx = m_norm[i];
    const double b2 = beta2 * (1.0 + kSlack);
    const double error = 2.0 * nx * std::sqrt(sumSquares) * std::sqrt(b2) + nx * nx * b2;
    return std::max(0.0, sumSquares * (1.0 - kSlack) - error);
}

void FisherGreedy::setBound(std::uint32_t row, double sumSquares, std::size_t from, std::size_t to)
{
    m_bound[row] -= lowerDrop(sumSquares, row, m_beta2[to] - m_beta2[from]);
    m_version[row] = std::uint32_t(to);
}

void FisherGreedy::pushHeap(std::uint32_t row)
{
    m_heap.push(m_bound[row], row);
}

void FisherGreedy::startChunk(std::size_t t, double reference)
{
    m_chunkStart = t;
    m_chunkRefreshDots = 0;
    // Rows whose bound lies well below where the best is heading skip the
    // blocked passes; deferred rows it came close to rejoin, caught up in
    // one batch, as do rows refreshed since the last pass. Both scans over
    // all rows run in parallel by slices, whose lists are then joined in order.
    const double margin = 2.0 * m_bestDrop;
    const std::size_t slices = (m_rows + kSliceRows - 1) / kSliceRows;
    m_sliceRows.resize(slices);
    std::vector<std::size_t> deferrals(slices, 0), reactivations(slices, 0);
    const auto started = Clock::now();
    parallelFor(slices, m_threads, 1, [&](std::size_t q0, std::size_t q1, int) {
        for (std::size_t q = q0; q < q1; ++q) {
            m_sliceRows[q].clear();
            for (std::size_t i = q * kSliceRows; i < std::min(m_rows, (q + 1) * kSliceRows); ++i) {
                const double bound = m_bound[i] + eta(i);
                if (m_state[i] == Active && bound < reference - margin) {
                    m_state[i] = Deferred;
                    ++deferrals[q];
                } else if (m_state[i] == Deferred && bound >= reference - margin) {
                    m_state[i] = Active;
                    ++reactivations[q];
                }
                if (m_state[i] == Active && m_version[i] < t)
                    m_sliceRows[q].push_back(std::uint32_t(i));
            }
        }
    });
    m_batch.clear();
    for (std::size_t q = 0; q < slices; ++q) {
        m_batch.insert(m_batch.end(), m_sliceRows[q].begin(), m_sliceRows[q].end());
        m_stats.deferrals += deferrals[q];
        m_stats.reactivations += reactivations[q];
    }
    const auto caughtUp = Clock::now();
    m_stats.catchUpDots += bringUpToDate(t);
    const auto heapStart = Clock::now();
    m_stats.catchUpSeconds += std::chrono::duration<double>(heapStart - caughtUp).count();
    // The heap starts with the Active rows; Deferred rows join it only if
    // the best comes down to the highest of their bounds (queueDeferred()).
    std::vector<double> deferredTop(slices, -kInfinity);
    parallelFor(slices, m_threads, 1, [&](std::size_t q0, std::size_t q1, int) {
        for (std::size_t q = q0; q < q1; ++q) {
            m_sliceRows[q].clear();
            for (std::size_t i = q * kSliceRows; i < std::min(m_rows, (q + 1) * kSliceRows); ++i) {
                if (m_state[i] == Active)
                    m_sliceRows[q].push_back(std::uint32_t(i));
                else if (m_state[i] == Deferred)
                    deferredTop[q] = std::max(deferredTop[q], m_bound[i] + eta(i));
            }
        }
    });
    m_heap.clear();
    m_active.clear();
    m_deferredTop = -kInfinity;
    for (std::size_t q = 0; q < slices; ++q) {
        m_active.insert(m_active.end(), m_sliceRows[q].begin(), m_sliceRows[q].end());
        m_deferredTop = std::max(m_deferredTop, deferredTop[q]);
    }
    m_deferredQueued = false;
    for (const std::uint32_t row : m_active)
        m_heap.append(m_bound[row], row);
    m_heap.build();
    m_stats.chunkSeconds += std::chrono::duration<double>(caughtUp - started).count()
                            + std::chrono::duration<double>(Clock::now() - heapStart).count();
}

void FisherGreedy::queueDeferred()
{
    for (std::size_t i = 0; i < m_rows; ++i)
        if (m_state[i] == Deferred)
            m_heap.append(m_bound[i], std::uint32_t(i));
    m_heap.build();
    m_deferredQueued = true;
}

void FisherGreedy::blockedPass(std::size_t t, Progress &progress)
{
    const Timer timer(m_stats.bulkSeconds);
    const std::size_t count = t - m_chunkStart;
    if (m_active.empty() || count == 0)
        return;
    // Rows refreshed during the chunk need only the picks since: they are
    // brought up to date apart (by block of picks), the rest in one pass.
    m_batch.clear();
    m_passRows.clear();
    for (const std::uint32_t row : m_active) {
        if (m_state[row] != Active || m_version[row] >= t)
            continue;
        (m_version[row] == m_chunkStart ? m_passRows : m_batch).push_back(row);
    }
    m_stats.bulkDots += bringUpToDate(t);
    const FisherFeatures::Prepared prepared = m_features.prepare(m_w.data() + m_chunkStart * m_dim, count, m_threads);
    parallelFor(m_passRows.size(), m_threads, kBlockRows, [&](std::size_t begin, std::size_t end, int worker) {
        if (progress.cancelled())
            return;
        const std::size_t wk = std::size_t(worker);
        std::vector<double> &dots = m_rowOut[wk];
        dots.resize(kBlockRows * count);
        m_features.dots(m_passRows.data() + begin, end - begin, prepared, dots.data(), m_rowScratch[wk].pointers,
                        m_rowScratch[wk].out);
        for (std::size_t r = begin; r < end; ++r) {
            const double *o = dots.data() + (r - begin) * count;
            double sum = 0.0;
            for (std::size_t k = 0; k < count; ++k)
                sum += o[k] * o[k];
            setBound(m_passRows[r], sum, m_chunkStart, t);
        }
    });
    progress.throwIfCancelled();
    ++m_stats.chunks;
    m_stats.bulkDots += double(m_passRows.size()) * double(count);
}

double FisherGreedy::bringUpToDate(std::size_t t, bool stepwise)
{
    // The picks are packed in blocks of 16 (m_packedW): rows whose versions
    // fall in the same block share kernel calls over the picks from that
    // block's start to t (at most 15 products per row wasted). All groups are
    // cut into pieces of at most kPieceRows rows that run in parallel when
    // there is enough work (catching up at a chunk start). Stepwise, rows
    // whose block of picks overlaps the current chunk only get to the end of
    // that block (or t); older ones are caught up fully.
    constexpr std::size_t width = kFisherPackWidth;
    std::sort(m_batch.begin(), m_batch.end(), [this](std::uint32_t a, std::uint32_t b) {
        return m_version[a] != m_version[b] ? m_version[a] < m_version[b] : a < b;
    });
    m_pieces.clear();
    double work = 0;
    for (std::size_t v0 = 0; v0 < m_batch.size();) {
        const std::size_t first = m_version[m_batch[v0]] / width * width;
        std::size_t v1 = v0;
        while (v1 < m_batch.size() && m_version[m_batch[v1]] / width * width == first)
            ++v1;
        const std::size_t to = stepwise && first + width > m_chunkStart ? std::min(t, first + width) : t;
        work += double(v1 - v0) * double(to - first);
        for (std::size_t g0 = v0; g0 < v1; g0 += kPieceRows)
            m_pieces.push_back({g0, std::min(v1, g0 + kPieceRows), first, to});
        if (to < t)
            m_stats.partialRefreshes += v1 - v0;
        v0 = v1;
    }
    const int threads = m_pieces.size() > 1 && work * double(m_dim) > 4e6 ? m_threads : 1;
    parallelFor(m_pieces.size(), threads, 1, [&](std::size_t q0, std::size_t q1, int worker) {
        FisherFeatures::RowScratch &scratch = m_rowScratch[std::size_t(worker)];
        std::vector<double> &out = m_rowOut[std::size_t(worker)];
        for (std::size_t q = q0; q < q1; ++q) {
            const Piece &piece = m_pieces[q];
            const std::size_t count = piece.to - piece.first;
            out.resize((piece.end - piece.begin) * count);
            m_features.rowDots(m_batch.data() + piece.begin, piece.end - piece.begin,
                               m_packedW.data() + piece.first * m_dim, count, out.data(), scratch);
            for (std::size_t r = piece.begin; r < piece.end; ++r) {
                const std::size_t version = m_version[m_batch[r]];
                const double *o = out.data() + (r - piece.begin) * count;
                double sum = 0.0;
                for (std::size_t k = version - piece.first; k < count; ++k)
                    sum += o[k] * o[k];
                setBound(m_batch[r], sum, version, piece.to);
            }
        }
    });
    return work;
}

double FisherGreedy::exactScore(std::uint32_t row, const double *x)
{
    const std::size_t at = m_freshU.size();
    m_freshU.resize(at + m_dim);
    m_inverse.apply(x, m_freshU.data() + at);
    const double score = m_inverse.score(x, m_freshU.data() + at);
    m_freshRows.push_back(row);
    m_freshScores.push_back(score);
    return score;
}

void FisherGreedy::promote(std::uint32_t i)
{
    const Timer timer(m_stats.exactSeconds);
    m_state[i] = Hot;
    m_hotRows.push_back(i);
    const std::size_t at = m_hotX.size();
    m_hotX.resize(at + m_dim);
    m_features.rowAsDouble(i, m_hotX.data() + at);
    m_hotScore.push_back(exactScore(i, m_hotX.data() + at));
    ++m_stats.promotions;
    m_stats.maxHot = std::max(m_stats.maxHot, m_hotRows.size());
}

double FisherGreedy::bestLower() const
{
    double best = -kInfinity;
    for (std::size_t h = 0; h < m_hotRows.size(); ++h)
        best = std::max(best, m_hotScore[h] - eta(m_hotRows[h]));
    return best;
}

std::uint32_t FisherGreedy::choose()
{
    // Every row whose exact score might be the largest is hot; those within
    // rounding of the best are rescored from scratch with the same function
    // the naive greedy uses, so near-ties and duplicates resolve identically.
    const double best = bestLower();
    std::size_t chosen = m_hotRows.size();
    std::size_t contenders = 0;
    for (std::size_t h = 0; h < m_hotRows.size(); ++h)
        if (m_hotScore[h] + eta(m_hotRows[h]) >= best) {
            ++contenders;
            chosen = h;
        }
    if (contenders > 1) {
        chosen = m_hotRows.size();
        double top = -kInfinity;
        for (std::size_t h = 0; h < m_hotRows.size(); ++h) {
            if (m_hotScore[h] + eta(m_hotRows[h]) < best)
                continue;
            m_hotScore[h] = exactScore(m_hotRows[h], m_hotX.data() + h * m_dim);
            ++m_stats.tieChecks;
            if (chosen == m_hotRows.size() || m_hotScore[h] > top
                || (m_hotScore[h] == top && m_hotRows[h] < m_hotRows[chosen])) {
                top = m_hotScore[h];
                chosen = h;
            }
        }
    }
    const std::uint32_t row = m_hotRows[chosen];
    const std::size_t last = m_hotRows.size() - 1;
    if (chosen != last) {
        m_hotRows[chosen] = m_hotRows[last];
        m_hotScore[chosen] = m_hotScore[last];
        std::copy_n(m_hotX.data() + last * m_dim, m_dim, m_hotX.data() + chosen * m_dim);
    }
    m_hotRows.pop_back();
    m_hotScore.pop_back();
    m_hotX.resize(last * m_dim);
    m_state[row] = Chosen;
    return row;
}

void FisherGreedy::addPick(std::size_t t, const double *w)
{
    float *w32 = m_w.data() + t * m_dim;
    double norm2 = 0.0, rounding2 = 0.0;
    for (std::size_t j = 0; j < m_dim; ++j) {
        w32[j] = float(w[j]);
        const double diff = double(w32[j]) - w[j];
        norm2 += double(w32[j]) * double(w32[j]);
        rounding2 += diff * diff;
    }
    // beta_t: |computed x·w32 - x·w| <= ||x|| (errorFactor ||w32|| + ||w32 - w||).
    const double beta = (m_features.errorFactor() * std::sqrt(norm2) + std::sqrt(rounding2)) * (1.0 + 1e-9);
    fisherPackVector(w32, m_dim, t, m_packedW.data());
    m_beta2[t + 1] = m_beta2[t] + beta * beta;

    m_hotDots.resize(m_hotRows.size());
    m_kernels.gemv(m_hotX.data(), m_dim, m_hotRows.size(), w, m_dim, m_hotDots.data());
    for (std::size_t h = 0; h < m_hotRows.size(); ++h)
        m_hotScore[h] -= m_hotDots[h] * m_hotDots[h];
}

void FisherGreedy::demoteFarRows(double best, std::size_t t)
{
    // Hot rows cost a double dot product per pick; rows that fell far below
    // the best go back to holding a bound (their exact score plus eta).
    const double margin = std::max(1e-3 * std::abs(best), 1e-12);
    for (std::size_t h = 0; h < m_hotRows.size();) {
        const std::uint32_t row = m_hotRows[h];
        if (m_hotScore[h] + eta(row) >= best - margin) {
            ++h;
            continue;
        }
        m_state[row] = Active;
        m_bound[row] = m_hotScore[h] + eta(row);
        m_version[row] = std::uint32_t(t);
        const std::size_t last = m_hotRows.size() - 1;
        m_hotRows[h] = m_hotRows[last];
        m_hotScore[h] = m_hotScore[last];
        std::copy_n(m_hotX.data() + last * m_dim, m_dim, m_hotX.data() + h * m_dim);
        m_hotRows.pop_back();
        m_hotScore.pop_back();
        m_hotX.resize(last * m_dim);
    }
}

void FisherGreedy::run(SelectionResult &result, Progress &progress, const PickObserver &observer)
{
    result.picks.clear();
    result.scores.clear();
    result.picks.reserve(m_budget);
    result.scores.reserve(m_budget);
    m_chunkLength = 1;
    startChunk(0, -kInfinity); // nothing deferred before the first pick
    for (std::size_t t = 0; t < m_budget; ++t) {
        progress.throwIfCancelled();
        // Rows come off the heap in order of their (stale) bounds, in rounds
        // that double in size: brought up to date together, promoted in order
        // of their new bounds while they still reach the best known lower
        // bound, which rises with each promotion and so prunes the next
        // rounds. Deferred rows taken here rejoin the blocked passes. Rows of
        // the current chunk advance one block of picks per round (often
        // enough to fall below the best; the blocked pass does the rest in
        // parallel) and are promoted only once up to date.
        double best = bestLower();
        if (!m_deferredQueued && m_deferredTop >= best)
            queueDeferred();
        for (std::size_t round = 8; !m_heap.empty() && m_heap.topBound() + eta(m_heap.topRow()) >= best;
             round = std::min<std::size_t>(2 * round, kBlockRows)) {
            m_batch.clear();
            m_candidates.clear();
            while (m_candidates.size() < round && !m_heap.empty()
                   && m_heap.topBound() + eta(m_heap.topRow()) >= best) {
                const std::uint32_t row = m_heap.topRow();
                m_heap.pop();
                if (m_state[row] != Active && m_state[row] != Deferred)
                    continue;
                if (m_bound[row] + eta(row) < best) { // only its key (rounded up) reaches the best
                    m_parked.push_back(row);
                    continue;
                }
                m_state[row] = Active;
                m_candidates.push_back(row);
                if (m_version[row] < t)
                    m_batch.push_back(row);
            }
            double work;
            {
                const Timer timer(m_stats.refreshSeconds);
                work = bringUpToDate(t, true);
            }
            m_stats.refreshes += m_batch.size();
            m_stats.refreshDots += work;
            m_chunkRefreshDots += work;
            std::sort(m_candidates.begin(), m_candidates.end(), [this](std::uint32_t a, std::uint32_t b) {
                return m_bound[a] != m_bound[b] ? m_bound[a] > m_bound[b] : a < b;
            });
            for (const std::uint32_t row : m_candidates) {
                if (m_bound[row] + eta(row) >= best && m_version[row] == t) {
                    promote(row);
                    best = std::max(best, m_hotScore.back() - eta(row));
                } else {
                    pushHeap(row); // below best, or taken again in a later round
                }
            }
        }
        for (const std::uint32_t row : m_parked)
            pushHeap(row);
        m_parked.clear();

        std::uint32_t winner;
        double score;
        {
            const Timer timer(m_stats.exactSeconds);
            winner = choose();
            // The winner's A⁻¹x is usually at hand: it was scored since the
            // last update (the same arithmetic, so the same bits).
            const auto fresh = std::find(m_freshRows.begin(), m_freshRows.end(), winner);
            if (fresh != m_freshRows.end()) {
                const std::size_t f = std::size_t(fresh - m_freshRows.begin());
                std::copy_n(m_freshU.data() + f * m_dim, m_dim, m_u.data());
                score = m_freshScores[f];
            } else {
                m_features.rowAsDouble(winner, m_x.data());
                m_inverse.apply(m_x.data(), m_u.data());
                score = m_inverse.score(m_x.data(), m_u.data());
            }
            m_freshRows.clear();
            m_freshScores.clear();
            m_freshU.clear();
            addPick(t, m_inverse.update(m_u.data(), 1.0 + score));
        }
        result.picks.push_back(winner);
        result.scores.push_back(score);
        if (observer)
            observer(t, winner, score);
        progress.report(double(t + 1) / double(m_budget),
                        "FISHER: " + std::to_string(t + 1) + " of " + std::to_string(m_budget) + " picks");

        const std::size_t done = t + 1 - m_chunkStart;
        // Bringing rows up to date one round at a time costing as much as a
        // blocked pass means the bounds are too stale: end the chunk early.
        const bool crowded = m_chunkRefreshDots > 0.25 * double(m_active.size()) * double(done);
        // Long chunks end on a block of packed picks (m_packedW), so that
        // rows last brought up to date at a chunk start waste no products
        // when they are caught up later.
        const bool planned = done >= m_chunkLength && (m_chunkLength < kFisherPackWidth || (t + 1) % kFisherPackWidth == 0);
        if (t + 1 < m_budget && (planned || crowded)) {
            blockedPass(t + 1, progress);
            demoteFarRows(bestLower(), t + 1);
            m_chunkLength = crowded ? std::max<std::size_t>(1, done) : std::min(m_maxChunk, 2 * m_chunkLength);
            // How far the best may fall during the next chunk, from how far
            // the picks' scores fell during this one: the deferral margin.
            const double before = result.scores[m_chunkStart > 0 ? m_chunkStart - 1 : 0];
            m_bestDrop = 1.5 * std::max(0.0, before - score) * double(m_chunkLength) / double(done);
            startChunk(t + 1, score);
        }
    }
}

} // namespace crsw
