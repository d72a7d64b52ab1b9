#pragma once

#include <string>

namespace crsw {

/// The default texts of the synthesis templates (METHOD.md §4), compiled in
/// and written into a workspace's templates/ folder where the user edits them.
namespace defaulttemplates {

/// Prompt 1: queries grounded in reviews and metadata, in the style of the
/// examples, not naming the item; answered as a JSON array.
/// Placeholders: {reviews}, {metadata}, {examples} (required), {n}.
const std::string &queriesPrompt();
/// Prompt 1 of the "GPT-generated" baseline: templates only.
/// Placeholders: {examples} (required), {n}.
const std::string &baselineQueriesPrompt();
/// Prompt 2: He et al. 2023's recommender prompt, verbatim (METHOD.md §4.3).
/// Placeholder: {conversation} (required).
const std::string &recommendPrompt();
/// The query-template library: one short real-style request a line, with the
/// slots {genre}, {aspect}, {aspect2} and {like}; '#' starts a comment line.
const std::string &queryTemplates();

} // namespace defaulttemplates

} // namespace crsw
