#pragma once

#include <string>

namespace crsw {

/// Formats a double exactly as Python's repr(float) does (shortest round-trip
/// digits; fixed notation for exponents in [-4, 16), else "1e-05" style;
/// "0.0", "inf", "nan"). The result CSVs then match pandas' byte for byte.
std::string pythonFloatRepr(double value);

} // namespace crsw
