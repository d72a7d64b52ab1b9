#include "common/python_float.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace crsw {

std::string pythonFloatRepr(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value < 0 ? "-inf" : "inf";
    if (value == 0.0)
        return std::signbit(value) ? "-0.0" : "0.0";

    // Shortest round-trip digits in scientific form: "-d.ddde+XX".
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    std::string sci(buffer, result.ptr);
    std::string sign;
    if (sci[0] == '-') {
        sign = "-";
        sci.erase(0, 1);
    }
    const auto ePos = sci.find('e');
    std::string digits = sci.substr(0, ePos);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    const int exponent = std::atoi(sci.c_str() + ePos + 1);

    std::string out;
    if (exponent >= -4 && exponent < 16) {
        const int pointPos = exponent + 1; // digits before the decimal point
        if (pointPos <= 0) {
            out = "0." + std::string(static_cast<std::size_t>(-pointPos), '0') + digits;
        } else if (static_cast<std::size_t>(pointPos) >= digits.size()) {
            out = digits + std::string(static_cast<std::size_t>(pointPos) - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, static_cast<std::size_t>(pointPos)) + "." + digits.substr(static_cast<std::size_t>(pointPos));
        }
    } else {
        out = digits.substr(0, 1);
        if (digits.size() > 1)
            out += "." + digits.substr(1);
        const int absExp = std::abs(exponent);
        out += exponent < 0 ? "e-" : "e+";
        if (absExp < 10)
            out += "0";
        out += std::to_string(absExp);
    }
    return sign + out;
}

} // namespace crsw
