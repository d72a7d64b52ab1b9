#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace crsw {

/// Append-only storage for many strings, packed into large blocks: one
/// allocation per block instead of one per string, and the views it hands out
/// stay valid for the arena's lifetime (moving the arena keeps them valid too,
/// since blocks never move). Strings are not NUL-terminated.
class TextArena {
public:
    explicit TextArena(std::size_t blockBytes = std::size_t(4) << 20);
    TextArena(TextArena &&) noexcept = default;
    TextArena &operator=(TextArena &&) noexcept = default;
    TextArena(const TextArena &) = delete;
    TextArena &operator=(const TextArena &) = delete;

    /// Copies `text` into the arena and returns the stored copy.
    std::string_view add(std::string_view text);

    /// Bytes of text stored, and bytes allocated for it.
    std::size_t bytesUsed() const { return m_used; }
    std::size_t bytesAllocated() const { return m_allocated; }

private:
    std::size_t m_blockBytes;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    char *m_cursor = nullptr;
    std::size_t m_left = 0;
    std::size_t m_used = 0;
    std::size_t m_allocated = 0;
};

} // namespace crsw
