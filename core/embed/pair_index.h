#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// Maps distinct pairs of 32-bit ids (bigrams of token ids) to dense indices
/// 0, 1, 2, ... in the order they are first seen: an open-addressing table of
/// 4-byte slots over the packed keys, like StringInterner for strings.
class PairIndex {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    static std::uint64_t key(std::uint32_t first, std::uint32_t second)
    {
        return (std::uint64_t(first) << 32) | second;
    }

    /// The index of the pair, adding it if it is new.
    std::uint32_t intern(std::uint64_t pair)
    {
        if ((m_keys.size() + 1) * 2 > m_slots.size())
            rehash(m_slots.empty() ? 1024 : m_slots.size() * 2);
        std::size_t slot = slotOf(pair);
        if (m_slots[slot] != 0)
            return m_slots[slot] - 1;
        m_keys.push_back(pair);
        m_slots[slot] = static_cast<std::uint32_t>(m_keys.size());
        return static_cast<std::uint32_t>(m_keys.size() - 1);
    }

    /// The index of the pair, or kNone.
    std::uint32_t find(std::uint64_t pair) const
    {
        if (m_slots.empty())
            return kNone;
        const std::uint32_t entry = m_slots[slotOf(pair)];
        return entry == 0 ? kNone : entry - 1;
    }

    /// The pair with index `index`.
    std::uint64_t pair(std::uint32_t index) const { return m_keys[index]; }
    std::size_t size() const { return m_keys.size(); }

private:
    static std::uint64_t mix(std::uint64_t x)
    {
        // splitmix64's finaliser: every key bit reaches the low bits of the slot.
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ull;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebull;
        return x ^ (x >> 31);
    }

    // The slot holding `pair`, or the empty slot where it would go.
    std::size_t slotOf(std::uint64_t pair) const
    {
        const std::size_t mask = m_slots.size() - 1;
        std::size_t slot = static_cast<std::size_t>(mix(pair)) & mask;
        while (m_slots[slot] != 0 && m_keys[m_slots[slot] - 1] != pair)
            slot = (slot + 1) & mask;
        return slot;
    }

    void rehash(std::size_t slotCount)
    {
        m_slots.assign(slotCount, 0);
        for (std::size_t i = 0; i < m_keys.size(); ++i)
            m_slots[slotOf(m_keys[i])] = static_cast<std::uint32_t>(i + 1);
    }

    std::vector<std::uint64_t> m_keys;
    std::vector<std::uint32_t> m_slots; // index + 1; 0 = empty; size is a power of two
};

} // namespace crsw
