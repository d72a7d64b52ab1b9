#include "data/amazon/amazon_line_parser.h"

#include "common/line_reader.h"
#include "data/amazon/amazon_line_kernel.h"

#include <simdjson.h>

#include <cstring>

namespace crsw {

// LineReader's views are parsed in place, so its padding must satisfy simdjson.
static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING, "LineReader padding too small for simdjson");

namespace {

// simdjson's own CPU detection (which also honours SIMDJSON_FORCE_IMPLEMENTATION)
// decides which compiled kernel may run here.
AmazonLineKernel *newBestKernel()
{
#ifdef CRSW_AMAZON_X86_KERNELS
    const std::string active = simdjson::get_active_implementation()->name();
    if (active == "icelake")
        return amazon_kernel_icelake::newKernel();
    if (active == "haswell")
        return amazon_kernel_haswell::newKernel();
#endif
    return amazon_kernel_generic::newKernel();
}

} // namespace

// Short, stable reasons: the report groups problems by the text before the first ':'.
std::string amazonJsonErrorReason(int code)
{
    const auto e = static_cast<simdjson::error_code>(code);
    switch (e) {
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::EMPTY: return "empty line";
    case simdjson::UNCLOSED_STRING: return "invalid JSON: unclosed string";
    case simdjson::STRING_ERROR: return "invalid JSON: bad string escape";
    case simdjson::UNESCAPED_CHARS: return "invalid JSON: control character in a string";
    case simdjson::NUMBER_ERROR: return "invalid JSON: bad number";
    case simdjson::NUMBER_OUT_OF_RANGE: return "invalid JSON: number out of range";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "invalid JSON: bad literal";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "invalid JSON: bad structure";
    case simdjson::DEPTH_ERROR: return "invalid JSON: nested too deeply";
    case simdjson::TRAILING_CONTENT: return "invalid JSON: content after the object";
    case simdjson::CAPACITY: return "line too large for the JSON parser";
    case simdjson::MEMALLOC: return "out of memory while parsing the line";
    default: return std::string("invalid JSON: ") + simdjson::error_message(e);
    }
}

void appendAmazonString(std::vector<std::string> &list, std::string_view text)
{
    list.emplace_back(text);
}

AmazonLineParser::AmazonLineParser() : m_kernel(newBestKernel()) {}

AmazonLineParser::~AmazonLineParser() = default;

bool AmazonLineParser::parseReview(std::string_view line, bool padded, AmazonReview &out, InputProblem &problem)
{
    return m_kernel->parseReview(line, padded, out, problem);
}

bool AmazonLineParser::parseItem(std::string_view line, bool padded, AmazonItem &out, InputProblem &problem)
{
    return m_kernel->parseItem(line, padded, out, problem);
}

const char *AmazonLineParser::kernelName() const
{
    return m_kernel->name();
}

} // namespace crsw
