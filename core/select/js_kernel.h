#pragma once

#include <cstddef>
#include <cstdint>

namespace crsw {

/// Internal to selectJS(): the two hot loops of the JS strategy, compiled
/// once for the base instruction set and once for AVX-512 (js_kernel.inc),
/// the variant picked at run time.
///
/// Layout: the probabilities are stored halved (0.5 p_ik, so that
/// m = (p + q) / 2 is one exact addition) in row groups of kLanes rows,
/// k-major inside a group: group g, cluster k, lane l at
/// [(g * clusters + k) * kLanes + l]. A lane is a row, so a step needs no
/// horizontal sums, and every row's entropy is summed over k in order.
struct JsKernel {
    static constexpr std::size_t kLanes = 8;

    /// For rows [0, rows) of x (float, rows x dim): d_k = ||x - c_k|| (double
    /// sums of squares), p = softmax(-d / tau) (max-shifted), written halved
    /// into `halfP` at groups [0, ceil(rows / kLanes)) (the caller offsets
    /// the pointer; rows is a multiple of kLanes except at the end, whose
    /// missing lanes get 0), and H(p) into entropy[0, rows) (0 log 0 = 0).
    void (*probabilities)(const float *x, std::size_t rows, std::size_t dim, const double *centers,
                          std::size_t clusters, double tau, double *halfP, double *entropy);

    /// Over groups [0, groups): score = H(m) - 0.5 * (H(p) + hq) with
    /// m = halfP + halfQ, for every lane whose bit in selected[g] is clear;
    /// returns the best score (ties: lowest lane index) in *bestScore and
    /// its global row (firstRow + g * kLanes + lane) in *bestRow, or leaves
    /// *bestRow = UINT64_MAX when every lane is masked.
    void (*bestScore)(const double *halfP, const double *entropy, const std::uint8_t *selected,
                      std::size_t groups, std::size_t clusters, const double *halfQ, double hq,
                      std::uint64_t firstRow, double *bestScore, std::uint64_t *bestRow);

    /// Float screening (AVX-512 only; nullptr in the generic variant). The
    /// same scores from a float copy of the probabilities (halved, in groups
    /// of kScreenLanes rows laid out like halfP), 16 lanes at a time, with
    /// the m log m terms summed in double: scores[r] for every row of the
    /// groups (-inf where the bit of `selected` is set), and their maximum in
    /// *maxScore. |screen - bestScore's double score| <= screenErrorBound(K),
    /// so only rows within twice the bound of the screened maximum need the
    /// double score (see selectJS).
    void (*screenScores)(const float *halfP, const double *entropy, const std::uint16_t *selected,
                         std::size_t groups, std::size_t clusters, const float *halfQ, double hq, double *scores,
                         double *maxScore);
    /// The screening's float log of n positive floats (exposed for its test).
    void (*logFloat)(const float *in, std::size_t n, float *out);

    const char *name; ///< "avx512" or "generic"

    static constexpr std::size_t kScreenLanes = 16;
    /// Bound of the float log: |logFloat(x) - log x| <= kLogAbsolute +
    /// kLogRelative |log x| for every normal float x in (0, 1] (checked over
    /// all of them by test_js_kernel).
    static constexpr double kLogAbsolute = 4e-6;
    static constexpr double kLogRelative = 4.0 * 0x1.0p-24;
    /// Bound on |screened score - double score| for K clusters, from the
    /// rounding of p/2, q/2 and m to float, the float log, the float sums
    /// and terms below the float range; doubled for safety.
    static double screenErrorBound(std::size_t clusters);

    /// The fastest variant this CPU runs.
    static const JsKernel &best();
    /// The portable variant (tests compare the two).
    static const JsKernel &generic();
};

namespace js_kernel_generic { JsKernel make(); }
namespace js_kernel_avx512 { JsKernel make(); }

} // namespace crsw
