#pragma once

#include <cstddef>

namespace crsw {

/// A read-only view of contiguous elements (C++17 has no std::span). It does
/// not own them: valid while the container it came from is unchanged.
template <typename T>
class ArrayView {
public:
    ArrayView() = default;
    ArrayView(const T *data, std::size_t size) : m_data(data), m_size(size) {}

    const T *begin() const { return m_data; }
    const T *end() const { return m_data + m_size; }
    const T *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const T &operator[](std::size_t i) const { return m_data[i]; }

private:
    const T *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace crsw
