#include "train/lr_schedule.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>

namespace crsw {

double LrSchedule::at(std::int64_t step) const
{
    if (step < warmupSteps)
        return peak * static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, warmupSteps));
    const double span = static_cast<double>(std::max<std::int64_t>(1, totalSteps - warmupSteps));
    const double progress = static_cast<double>(step - warmupSteps) / span;
    switch (decay) {
    case Decay::Constant:
        return peak;
    case Decay::Cosine:
        return peak * std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * progress)));
    case Decay::Linear:
        break;
    }
    return peak * std::max(0.0, 1.0 - progress);
}

LrSchedule::Decay LrSchedule::parseDecay(const std::string &name)
{
    if (name == "linear")
        return Decay::Linear;
    if (name == "cosine")
        return Decay::Cosine;
    if (name == "constant")
        return Decay::Constant;
    throw Error({{}, 0, "schedule"}, "unknown '" + name + "' (linear, cosine or constant)");
}

std::string LrSchedule::decayName(Decay decay)
{
    switch (decay) {
    case Decay::Cosine:
        return "cosine";
    case Decay::Constant:
        return "constant";
    case Decay::Linear:
        break;
    }
    return "linear";
}

} // namespace crsw
