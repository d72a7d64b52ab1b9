#include "data/benchmark/inspired_dialogue.h"

#include "common/python_text.h"

namespace crsw {

namespace {

const std::string kQuoteToken = "QUOTATION_MARK";

std::string replaceQuoteToken(const std::string &text, const std::string &with)
{
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    for (std::size_t at; (at = text.find(kQuoteToken, from)) != std::string::npos; from = at + kQuoteToken.size()) {
        out.append(text, from, at - from);
        out += with;
    }
    out.append(text, from, std::string::npos);
    return out;
}

} // namespace

std::string InspiredUtterance::cleanText() const
{
    // Removing the token leaves double spaces ("the movie QUOTATION_MARK five feet apart");
    // the published test set shows them collapsed.
    return pytext::encodeUtf8(pytext::collapseSpaces(pytext::decodeUtf8(replaceQuoteToken(text, {}))));
}

std::string InspiredUtterance::textWithQuotes() const
{
    return replaceQuoteToken(text, "\"");
}

const char *toString(InspiredSpeaker speaker)
{
    return speaker == InspiredSpeaker::Seeker ? "SEEKER" : "RECOMMENDER";
}

} // namespace crsw
