#include "data/amazon/text_arena.h"

#include <cstring>

namespace crsw {

TextArena::TextArena(std::size_t blockBytes) : m_blockBytes(blockBytes < 64 ? 64 : blockBytes) {}

std::string_view TextArena::add(std::string_view text)
{
    if (text.empty())
        return {};
    m_used += text.size();
    // A large string gets a block of its own, so the current block's free tail
    // is not wasted on it (and a 10 MB review does not force 10 MB blocks).
    if (text.size() > m_blockBytes / 4) {
        m_blocks.emplace_back(new char[text.size()]);
        m_allocated += text.size();
        char *stored = m_blocks.back().get();
        std::memcpy(stored, text.data(), text.size());
        // The current block (m_cursor) keeps being filled afterwards.
        return {stored, text.size()};
    }
    if (text.size() > m_left) {
        m_blocks.emplace_back(new char[m_blockBytes]);
        m_allocated += m_blockBytes;
        m_cursor = m_blocks.back().get();
        m_left = m_blockBytes;
    }
    char *stored = m_cursor;
    std::memcpy(stored, text.data(), text.size());
    m_cursor += text.size();
    m_left -= text.size();
    return {stored, text.size()};
}

} // namespace crsw
