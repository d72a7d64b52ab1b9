#pragma once
// The JS strategy written the plain way (METHOD.md §3.1), recomputing
// everything at every step: the reference selectJS() must agree with.
#include "select/feature_view.h"

#include <cstdint>
#include <vector>

namespace crsw::test {

class NaiveJs {
public:
    /// p_i = softmax(-||x_i - c_k|| / tau) for every row, directly.
    NaiveJs(const FeatureView &view, const std::vector<float> &centers, std::size_t clusters, double tau);

    /// The score of every row after `picked` (H(p_i) when nothing is picked,
    /// else JS(p_i || mean of the picked p, summed in pick order)); -inf for
    /// picked rows.
    std::vector<double> scores(const std::vector<std::uint32_t> &picked) const;

    /// The greedy selection of `budget` rows (ties to the lowest row).
    void run(std::size_t budget, std::vector<std::uint32_t> &picks, std::vector<double> &pickScores) const;

    /// Index of the largest score, the lowest on ties.
    static std::size_t argmax(const std::vector<double> &scores);

private:
    std::vector<std::vector<double>> m_p;
};

} // namespace crsw::test
