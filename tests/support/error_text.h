#pragma once
// Header-only: the test must link crsw_common (crsw::Error).

#include "common/error.h"

#include <QString>

#include <utility>

namespace crsw::test {

/// The message of the crsw::Error that `action` throws, or an empty string
/// when it throws none (other exceptions propagate and fail the test).
template <typename Action>
QString errorOf(Action &&action)
{
    try {
        std::forward<Action>(action)();
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace crsw::test
