#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include <ATen/autocast_mode.h>
#include <torch/types.h>
#include <torch/version.h>

namespace crsw {

// libtorch 2.4 replaced the per-device autocast functions (set_cpu_enabled,
// set_enabled for CUDA, ...) by ones taking the device type, and later
// releases warn on every call of the old ones. Debian 12 ships 1.13, a CUDA
// build from PyPI is 2.x: these two helpers hide the difference.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define CRSW_AUTOCAST_BY_DEVICE_TYPE 1
#endif

/// Whether autocast is on for `type` (kCPU or kCUDA) in this thread.
inline bool autocastEnabled(at::DeviceType type)
{
#ifdef CRSW_AUTOCAST_BY_DEVICE_TYPE
    return at::autocast::is_autocast_enabled(type);
#else
    return type == at::kCUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

/// A bf16 autocast region on `device` (CPU or CUDA) around one forward pass;
/// a no-op when not enabled. The weights cast inside are cached per region;
/// the cache is cleared on leaving because the optimiser changes the weights
/// between steps.
class AutocastRegion {
public:
    AutocastRegion(const torch::Device &device, bool enabled) : m_type(device.type()), m_enabled(enabled)
    {
        if (!m_enabled)
            return;
        setState(true);
        at::autocast::increment_nesting();
    }
    ~AutocastRegion()
    {
        if (!m_enabled)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        setState(false);
    }
    AutocastRegion(const AutocastRegion &) = delete;
    AutocastRegion &operator=(const AutocastRegion &) = delete;

private:
    void setState(bool on)
    {
#ifdef CRSW_AUTOCAST_BY_DEVICE_TYPE
        if (on)
            at::autocast::set_autocast_dtype(m_type, at::kBFloat16);
        at::autocast::set_autocast_enabled(m_type, on);
#else
        if (m_type == at::kCUDA) {
            if (on)
                at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
            at::autocast::set_enabled(on);
        } else {
            if (on)
                at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
            at::autocast::set_cpu_enabled(on);
        }
#endif
    }

    at::DeviceType m_type;
    bool m_enabled;
};

} // namespace crsw
