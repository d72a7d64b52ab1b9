#pragma once

#include "data/demo/demo_world.h"
#include "data/demo/demo_world_model.h"

#include <string>
#include <vector>

namespace crsw {

/// Measures a generated demo world: the figures of DemoWorldSummary, and
/// their text form for DEMO.md. Everything here is deterministic (integer
/// counts and exactly rounded arithmetic) so DEMO.md is byte-stable too.
class DemoWorldStats {
public:
    /// Counts and structure figures of a finished world (generationSeconds left 0).
    static DemoWorldSummary summarize(const DemoWorld &world);
    /// The figures as Markdown lines.
    static std::string format(const DemoWorldSummary &summary);

    /// Distinct word trigrams / all word trigrams of some texts (lower-cased
    /// words of letters, digits and apostrophes; trigrams within a text).
    static double distinctTrigramRatio(const std::vector<std::string> &texts);
    /// `value` with `decimals` digits after the point, e.g. fixed(0.6543, 1) = "0.7".
    static std::string fixed(double value, int decimals);
    /// A share as a percentage with one decimal: "65.4%".
    static std::string percent(double share);
};

} // namespace crsw
