#include "model/tensor_dtype.h"

#include <cstring>
#include <stdexcept>

namespace crsw {

namespace {

struct DTypeInfo {
    TensorDType dtype;
    const char *name;
    std::size_t size;
};

constexpr DTypeInfo kDTypes[] = {
    {TensorDType::Bool, "BOOL", 1},  {TensorDType::U8, "U8", 1},     {TensorDType::I8, "I8", 1},
    {TensorDType::I16, "I16", 2},    {TensorDType::U16, "U16", 2},   {TensorDType::F16, "F16", 2},
    {TensorDType::BF16, "BF16", 2},  {TensorDType::I32, "I32", 4},   {TensorDType::U32, "U32", 4},
    {TensorDType::F32, "F32", 4},    {TensorDType::F64, "F64", 8},   {TensorDType::I64, "I64", 8},
    {TensorDType::U64, "U64", 8},    {TensorDType::F8_E4M3, "F8_E4M3", 1}, {TensorDType::F8_E5M2, "F8_E5M2", 1},
};

const DTypeInfo &info(TensorDType dtype)
{
    for (const DTypeInfo &entry : kDTypes)
        if (entry.dtype == dtype)
            return entry;
    throw std::logic_error("unhandled TensorDType");
}

std::uint32_t floatBits(float value)
{
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
}

float bitsFloat(std::uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

} // namespace

bool dtypeFromName(const std::string &name, TensorDType &dtype)
{
    for (const DTypeInfo &entry : kDTypes) {
        if (name == entry.name) {
            dtype = entry.dtype;
            return true;
        }
    }
    return false;
}

const char *dtypeName(TensorDType dtype) { return info(dtype).name; }

std::size_t dtypeSize(TensorDType dtype) { return info(dtype).size; }

bool isFloatConvertible(TensorDType dtype)
{
    return dtype == TensorDType::F32 || dtype == TensorDType::F16 || dtype == TensorDType::BF16
        || dtype == TensorDType::F64;
}

float halfToFloat(std::uint16_t bits)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
    std::uint32_t mantissa = bits & 0x3FFu;
    if (exponent == 0x1F) // infinity or NaN (payload kept)
        return bitsFloat(sign | 0x7F800000u | (mantissa << 13));
    if (exponent != 0)
        return bitsFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    if (mantissa == 0)
        return bitsFloat(sign);
    // Subnormal half: normalise into float's wider exponent range.
    int shift = 0;
    while ((mantissa & 0x400u) == 0) {
        mantissa <<= 1;
        ++shift;
    }
    mantissa &= 0x3FFu;
    return bitsFloat(sign | (static_cast<std::uint32_t>(113 - shift) << 23) | (mantissa << 13));
}

std::uint16_t floatToHalf(float value)
{
    const std::uint32_t bits = floatBits(value);
    const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
    const std::uint32_t absBits = bits & 0x7FFFFFFFu;
    if (absBits >= 0x7F800000u) // infinity or NaN (NaN keeps a quiet bit)
        return sign | 0x7C00u | (absBits > 0x7F800000u ? 0x200u : 0u);
    if (absBits >= 0x477FF000u) // rounds to beyond 65504
        return sign | 0x7C00u;
    if (absBits < 0x38800000u) { // below half's smallest normal: a subnormal or zero
        // Adding 0.5 in float lets the FPU do the round-to-nearest-even into
        // the 2^-24 grid of half subnormals.
        const float scaled = bitsFloat(absBits) + 0.5f;
        return sign | static_cast<std::uint16_t>(floatBits(scaled) - 0x3F000000u);
    }
    const std::uint32_t mantissaOdd = (absBits >> 13) & 1u;
    const std::uint32_t rounded = absBits + 0xC8000FFFu + mantissaOdd; // rebias (-112 << 23) and round
    return sign | static_cast<std::uint16_t>(rounded >> 13);
}

std::uint16_t floatToBf16(float value)
{
    const std::uint32_t bits = floatBits(value);
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) // NaN: keep it a (quiet) NaN
        return static_cast<std::uint16_t>((bits >> 16) | 0x40u);
    return static_cast<std::uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

void convertToFloat32(TensorDType dtype, const void *data, std::size_t count, float *out)
{
    const auto *bytes = static_cast<const unsigned char *>(data);
    switch (dtype) {
    case TensorDType::F32:
        std::memcpy(out, bytes, count * sizeof(float));
        return;
    case TensorDType::F16:
    case TensorDType::BF16:
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t bits;
            std::memcpy(&bits, bytes + 2 * i, sizeof(bits));
            out[i] = dtype == TensorDType::F16 ? halfToFloat(bits) : bf16ToFloat(bits);
        }
        return;
    case TensorDType::F64:
        for (std::size_t i = 0; i < count; ++i) {
            double v;
            std::memcpy(&v, bytes + 8 * i, sizeof(v));
            out[i] = static_cast<float>(v);
        }
        return;
    default:
        throw std::invalid_argument(std::string("cannot convert ") + dtypeName(dtype) + " to float32");
    }
}

} // namespace crsw
