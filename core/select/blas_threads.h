#pragma once

namespace crsw {

/// Runs OpenBLAS single-threaded for the guard's lifetime and restores its
/// previous thread count afterwards. Selection runs its own parallelFor over
/// row blocks and calls one small BLAS product per block; OpenBLAS's own
/// threads would otherwise oversubscribe the cores (or serialise on its lock).
/// The setting is process-wide, so nested guards are harmless but a BLAS call
/// elsewhere in the process meanwhile also runs single-threaded.
class BlasThreads {
public:
    BlasThreads();
    ~BlasThreads();
    BlasThreads(const BlasThreads &) = delete;
    BlasThreads &operator=(const BlasThreads &) = delete;

private:
    int m_previous;
};

} // namespace crsw
