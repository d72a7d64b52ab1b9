#pragma once

#include "data/benchmark/python_dict_literal.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// Who wrote an INSPIRED utterance.
enum class InspiredSpeaker { Seeker, Recommender };

/// One row of the raw INSPIRED TSV (Hayati et al. 2020).
struct InspiredUtterance {
    std::string dialogId;               ///< "20191127-224739_530_live.pkl"
    std::int64_t uttId = 0;             ///< 1-based within the dialogue
    InspiredSpeaker speaker = InspiredSpeaker::Seeker;
    std::int64_t turnId = 0;
    std::string text;                   ///< raw, with QUOTATION_MARK tokens for '"'
    std::string textWithPlaceholder;    ///< "[MOVIE_TITLE_0]"-style placeholders
    std::vector<std::string> movies;    ///< titles mentioned ("Hustlers (2019)"), ';'-separated in the file
    std::vector<std::string> genres;
    std::vector<std::string> peopleNames;
    PythonStrIntDict movieDict;         ///< the dialogue's placeholder indices, repeated on every row
    PythonStrIntDict genreDict;
    PythonStrIntDict actorDict;
    PythonStrIntDict directorDict;
    PythonStrIntDict othersDict;
    std::string expertLabel;            ///< strategy labels; pandas' "nan" is read as empty
    std::string secondLabel;
    std::string fineLabel;
    std::string coarseLabel;
    std::string movieId;                ///< trailer id of the recommended movie
    std::int64_t line = 0;              ///< 1-based line in the file

    bool isSeeker() const { return speaker == InspiredSpeaker::Seeker; }
    /// The text as He et al.'s INSPIRED test set has it: QUOTATION_MARK tokens
    /// removed, then whitespace collapsed and trimmed (Python semantics).
    std::string cleanText() const;
    /// The text with each QUOTATION_MARK turned back into '"'.
    std::string textWithQuotes() const;
};

/// The utterances of one INSPIRED dialogue, in file order.
struct InspiredDialogue {
    std::string dialogId;
    std::vector<InspiredUtterance> utterances;
};

/// "SEEKER" or "RECOMMENDER", as the file writes it.
const char *toString(InspiredSpeaker speaker);

} // namespace crsw
