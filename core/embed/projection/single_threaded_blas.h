#pragma once

namespace crsw {

/// Runs OpenBLAS single-threaded while it lives, restoring its thread count
/// after. The projections split their products into fixed blocks and run the
/// blocks on their own threads: OpenBLAS's threads would only oversubscribe
/// the cores, and a single-threaded product of a block gives the same bits
/// whatever the machine's thread settings, which keeps PCA and t-SNE
/// deterministic. (crsw_select's BlasThreads does the same for selection;
/// this stage cannot include a later one.) The setting is process-wide.
class SingleThreadedBlas {
public:
    SingleThreadedBlas();
    ~SingleThreadedBlas();
    SingleThreadedBlas(const SingleThreadedBlas &) = delete;
    SingleThreadedBlas &operator=(const SingleThreadedBlas &) = delete;

private:
    int m_previous;
};

} // namespace crsw
