#pragma once

#include <cstdint>
#include <string>

namespace crsw {

/// The learning rate per optimiser step, as transformers' schedules give it
/// (get_linear_schedule_with_warmup, get_cosine_schedule_with_warmup,
/// get_constant_schedule_with_warmup): linear warm-up from 0 over
/// warmupSteps, then linear or half-cosine decay to 0 at totalSteps.
struct LrSchedule {
    enum class Decay { Linear, Cosine, Constant };

    double peak = 1e-4;
    std::int64_t warmupSteps = 0;
    std::int64_t totalSteps = 1;
    Decay decay = Decay::Linear;

    /// The rate of step `step` (0-based: the first update uses at(0)).
    double at(std::int64_t step) const;

    /// "linear", "cosine", "constant"; throws crsw::Error for others.
    static Decay parseDecay(const std::string &name);
    static std::string decayName(Decay decay);
};

} // namespace crsw
