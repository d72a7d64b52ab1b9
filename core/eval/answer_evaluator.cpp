#include "eval/answer_evaluator.h"

#include "common/error.h"
#include "eval/response_parser.h"
#include "eval/title_matcher.h"

#include <unordered_set>

namespace crsw {

namespace {

void refuseProblems(const LoadReport &problems, const std::string &what)
{
    if (problems.empty())
        return;
    throw Error(what + " has " + problems.summary(10));
}

// The answer for each scored turn, aligned by "index" when the file has it, else by order.
std::vector<const Answer *> alignAnswers(const HeTestSet &testSet, const AnswersFile &answers, bool allowPartial)
{
    const std::size_t turns = testSet.turns.size();
    const std::size_t given = answers.answers.size();
    std::size_t withIndex = 0;
    for (const Answer &a : answers.answers)
        withIndex += a.index >= 0 ? 1 : 0;
    if (withIndex != 0 && withIndex != given)
        throw Error({answers.path, 0, "index"}, "some lines have an \"index\" and some do not");

    if (given > turns)
        throw Error({answers.path, 0, {}}, "has " + std::to_string(given) + " answers but the test set "
                                               + testSet.path + " has only " + std::to_string(turns) + " turns");
    if (given < turns && !allowPartial)
        throw Error({answers.path, 0, {}}, "has " + std::to_string(given) + " answers for the "
                                               + std::to_string(turns) + " turns of " + testSet.path
                                               + " (allow partial answers to score only the first "
                                               + std::to_string(given) + ")");
    std::vector<const Answer *> aligned(given, nullptr);
    if (withIndex == 0) {
        for (std::size_t i = 0; i < given; ++i)
            aligned[i] = &answers.answers[i];
        return aligned;
    }
    for (const Answer &a : answers.answers) {
        if (static_cast<std::size_t>(a.index) >= given)
            throw Error({answers.path, a.line, "index"}, std::to_string(a.index) + " is out of range: the file has "
                                                             + std::to_string(given) + " answers");
        if (aligned[static_cast<std::size_t>(a.index)])
            throw Error({answers.path, a.line, "index"},
                        std::to_string(a.index) + " repeats line " + std::to_string(aligned[static_cast<std::size_t>(a.index)]->line));
        aligned[static_cast<std::size_t>(a.index)] = &a;
    }
    return aligned;
}

std::vector<std::string> entityNames(const EntityCatalog &catalog, const std::vector<std::int64_t> &ids,
                                     const HeTestSet &testSet, const HeTestTurn &turn, const char *field)
{
    std::vector<std::string> names;
    names.reserve(ids.size());
    for (std::int64_t id : ids) {
        const EntityCatalog::Entity *entity = catalog.find(id);
        if (!entity)
            throw Error({testSet.path, turn.line, field}, "entity id " + std::to_string(id) + " is not in the entity catalog");
        names.push_back(entity->name);
    }
    return names;
}

} // namespace

EvaluationResult evaluateAnswers(const HeTestSet &testSet, const EntityCatalog &catalog, const AnswersFile &answers,
                                 const EvaluationOptions &options, Progress &progress)
{
    refuseProblems(testSet.problems, "the test set " + testSet.path);
    refuseProblems(answers.problems, "the answers file " + answers.path);
    const std::vector<const Answer *> aligned = alignAnswers(testSet, answers, options.allowPartial);

    EvaluationResult result;
    result.metricNames = metricNames(options.protocol.ks);
    result.usedRecordedMatches = options.useRecordedMatches;
    result.turns.resize(aligned.size());
    for (std::size_t t = 0; t < aligned.size(); ++t) {
        const HeTestTurn &turn = testSet.turns[t];
        result.turns[t].gtList = entityNames(catalog, turn.rec, testSet, turn, "rec");
        result.turns[t].prevList = entityNames(catalog, turn.prevEntity, testSet, turn, "prev_entity");
        result.dialogIds.push_back(turn.dialogId);
        result.turnIds.push_back(turn.turnId);
    }

    if (options.useRecordedMatches) {
        for (std::size_t t = 0; t < aligned.size(); ++t) {
            if (!aligned[t]->hasRecordedMatches)
                throw Error({answers.path, aligned[t]->line, "rec_list"},
                            "missing: scoring recorded matches needs every line's rec_list");
            result.turns[t].recList = aligned[t]->recorded;
        }
        progress.reportNow(0.8, "scoring recorded matches");
    } else {
        // Parse every answer, then match all titles in one parallel batch.
        std::vector<std::string> titles;
        std::vector<std::size_t> firstTitle(aligned.size() + 1, 0);
        for (std::size_t t = 0; t < aligned.size(); ++t) {
            if (!aligned[t]->hasText)
                throw Error({answers.path, aligned[t]->line, "resp"},
                            "missing: the line has only recorded matches (use them, or give the answer text)");
            for (std::string &title : parseRecommendations(aligned[t]->text))
                titles.push_back(std::move(title));
            firstTitle[t + 1] = titles.size();
        }
        progress.reportNow(0.02, "matching " + std::to_string(titles.size()) + " titles against "
                                     + std::to_string(catalog.size()) + " entities");
        std::vector<std::string> candidates;
        for (auto &entry : catalog.distinctNames())
            candidates.push_back(std::move(entry.first));
        const TitleMatcher matcher(std::move(candidates));
        Progress matching = progress.subRange(0.02, 0.9);
        const std::vector<TitleMatch> matches = matcher.matchAll(titles, matching, options.threads);
        for (std::size_t t = 0; t < aligned.size(); ++t) {
            for (std::size_t i = firstTitle[t]; i < firstTitle[t + 1]; ++i)
                result.turns[t].recList.push_back(
                    MatchedTitle{titles[i], matches[i].distance, matcher.candidate(matches[i].candidate)});
        }
    }

    for (const TurnPredictions &turn : result.turns) {
        for (const MatchedTitle &match : turn.recList) {
            ++result.predictions;
            result.exactMatches += match.minEditDistance == 0 ? 1 : 0;
            result.withinThreshold += match.minEditDistance <= options.protocol.threshold ? 1 : 0;
        }
    }
    progress.throwIfCancelled();
    result.settings = scoreAllSettings(result.turns, options.protocol);
    progress.reportNow(1.0, "evaluated " + std::to_string(result.turns.size()) + " turns");
    return result;
}

} // namespace crsw
