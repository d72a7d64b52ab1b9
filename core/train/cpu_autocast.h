#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include <ATen/autocast_mode.h>

namespace crsw {

/// A bf16 autocast region on the CPU around one forward pass (a no-op when
/// not enabled). The weights cast inside are cached per region; the cache is
/// cleared on leaving because the optimiser changes the weights between steps.
class CpuAutocast {
public:
    explicit CpuAutocast(bool enabled) : m_enabled(enabled)
    {
        if (!m_enabled)
            return;
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::set_cpu_enabled(true);
        at::autocast::increment_nesting();
    }
    ~CpuAutocast()
    {
        if (!m_enabled)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        at::autocast::set_cpu_enabled(false);
    }
    CpuAutocast(const CpuAutocast &) = delete;
    CpuAutocast &operator=(const CpuAutocast &) = delete;

private:
    bool m_enabled;
};

} // namespace crsw
