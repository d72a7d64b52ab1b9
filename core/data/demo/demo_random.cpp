#include "data/demo/demo_random.h"

#include "common/error.h"

#include <cmath>

namespace crsw {

std::uint64_t DemoRandom::splitMix64(std::uint64_t &state)
{
    return Xoshiro256::splitMix64(state);
}

DemoRandom::DemoRandom(std::uint64_t seed) : m_engine(seed) {}

DemoRandom DemoRandom::stream(std::uint64_t seed, std::uint64_t streamId)
{
    std::uint64_t s = seed ^ (0xd1b54a32d192ed03ULL * (streamId + 1));
    return DemoRandom(splitMix64(s));
}

std::uint64_t DemoRandom::next()
{
    return m_engine.next();
}

double DemoRandom::uniform()
{
    return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); // 2^-53: exact
}

double DemoRandom::uniform(double lo, double hi)
{
    return lo + (hi - lo) * uniform();
}

std::uint64_t DemoRandom::below(std::uint64_t n)
{
    if (n == 0)
        throw Error("DemoRandom::below: empty range");
    // Reject the lowest (2^64 mod n) values so every residue is equally likely.
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
        const std::uint64_t r = next();
        if (r >= threshold)
            return r % n;
    }
}

int DemoRandom::between(int lo, int hi)
{
    if (hi < lo)
        throw Error("DemoRandom::between: empty range");
    const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo) + 1;
    return static_cast<int>(lo + static_cast<std::int64_t>(below(span)));
}

bool DemoRandom::chance(double p)
{
    return uniform() < p;
}

double DemoRandom::bellNoise()
{
    // The sum of four U(0,1) has mean 2 and variance 1/3.
    // One draw a statement: in `uniform() + uniform()` the calls may run in
    // either order, and floating-point addition is not associative.
    double sum = uniform();
    sum += uniform();
    sum += uniform();
    sum += uniform();
    return (sum - 2.0) * std::sqrt(3.0);
}

std::size_t DemoRandom::weighted(const std::vector<double> &weights)
{
    double total = 0;
    for (double w : weights)
        if (w > 0)
            total += w;
    if (!(total > 0))
        throw Error("DemoRandom::weighted: no positive weight");
    const double target = uniform() * total;
    double cumulative = 0;
    std::size_t last = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (!(weights[i] > 0))
            continue;
        cumulative += weights[i];
        last = i;
        if (target < cumulative)
            return i;
    }
    return last; // rounding put the target at the very top
}

std::vector<std::size_t> DemoRandom::weightedDistinct(std::vector<double> weights, std::size_t count)
{
    std::vector<std::size_t> chosen;
    std::size_t positive = 0;
    for (double w : weights)
        positive += w > 0 ? 1 : 0;
    while (chosen.size() < count && chosen.size() < positive) {
        const std::size_t i = weighted(weights);
        chosen.push_back(i);
        weights[i] = 0;
    }
    return chosen;
}

} // namespace crsw
