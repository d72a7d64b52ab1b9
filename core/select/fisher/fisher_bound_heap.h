#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace crsw {

/// A max-heap of (upper bound, row) for the lazy FISHER greedy, compact for
/// speed: each entry is one 64-bit key, the bound rounded up to float32 (so
/// the key never understates it; rows only ever leave early, never late) in
/// an order-preserving bit pattern above the row index, in a 4-ary heap (half
/// the levels of a binary one, each level one cache line of children).
class FisherBoundHeap {
public:
    bool empty() const { return m_keys.empty(); }
    std::size_t size() const { return m_keys.size(); }
    void clear() { m_keys.clear(); }

    /// Adds an entry without restoring the heap order (then call build()).
    void append(double bound, std::uint32_t row) { m_keys.push_back(keyOf(bound, row)); }
    /// Restores the heap order over all entries, O(size).
    void build()
    {
        for (std::size_t i = m_keys.size() / kArity + 1; i-- > 0;)
            siftDown(i);
    }
    void push(double bound, std::uint32_t row)
    {
        m_keys.push_back(keyOf(bound, row));
        siftUp(m_keys.size() - 1);
    }
    /// The largest entry's bound (>= the bound pushed, by float rounding) and row.
    double topBound() const { return boundOf(m_keys.front()); }
    std::uint32_t topRow() const { return std::uint32_t(m_keys.front()); }
    void pop()
    {
        m_keys.front() = m_keys.back();
        m_keys.pop_back();
        if (!m_keys.empty())
            siftDown(0);
    }

private:
    static constexpr std::size_t kArity = 4;

    static std::uint64_t keyOf(double bound, std::uint32_t row)
    {
        float f = float(bound);
        if (double(f) < bound)
            f = std::nextafter(f, INFINITY);
        std::uint32_t bits;
        std::memcpy(&bits, &f, sizeof bits);
        // Negative floats order reversed by their bits: flip them all; flip
        // the sign bit of the others.
        bits = (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
        return (std::uint64_t(bits) << 32) | row;
    }
    static double boundOf(std::uint64_t key)
    {
        std::uint32_t bits = std::uint32_t(key >> 32);
        bits = (bits & 0x80000000u) ? (bits & 0x7fffffffu) : ~bits;
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return f;
    }
    void siftUp(std::size_t i)
    {
        const std::uint64_t key = m_keys[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / kArity;
            if (m_keys[parent] >= key)
                break;
            m_keys[i] = m_keys[parent];
            i = parent;
        }
        m_keys[i] = key;
    }
    void siftDown(std::size_t i)
    {
        const std::size_t n = m_keys.size();
        if (i >= n)
            return;
        const std::uint64_t key = m_keys[i];
        for (;;) {
            const std::size_t first = kArity * i + 1;
            if (first >= n)
                break;
            std::size_t best = first;
            for (std::size_t c = first + 1; c < first + kArity && c < n; ++c)
                if (m_keys[c] > m_keys[best])
                    best = c;
            if (m_keys[best] <= key)
                break;
            m_keys[i] = m_keys[best];
            i = best;
        }
        m_keys[i] = key;
    }

    std::vector<std::uint64_t> m_keys;
};

} // namespace crsw
