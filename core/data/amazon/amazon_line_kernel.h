#pragma once

#include "common/load_report.h"
#include "data/amazon/amazon_item.h"
#include "data/amazon/amazon_review.h"

#include <string>
#include <string_view>
#include <vector>

namespace crsw {

/// Internal to AmazonLineParser: one compiled variant of the simdjson
/// On-Demand line parser (see amazon_line_kernel.inc for why there are several).
class AmazonLineKernel {
public:
    virtual ~AmazonLineKernel() = default;
    virtual bool parseReview(std::string_view line, bool padded, AmazonReview &out, InputProblem &problem) = 0;
    virtual bool parseItem(std::string_view line, bool padded, AmazonItem &out, InputProblem &problem) = 0;
    /// The simdjson implementation the variant was built for ("icelake", "haswell", "fallback", ...).
    virtual const char *name() const = 0;
};

/// Appends a copy of `text` to `list`. Defined with the base instruction set
/// (amazon_line_parser.cpp): a kernel that grew the vector itself would emit
/// its own copy of the shared template instantiation, built with AVX, which
/// the linker may then pick for every caller.
void appendAmazonString(std::vector<std::string> &list, std::string_view text);

/// The report's reason for a simdjson error code ("invalid UTF-8", "invalid JSON: bad number", ...).
std::string amazonJsonErrorReason(int simdjsonErrorCode);

// One factory per compiled variant; the x86-64 SIMD ones exist only where CMake built them.
namespace amazon_kernel_generic { AmazonLineKernel *newKernel(); }
namespace amazon_kernel_haswell { AmazonLineKernel *newKernel(); }
namespace amazon_kernel_icelake { AmazonLineKernel *newKernel(); }

} // namespace crsw
