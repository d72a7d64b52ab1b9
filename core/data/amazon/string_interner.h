#pragma once

#include "data/amazon/text_arena.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace crsw {

/// Maps distinct strings to dense indices 0, 1, 2, ... in the order they are
/// first seen, storing each string once. Compact for millions of short ids
/// (an open-addressing table of 4-byte slots over packed text), so a corpus
/// holds a user id or an asin as one 32-bit index. Move-only.
class StringInterner {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    StringInterner();

    /// The index of `text`, adding it if it is new.
    std::uint32_t intern(std::string_view text);
    /// The index of `text`, or kNone.
    std::uint32_t find(std::string_view text) const;
    /// The string with index `index` (< size()).
    std::string_view text(std::uint32_t index) const { return m_strings[index]; }
    /// Every string, by index.
    const std::vector<std::string_view> &strings() const { return m_strings; }
    std::size_t size() const { return m_strings.size(); }
    /// Approximate heap bytes held.
    std::size_t memoryBytes() const;

private:
    std::size_t slotOf(std::string_view text, std::uint64_t hash) const;
    void rehash(std::size_t slotCount);

    TextArena m_arena;
    std::vector<std::string_view> m_strings;
    std::vector<std::uint32_t> m_slots; // index + 1; 0 = empty; size is a power of two
};

} // namespace crsw
