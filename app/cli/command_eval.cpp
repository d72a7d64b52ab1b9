#include "arg_parser.h"
#include "commands.h"
#include "evaluation_table.h"
#include "terminal_progress.h"

#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answer_evaluator.h"
#include "eval/evaluation_writer.h"

#include <cstdio>

namespace crsw::cli {

int commandEval(const std::vector<std::string> &args)
{
    ArgParser parser("crsw eval --test TEST.jsonl --entities ENTITY2ID.json --responses ANSWERS.jsonl --out DIR [options]",
                     "Scores a recommender's answers with He et al. 2023's protocol (parse, nearest entity by\n"
                     "case-insensitive Levenshtein distance, filtered x exclude_seen, Recall/NDCG/MRR@1,5,10,20).\n"
                     "ANSWERS.jsonl has one line per test turn, in order (or with an \"index\"), holding an\n"
                     "OpenAI-style chat completion under \"resp\" or plain text under \"text\".\n"
                     "Ties between equidistant entity names go to the lowest entity id.");
    parser.option("test", "TEST.jsonl", "He et al. test file", true);
    parser.option("entities", "ENTITY2ID.json", "entity2id.json of the same benchmark", true);
    parser.option("responses", "ANSWERS.jsonl", "the answers to score", true);
    parser.option("out", "DIR", "folder for the summaries, per-sample CSVs and matches.jsonl", true);
    parser.flag("use-recorded-matches", "score each line's own rec_list instead of parsing its text");
    parser.flag("allow-partial", "score only the first N turns when there are fewer answers than turns");
    parser.option("threshold", "N", "distance above which 'filtered' drops a prediction", false, "2");
    parser.option("threads", "N", "matching threads (0 = all cores)", false, "0");
    if (!parser.parse(args))
        return 0;

    EvaluationOptions options;
    options.useRecordedMatches = parser.isSet("use-recorded-matches");
    options.allowPartial = parser.isSet("allow-partial");
    options.protocol.threshold = static_cast<int>(parser.integer("threshold"));
    options.threads = static_cast<int>(parser.integer("threads"));
    if (options.protocol.threshold < 0)
        throw UsageError("--threshold must be 0 or more");

    TerminalProgress terminal("eval");
    Progress &progress = terminal.progress();
    progress.reportNow(0, "reading the test set");
    const HeTestSet testSet = readHeTestSet(parser.value("test"), progress);
    const EntityCatalog catalog = EntityCatalog::readEntity2Id(parser.value("entities"));
    progress.reportNow(0, "reading the answers");
    const AnswersFile answers = readAnswersFile(parser.value("responses"), progress);
    const EvaluationResult result = evaluateAnswers(testSet, catalog, answers, options, progress);
    const auto written = writeEvaluationOutputs(parser.value("out"), result, options);
    terminal.finish();

    std::size_t samples = result.settings.empty() ? 0 : result.settings[0].samples.size();
    std::printf("Evaluated %zu turns (%zu samples) of %s\n", result.turns.size(), samples, testSet.path.c_str());
    if (result.usedRecordedMatches)
        std::printf("Scored the recorded matches of %zu predictions.\n", result.predictions);
    else
        std::printf("Parsed %zu predicted titles: %zu exact entity names, %zu within distance %d.\n", result.predictions,
                    result.exactMatches, result.withinThreshold, options.protocol.threshold);
    std::printf("\n%s\n", evaluationTable(result).c_str());
    std::printf("Wrote %zu files to %s\n", written.size(), parser.value("out").c_str());
    return 0;
}

} // namespace crsw::cli
