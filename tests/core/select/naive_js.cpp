#include "naive_js.h"

#include <algorithm>
#include <cmath>

namespace crsw::test {

namespace {

double entropy(const std::vector<double> &p)
{
    double h = 0.0;
    for (double v : p)
        if (v > 0.0)
            h -= v * std::log(v);
    return h;
}

} // namespace

NaiveJs::NaiveJs(const FeatureView &view, const std::vector<float> &centers, std::size_t k, double tau)
{
    const std::size_t n = view.rows(), d = view.dimension();
    m_p.assign(n, std::vector<double>(k));
    std::vector<float> x(d);
    for (std::size_t i = 0; i < n; ++i) {
        view.copyRows(i, i + 1, x.data());
        std::vector<double> &p = m_p[i];
        double top = -INFINITY;
        for (std::size_t c = 0; c < k; ++c) {
            double s = 0.0;
            for (std::size_t j = 0; j < d; ++j) {
                const double delta = double(x[j]) - double(centers[c * d + j]);
                s += delta * delta;
            }
            p[c] = -std::sqrt(s) / tau;
            top = std::max(top, p[c]);
        }
        double sum = 0.0;
        for (double &v : p)
            sum += v = std::exp(v - top);
        for (double &v : p)
            v /= sum;
    }
}

std::vector<double> NaiveJs::scores(const std::vector<std::uint32_t> &picked) const
{
    const std::size_t n = m_p.size(), k = n ? m_p[0].size() : 0;
    std::vector<double> q(k, 0.0);
    for (std::uint32_t j : picked)
        for (std::size_t c = 0; c < k; ++c)
            q[c] += m_p[j][c];
    for (double &v : q)
        v /= double(picked.size());
    const double hq = entropy(q);
    std::vector<double> out(n);
    std::vector<double> m(k);
    for (std::size_t i = 0; i < n; ++i) {
        if (picked.empty()) {
            out[i] = entropy(m_p[i]);
            continue;
        }
        for (std::size_t c = 0; c < k; ++c)
            m[c] = 0.5 * (m_p[i][c] + q[c]);
        out[i] = entropy(m) - 0.5 * (entropy(m_p[i]) + hq);
    }
    for (std::uint32_t j : picked)
        out[j] = -INFINITY;
    return out;
}

std::size_t NaiveJs::argmax(const std::vector<double> &scores)
{
    std::size_t best = 0;
    for (std::size_t i = 1; i < scores.size(); ++i)
        if (scores[i] > scores[best])
            best = i;
    return best;
}

void NaiveJs::run(std::size_t budget, std::vector<std::uint32_t> &picks, std::vector<double> &pickScores) const
{
    picks.clear();
    pickScores.clear();
    for (std::size_t t = 0; t < budget; ++t) {
        const std::vector<double> s = scores(picks);
        const std::size_t best = argmax(s);
        picks.push_back(std::uint32_t(best));
        pickScores.push_back(s[best]);
    }
}

} // namespace crsw::test
