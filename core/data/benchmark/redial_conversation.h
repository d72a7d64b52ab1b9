#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace crsw {

/// One message of a raw ReDial conversation (Li et al. 2018).
struct RedialMessage {
    std::int64_t timeOffset = 0;     ///< seconds since the conversation started
    std::string text;                ///< raw text; movies appear as "@111776"
    std::int64_t senderWorkerId = 0;
    std::int64_t messageId = 0;
};

/// A participant's answers about one mentioned movie (respondentQuestions /
/// initiatorQuestions): suggested 0/1 (did the recommender suggest it),
/// seen and liked 0 = no, 1 = yes, 2 = did not say.
struct RedialMovieAnswers {
    int suggested = 0;
    int seen = 0;
    int liked = 0;

    bool operator==(const RedialMovieAnswers &o) const { return suggested == o.suggested && seen == o.seen && liked == o.liked; }
};

/// Who wrote a message: in ReDial the initiator seeks, the respondent recommends.
enum class RedialRole { Seeker, Recommender, Unknown };

/// One raw ReDial conversation, one line of {train,valid,test}_data.jsonl.
class RedialConversation {
public:
    struct Movie {
        std::string id;     ///< "111776"
        std::string title;  ///< as written: "Police Academy  (1984)"
    };

    std::string conversationId;
    std::vector<Movie> movieMentions;                                ///< in file order
    std::vector<RedialMessage> messages;
    std::int64_t initiatorWorkerId = 0;
    std::int64_t respondentWorkerId = 0;
    std::map<std::string, RedialMovieAnswers> respondentQuestions;  ///< by movie id
    std::map<std::string, RedialMovieAnswers> initiatorQuestions;   ///< by movie id
    std::int64_t line = 0;                                           ///< 1-based line in the file

    /// Seeker (initiator), Recommender (respondent) or Unknown (another worker id).
    RedialRole roleOf(const RedialMessage &message) const;
    bool isSeeker(const RedialMessage &message) const { return roleOf(message) == RedialRole::Seeker; }

    /// The raw title of a movie id, or nullptr when movieMentions lacks it.
    const std::string *rawTitle(const std::string &movieId) const;
    /// The title with its whitespace collapsed and trimmed ("Police Academy (1984)",
    /// as He et al.'s test.jsonl writes it), or an empty string for an unknown id.
    std::string title(const std::string &movieId) const;

    /// The movie ids a message mentions ("@" followed by digits), in order, repeats kept.
    static std::vector<std::string> mentionedMovieIds(const std::string &text);
    std::vector<std::string> mentionedMovieIds(const RedialMessage &message) const { return mentionedMovieIds(message.text); }
    /// The message text with every "@id" replaced by title(id); mentions of
    /// ids missing from movieMentions are left as written.
    std::string textWithTitles(const RedialMessage &message) const;
};

/// Short name of a role ("seeker", "recommender", "unknown").
const char *toString(RedialRole role);

} // namespace crsw
