#pragma once

#include <string>
#include <vector>

namespace crsw {

/// The phrase tables the demo world's reviews are written from (pure data).
/// Banded tables hold one list per rating band: [0] liked (4-5 stars),
/// [1] mixed (3), [2] disliked (1-2). "{key}" marks a placeholder that
/// DemoReviewText fills with the film's or the reviewer's details.
class DemoReviewPhrases {
public:
    using Phrases = std::vector<std::string>;
    using Banded = std::vector<Phrases>;

    /// One aspect a specific sentence can be about: subjects and banded verdicts.
    struct Aspect {
        Phrases subjects;
        Banded verdicts;
    };

    /// Per band, the few stock opinions, each a list of near-paraphrases.
    static const std::vector<std::vector<Phrases>> &stockOpinions();
    /// Per band, short product remarks that may follow a stock opinion.
    static const Banded &stockExtras();
    /// Stock review titles, indexed by rating - 1.
    static const Banded &stockTitles();

    /// Openings of specific sentences ("Honestly, "; some empty).
    static const Phrases &leadIns();
    static const Aspect &plot();
    static const Aspect &mood();
    static const Aspect &credits();
    static const Aspect &setting();
    /// Per band, closing remarks of specific reviews.
    static const Banded &closers();
    /// Per band, titles of specific reviews.
    static const Banded &specificTitles();

    /// First-person taste sentences; "{x}" is the mood, person or decade.
    static const Phrases &likedMood();
    static const Phrases &dislikedMood();
    static const Phrases &favouritePerson();
    static const Phrases &favouriteDecade();
    static const Phrases &homeCluster();   ///< "{subgenre} is my favourite kind of film."
    static const Phrases &notMyKind();
};

} // namespace crsw
