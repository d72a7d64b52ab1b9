#include "data/benchmark/redial_conversation.h"

#include "common/python_text.h"

namespace crsw {

namespace {

bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Calls onText for plain text and onMention for each "@digits" of `text`, in order.
template <typename OnText, typename OnMention>
void scanMentions(const std::string &text, OnText onText, OnMention onMention)
{
    std::size_t plainFrom = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '@' && i + 1 < text.size() && isAsciiDigit(text[i + 1])) {
            std::size_t end = i + 1;
            while (end < text.size() && isAsciiDigit(text[end]))
                ++end;
            onText(text.substr(plainFrom, i - plainFrom));
            onMention(text.substr(i + 1, end - i - 1), text.substr(i, end - i));
            plainFrom = i = end;
        } else {
            ++i;
        }
    }
    onText(text.substr(plainFrom));
}

} // namespace

RedialRole RedialConversation::roleOf(const RedialMessage &message) const
{
    // Check the initiator first: a (broken) record with one worker id for both is a seeker's.
    if (message.senderWorkerId == initiatorWorkerId)
        return RedialRole::Seeker;
    if (message.senderWorkerId == respondentWorkerId)
        return RedialRole::Recommender;
    return RedialRole::Unknown;
}

const std::string *RedialConversation::rawTitle(const std::string &movieId) const
{
    for (const Movie &movie : movieMentions)
        if (movie.id == movieId)
            return &movie.title;
    return nullptr;
}

std::string RedialConversation::title(const std::string &movieId) const
{
    const std::string *raw = rawTitle(movieId);
    // ReDial titles carry stray spaces ("American Pie  (1999)", "American Pie ");
    // He et al.'s test set (via CRSLab) shows them collapsed, so do the same.
    return raw ? pytext::encodeUtf8(pytext::collapseSpaces(pytext::decodeUtf8(*raw))) : std::string();
}

std::vector<std::string> RedialConversation::mentionedMovieIds(const std::string &text)
{
    std::vector<std::string> ids;
    scanMentions(text, [](const std::string &) {}, [&](const std::string &id, const std::string &) { ids.push_back(id); });
    return ids;
}

std::string RedialConversation::textWithTitles(const RedialMessage &message) const
{
    std::string out;
    out.reserve(message.text.size() + 64);
    scanMentions(
        message.text, [&](const std::string &plain) { out += plain; },
        [&](const std::string &id, const std::string &written) { out += rawTitle(id) ? title(id) : written; });
    return out;
}

const char *toString(RedialRole role)
{
    switch (role) {
    case RedialRole::Seeker: return "seeker";
    case RedialRole::Recommender: return "recommender";
    case RedialRole::Unknown: break;
    }
    return "unknown";
}

} // namespace crsw
