#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace crsw {

/// Element types of a safetensors file (the names of its "dtype" field).
enum class TensorDType { Bool, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E4M3, F8_E5M2 };

/// The dtype named `name` ("F32", "BF16", ...); false when the name is unknown.
bool dtypeFromName(const std::string &name, TensorDType &dtype);
/// The safetensors name of `dtype` ("F32", ...).
const char *dtypeName(TensorDType dtype);
/// Bytes per element.
std::size_t dtypeSize(TensorDType dtype);
/// True for F32, F16, BF16 and F64: the types toFloat32 converts.
bool isFloatConvertible(TensorDType dtype);

/// IEEE half (F16) bits to float, exactly (subnormals, infinities, NaN).
float halfToFloat(std::uint16_t bits);
/// bfloat16 bits to float, exactly.
inline float bf16ToFloat(std::uint16_t bits)
{
    const std::uint32_t wide = static_cast<std::uint32_t>(bits) << 16;
    float value;
    static_assert(sizeof(value) == sizeof(wide), "float must be 32-bit");
    std::memcpy(&value, &wide, sizeof(value));
    return value;
}
/// float to half bits, rounding to nearest even (overflow to infinity).
std::uint16_t floatToHalf(float value);
/// float to bfloat16 bits, rounding to nearest even (as torch does); NaN stays NaN.
std::uint16_t floatToBf16(float value);

/// Converts `count` elements of `dtype` at `data` (any alignment,
/// little-endian) to float32 in `out`. Throws std::invalid_argument for types
/// that are not float-convertible.
void convertToFloat32(TensorDType dtype, const void *data, std::size_t count, float *out);

} // namespace crsw
