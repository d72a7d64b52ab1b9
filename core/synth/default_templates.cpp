#include "synth/default_templates.h"

namespace crsw::defaulttemplates {

const std::string &queriesPrompt()
{
    static const std::string text =
        "You are helping to build a dataset of realistic requests that people send to a movie recommender.\n"
        "\n"
        "Here are reviews that real users wrote about one movie:\n"
        "{reviews}\n"
        "\n"
        "Here is the movie's metadata:\n"
        "{metadata}\n"
        "\n"
        "Here are examples of the tone and form such requests take:\n"
        "{examples}\n"
        "\n"
        "Write {n} different requests that a user who would enjoy this movie might send to a recommender. Ground each\n"
        "request in what the reviews and the metadata say (genre, mood, plot, people, style), follow the style of the\n"
        "examples, and never name the movie or its title. Answer with a JSON array of {n} strings and nothing else.\n";
    return text;
}

const std::string &baselineQueriesPrompt()
{
    static const std::string text =
        "You are helping to build a dataset of realistic requests that people send to a movie recommender.\n"
        "\n"
        "Here are examples of the tone and form such requests take:\n"
        "{examples}\n"
        "\n"
        "Write {n} different requests that a user might send to a movie recommender, in the style of the examples.\n"
        "Answer with a JSON array of {n} strings and nothing else.\n";
    return text;
}

const std::string &recommendPrompt()
{
    static const std::string text =
        "Pretend you are a movie recommender system. I will give you a conversation between a user and you (a "
        "recommender system). Based on the conversation, you reply me with 20 recommendations without extra "
        "sentences. Here is the conversation: {conversation}";
    return text;
}

const std::string &queryTemplates()
{
    static const std::string text =
        "# Query templates: short real-style requests that set the tone and form of synthetic queries\n"
        "# (METHOD.md §4). One a line; '#' starts a comment. Slots: {genre} (the item's most specific\n"
        "# category), {aspect} and {aspect2} (salient phrases of the reviews and metadata), {like} (a\n"
        "# similar item's title). The teacher sees the slots as [genre], [aspect], ... and X.\n"
        "Looking for something like {like} but darker.\n"
        "Can you recommend a {genre} with {aspect}?\n"
        "I'm in the mood for a {genre}, ideally something with {aspect}.\n"
        "Any suggestions for a movie night? We loved {like} and want more {aspect}.\n"
        "What's a good {genre} that isn't too long? Something with {aspect} would be great.\n"
        "I just finished {like} and need something similar, maybe with more {aspect}.\n"
        "Recommend me a {genre} with {aspect} and {aspect2}.\n"
        "My partner and I want a {genre} tonight. We like {aspect}.\n"
        "Something like {like}, please, but with {aspect}.\n"
        "I love films with {aspect}. Any ideas?\n"
        "Looking for a hidden gem: a {genre} with {aspect}.\n"
        "Give me a {genre} that has {aspect} but also {aspect2}.\n"
        "I need a movie for a rainy Sunday, something with {aspect}.\n"
        "Can you suggest a {genre} my teenage kids would enjoy? They liked {like}.\n"
        "What should I watch if I enjoyed {like}? I especially liked the {aspect}.\n"
        "Hi! I'd like a {genre} with a strong sense of {aspect}.\n"
        "Not sure what I want... maybe a {genre}? Something with {aspect}.\n"
        "Any {genre} recommendations? Bonus points for {aspect}.\n"
        "I'm tired of blockbusters. Show me a {genre} with {aspect}.\n"
        "Looking for a {genre} about {aspect}.\n"
        "I want to feel something tonight: a {genre} with {aspect}, please.\n"
        "Something in the vein of {like}, with {aspect} and {aspect2}.\n"
        "Can you find me a {genre} that critics loved for its {aspect}?\n"
        "We're hosting a movie night for friends who love {aspect}. Ideas?\n"
        "Recommend a {genre}. I don't mind subtitles if it has {aspect}.\n"
        "I liked {like} a lot. What else has that {aspect}?\n"
        "Suggest a {genre} I can watch with my parents, something with {aspect}.\n"
        "Hey, any good {genre} out there with {aspect}? Not too scary though.\n"
        "Looking for something slower and more thoughtful than {like}, with {aspect}.\n"
        "I'm into {aspect} and {aspect2}. What movie would you pick for me?\n"
        "Need a comfort movie: a {genre} with {aspect}.\n"
        "What's a {genre} that does {aspect} really well?\n"
        "Could you recommend something like {like}? I'm after {aspect}.\n"
        "I want a {genre} with great {aspect}. Older films are fine.\n"
        "Date night tomorrow! A {genre} with {aspect} would be perfect.\n"
        "Surprise me with a {genre}, as long as it has {aspect}.\n"
        "I've seen {like} three times. Anything with the same {aspect}?\n"
        "Looking for a feel-good {genre} with {aspect}.\n"
        "What would you recommend to someone who loves {aspect}?\n"
        "Please suggest a {genre} with memorable {aspect}.\n"
        "Something lighter than {like}, but still with {aspect}.\n"
        "I'm looking for a {genre} with {aspect}, the kind you think about for days.\n"
        "My friend recommended {like}. What else would I like if I enjoy {aspect}?\n"
        "Any must-see {genre} with {aspect2}? I also like {aspect}.\n";
    return text;
}

} // namespace crsw::defaulttemplates
