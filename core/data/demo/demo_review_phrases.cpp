#include "data/demo/demo_review_phrases.h"

namespace crsw {

// Stock opinions are few and short on purpose: popular clusters' reviews are
// mostly these, so they repeat each other the way "Five Stars. Great movie!"
// reviews do in the real corpus.
const std::vector<std::vector<DemoReviewPhrases::Phrases>> &DemoReviewPhrases::stockOpinions()
{
    static const std::vector<std::vector<Phrases>> opinions = {
        {{"Great {kind}, lots of fun and worth watching with the whole family.",
          "Great {kind}, so much fun and worth watching with the family.",
          "Really great {kind}, lots of fun and worth watching with the whole family."},
         {"Loved it. Great cast, great story, would watch again.",
          "Loved it! Great cast and a great story, would definitely watch again."},
         {"One of the best movies I have seen in a long time.", "One of the best movies I have seen in a long while."},
         {"Excellent {kind}. Good story, good acting and a great ending.",
          "Excellent {kind} with a good story, good acting and a great ending."}},
        {{"It was okay. Some good parts but a bit too long.", "It was ok. Some good parts but way too long."},
         {"Decent {kind}, nothing special. Worth a rental.", "A decent {kind} but nothing special. Worth renting."},
         {"Good in places but the story is predictable.", "Good in places, but the story is very predictable."}},
        {{"Boring and way too long. Not worth the money.", "So boring and way too long. Not worth the money."},
         {"Did not like this one at all. The story made no sense.", "Did not like it at all, the story made no sense."},
         {"Disappointing. The trailer was better than the movie.",
          "Very disappointing. The trailer was better than the movie itself."}},
    };
    return opinions;
}

const DemoReviewPhrases::Banded &DemoReviewPhrases::stockExtras()
{
    static const Banded extras = {
        {"Would recommend.", "Arrived on time and plays fine.", "Good value for the price.", "Great picture quality."},
        {"Arrived on time and plays fine.", "Fine for the price."},
        {"Would not recommend.", "Arrived on time at least."}};
    return extras;
}

const DemoReviewPhrases::Banded &DemoReviewPhrases::stockTitles()
{
    static const Banded titles = {{"One Star", "Not worth it"},
                                  {"Two Stars", "Disappointing"},
                                  {"Three Stars", "It was okay"},
                                  {"Four Stars", "Very good", "Fun watch"},
                                  {"Five Stars", "Loved it", "Great movie"}};
    return titles;
}

// Specific sentences: lead-in + subject + verdict, with the film's own
// fillers. The tables are wide so that combinations rarely repeat.
const DemoReviewPhrases::Phrases &DemoReviewPhrases::leadIns()
{
    static const Phrases leadIns = {
        "", "", "", "", "", "", "", "", "", "", "", "", "Honestly, ", "For me, ", "From the first minute, ", "By the end, ", "Surprisingly, ",
        "Without spoiling much, ", "On a second viewing, ", "To be fair, ", "I have to say ", "Above all, ",
        "Looking back, ", "Somehow ", "If I am honest, ", "Right from the opening, ", "In its own odd way, ",
        "Against my expectations, ", "Quietly, ", "More than anything, ", "After a slow start, ", "Strangely, "};
    return leadIns;
}

const DemoReviewPhrases::Aspect &DemoReviewPhrases::plot()
{
    static const Aspect aspect = {
        {"the thread about {plot}", "{hero}'s story around {plot}", "the way {plot} unfolds in {place}",
         "everything involving {plot}", "the stretch with {plot}", "{plot} in {place}", "the subplot of {plot2}",
         "the business of {hero} and {plot}", "the moment {hero} meets {plot2}", "the ending with {plot}",
         "the opening in {place}", "how {hero} deals with {plot}", "the link between {plot} and {plot2}",
         "the final scenes in {place}", "the scene with {detail}", "{hero} and {detail}", "{detail} in {place}",
         "the bit with {detail} and {detail2}", "every shot of {detail}", "the shot of {detail2} near the end",
         "the chase around {detail}", "{hero}'s fixation on {detail2}"},
        {{"is handled with real patience", "hit me harder than expected", "works beautifully",
          "is something I will remember for years", "is a brilliant hook", "builds to a haunting payoff",
          "carries the whole film", "feels genuinely fresh", "is staged with great care", "earns every minute",
          "left me thinking for days", "is the heart of it", "gave me goosebumps", "is cleverly set up",
          "pays off wonderfully", "surprised me more than once", "is told with a light touch",
          "made me tear up", "is pure craft", "rewards close attention"},
         {"never quite develops", "drags a little", "feels underused", "is uneven", "promises more than it delivers",
          "works only in parts", "is a bit rushed", "needed another draft", "is half interesting", "loses focus"},
         {"goes nowhere", "could not hold my attention", "is muddled", "falls flat", "is painfully slow",
          "makes little sense", "is badly paced", "feels lazy", "annoyed me", "is a mess"}}};
    return aspect;
}

const DemoReviewPhrases::Aspect &DemoReviewPhrases::mood()
{
    static const Aspect aspect = {
        {"the {mood} tone", "its {mood} atmosphere", "the {mood} mood of {place}", "the {mood} and {mood2} blend",
         "the {mood} score", "how {mood} it gets", "the {mood} feel of every scene", "the {mood} look of {place}",
         "the {mood} streak in {hero}", "the {mood2} undercurrent", "the {mood} scene with {detail}",
         "the {mood} glow around {detail2}"},
        {{"never lets up", "is exactly right", "is perfectly judged", "wraps around you", "stays with you afterwards",
          "sets it apart", "is beautifully sustained", "is spot on", "grows on you", "feels earned"},
         {"does not always land", "wears thin at times", "is laid on a little thick", "comes and goes",
          "is a bit much"},
         {"is tiring", "feels forced", "smothers everything", "grates quickly", "is overdone"}}};
    return aspect;
}

const DemoReviewPhrases::Aspect &DemoReviewPhrases::credits()
{
    static const Aspect aspect = {
        {"{director}'s direction", "{actor} as {hero}", "{actor2} in a small role",
         "the chemistry between {actor} and {actor2}", "what {director} does with {place}", "{actor}'s performance",
         "the casting of {actor2}", "{director}'s eye for detail", "{actor}'s last scene", "the way {director} films {place}",
         "{actor} with {detail}", "how {director} frames {detail2}"},
        {{"is superb", "is quietly brilliant", "deserves more praise", "steals every scene", "is the real draw",
          "is precise and generous", "is a career best", "is magnetic", "is wonderfully subtle", "feels effortless"},
         {"is fine but uneven", "cannot lift the weaker parts", "is hit and miss", "is solid at best",
          "is oddly muted"},
         {"is wooden", "is wasted", "cannot save it", "is miscast", "feels phoned in"}}};
    return aspect;
}

const DemoReviewPhrases::Aspect &DemoReviewPhrases::setting()
{
    static const Aspect aspect = {
        {"the {year} production design", "its {decade} feel", "this corner of {subgenre}", "the {subgenre} trappings",
         "the period detail of {place}", "the costumes of {year}", "the {decade} soundtrack"},
        {{"still looks great", "is a joy", "is done with love", "feels authentic", "is gorgeous", "is a treat"},
         {"has dated a little", "is hit and miss", "is serviceable"},
         {"has aged badly", "feels cheap", "looks tired"}}};
    return aspect;
}

const DemoReviewPhrases::Banded &DemoReviewPhrases::closers()
{
    static const Banded sentences = {
        {"Highly recommended.", "Worth seeking out.", "A small gem.", "I will be rewatching this.", "Find it."},
        {"Mixed feelings overall.", "Worth one watch.", "Not bad, not great."},
        {"Not for me.", "Skip it.", "I gave up on it."}};
    return sentences;
}

const DemoReviewPhrases::Banded &DemoReviewPhrases::specificTitles()
{
    static const Banded titles = {
        {"{mood} and {mood2}", "A {mood} {subgenre} worth finding", "{director} in fine form", "{hero} stayed with me",
         "Better than I expected", "Back to {place} again"},
        {"Not quite there", "Good idea, uneven film", "{mood} but uneven"},
        {"Wanted to like it", "A {mood} misfire", "Not my cup of tea"}};
    return titles;
}

const DemoReviewPhrases::Phrases &DemoReviewPhrases::likedMood()
{
    static const Phrases p = {"I am a sucker for {x} films and this delivered.",
                              "I always look for something {x}, and this was exactly that.",
                              "Anything {x} is my kind of evening.", "{x} films are my weakness.",
                              "I went in wanting something {x} and got it."};
    return p;
}

const DemoReviewPhrases::Phrases &DemoReviewPhrases::dislikedMood()
{
    static const Phrases p = {"Too {x} for my taste.", "I struggle with {x} films and this was no exception.",
                              "I never enjoy it when a film turns {x}.", "The {x} side of it put me off."};
    return p;
}

const DemoReviewPhrases::Phrases &DemoReviewPhrases::favouritePerson()
{
    static const Phrases p = {"I will watch anything with {x}.", "Came for {x}, stayed for everything else.",
                              "{x} never disappoints me.", "I follow {x} everywhere.", "{x} is the reason I bought it."};
    return p;
}

const DemoReviewPhrases::Phrases &DemoReviewPhrases::favouriteDecade()
{
    static const Phrases p = {"I love films from the {x}.", "The {x} are my favourite decade for film.",
                              "Nobody made films like the {x}."};
    return p;
}

const DemoReviewPhrases::Phrases &DemoReviewPhrases::homeCluster()
{
    static const Phrases p = {"{subgenre} is my favourite kind of film.", "I watch a lot of {subgenre}.",
                              "As a long time {subgenre} fan I was curious.", "{subgenre} is what I always come back to."};
    return p;
}

const DemoReviewPhrases::Phrases &DemoReviewPhrases::notMyKind()
{
    static const Phrases p = {"Not usually my kind of film.", "I do not normally watch this sort of thing.",
                              "My partner picked this one."};
    return p;
}

} // namespace crsw
