#include "data/amazon/string_interner.h"

#include "common/error.h"

#include <functional>

namespace crsw {

namespace {

std::uint64_t hashOf(std::string_view text)
{
    return std::hash<std::string_view>{}(text);
}

} // namespace

StringInterner::StringInterner() : m_arena(std::size_t(1) << 20), m_slots(1024, 0) {}

// Linear probing: the slot holding `text`, or the empty slot where it belongs.
std::size_t StringInterner::slotOf(std::string_view text, std::uint64_t hash) const
{
    const std::size_t mask = m_slots.size() - 1;
    std::size_t slot = static_cast<std::size_t>(hash) & mask;
    for (;;) {
        const std::uint32_t entry = m_slots[slot];
        if (entry == 0 || m_strings[entry - 1] == text)
            return slot;
        slot = (slot + 1) & mask;
    }
}

std::uint32_t StringInterner::find(std::string_view text) const
{
    const std::uint32_t entry = m_slots[slotOf(text, hashOf(text))];
    return entry == 0 ? kNone : entry - 1;
}

std::uint32_t StringInterner::intern(std::string_view text)
{
    const std::uint64_t hash = hashOf(text);
    std::size_t slot = slotOf(text, hash);
    if (m_slots[slot] != 0)
        return m_slots[slot] - 1;
    if (m_strings.size() >= kNone - 1)
        throw Error("too many distinct strings for a 32-bit index");
    // Keep the load factor under 1/2 so probe chains stay short.
    if ((m_strings.size() + 1) * 2 > m_slots.size()) {
        rehash(m_slots.size() * 2);
        slot = slotOf(text, hash);
    }
    m_strings.push_back(m_arena.add(text));
    m_slots[slot] = static_cast<std::uint32_t>(m_strings.size());
    return static_cast<std::uint32_t>(m_strings.size() - 1);
}

void StringInterner::rehash(std::size_t slotCount)
{
    m_slots.assign(slotCount, 0);
    const std::size_t mask = slotCount - 1;
    for (std::size_t i = 0; i < m_strings.size(); ++i) {
        std::size_t slot = static_cast<std::size_t>(hashOf(m_strings[i])) & mask;
        while (m_slots[slot] != 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = static_cast<std::uint32_t>(i + 1);
    }
}

std::size_t StringInterner::memoryBytes() const
{
    return m_arena.bytesAllocated() + m_strings.capacity() * sizeof(std::string_view)
           + m_slots.capacity() * sizeof(std::uint32_t);
}

} // namespace crsw
