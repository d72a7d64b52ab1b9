#include "eval/nbcrs_tuning.h"

#include "common/error.h"
#include "common/xoshiro256.h"
#include "data/benchmark/entity_catalog.h"
#include "data/benchmark/he_test_set.h"
#include "eval/answer_evaluator.h"
#include "eval/nbcrs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>

namespace crsw {

namespace {

EmbeddingMatrix takeRows(const EmbeddingMatrix &matrix, const std::vector<std::size_t> &rows)
{
    EmbeddingMatrix out(rows.size(), matrix.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        std::memcpy(out.mutableRow(i), matrix.row(rows[i]), matrix.cols() * sizeof(float));
    return out;
}

// An entity2id-style URI whose name (EntityCatalog::nameFromUri) is the item's
// display name as He et al.'s rule gives it back. The index keeps URIs of
// equally named items distinct; '/' would cut the last path segment short.
std::string itemUri(std::size_t index, const std::string &name)
{
    std::string segment = name;
    for (char &c : segment)
        if (c == ' ' || c == '/')
            c = '_';
    return "<http://crsw.nbcrs/item/" + std::to_string(index) + "/" + segment + ">";
}

double column(const ConditionSummary &all, const std::vector<std::string> &names, const char *metric)
{
    const auto it = std::find(names.begin(), names.end(), metric);
    if (it == names.end())
        throw Error(std::string("NBCRS tuning: the protocol has no ") + metric + " column");
    const double value = all.stats[std::size_t(it - names.begin())].mean;
    return std::isnan(value) ? 0.0 : value;
}

} // namespace

std::pair<std::vector<std::size_t>, std::vector<std::size_t>> nbcrsHoldoutSplit(std::size_t n, double holdout,
                                                                               std::uint64_t seed)
{
    if (n < 2)
        throw Error("NBCRS tuning: a held-out split needs at least 2 conversations");
    if (!(holdout > 0.0 && holdout < 1.0))
        throw Error("NBCRS tuning: the held-out share must lie strictly between 0 and 1");
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    Xoshiro256 rng(seed);
    for (std::size_t i = n - 1; i > 0; --i)
        std::swap(order[i], order[std::size_t(rng.next() % (i + 1))]);
    const auto h = std::size_t(std::clamp<long long>(std::llround(holdout * double(n)), 1, (long long)(n - 1)));
    std::vector<std::size_t> held(order.begin(), order.begin() + std::ptrdiff_t(h));
    std::vector<std::size_t> searched(order.begin() + std::ptrdiff_t(h), order.end());
    std::sort(held.begin(), held.end());
    std::sort(searched.begin(), searched.end());
    return {std::move(searched), std::move(held)};
}

NbcrsTuning tuneNbcrsNeighbours(const NbcrsTrainingSet &training, const EmbeddingMatrix &embeddings,
                                const NbcrsTuningOptions &options, Progress &progress)
{
    training.validate();
    const std::size_t n = training.size();
    if (n < 2)
        throw Error(SourceLocation{training.source(), 0, {}},
                    "tuning N needs at least 2 training conversations (one to hold out, one to search)");
    if (options.candidates.empty())
        throw Error("NBCRS tuning: no candidate N given");
    for (std::size_t candidate : options.candidates)
        if (candidate == 0)
            throw Error("NBCRS tuning: a candidate N of 0");
    if (embeddings.rows() != n)
        throw Error(SourceLocation{training.source(), 0, {}},
                    "the training embeddings have " + std::to_string(embeddings.rows())
                        + " rows but the training set has " + std::to_string(n) + " conversations");

    const auto [trainRows, heldRows] = nbcrsHoldoutSplit(n, options.holdout, options.seed);

    const Nbcrs model(training.subset(trainRows), takeRows(embeddings, trainRows));
    const EmbeddingMatrix queries = takeRows(embeddings, heldRows);
    const std::size_t maxN = *std::max_element(options.candidates.begin(), options.candidates.end());
    progress.reportNow(0, "tuning N: searching the neighbours of the held-out conversations");
    const NeighbourLists lists = model.neighbours(queries, maxN, options.threads, progress);

    // The held-out part as a He et al. test set over a catalog of the items.
    std::vector<std::pair<std::string, std::int64_t>> uris;
    for (std::size_t i = 0; i < training.itemNames().size(); ++i)
        uris.emplace_back(itemUri(i, training.itemNames()[i]), std::int64_t(i));
    const EntityCatalog catalog = EntityCatalog::fromPairs(uris);
    HeTestSet heldOut;
    heldOut.path = training.source() + " (held-out part)";
    for (std::size_t i = 0; i < heldRows.size(); ++i) {
        const NbcrsExample &example = training.examples()[heldRows[i]];
        HeTestTurn turn;
        turn.context = {example.context};
        turn.input = "\nUser: " + example.context + "\nSystem: ";
        turn.rec.assign(example.items.begin(), example.items.end());
        turn.dialogId = "heldout-" + std::to_string(heldRows[i]);
        turn.turnId = "0";
        turn.line = example.where.line;
        heldOut.turns.push_back(std::move(turn));
    }

    NbcrsTuning tuning;
    tuning.trainRows = trainRows.size();
    tuning.heldOutRows = heldRows.size();
    EvaluationOptions evaluation;
    evaluation.threads = options.threads;
    std::vector<std::uint32_t> scratch(training.itemNames().size(), kNoSlot);
    for (std::size_t candidate : options.candidates) {
        progress.throwIfCancelled();
        AnswersFile answers;
        answers.path = "NBCRS answers, N = " + std::to_string(candidate);
        for (std::size_t q = 0; q < heldRows.size(); ++q) {
            Answer answer;
            answer.line = std::int64_t(q + 1);
            answer.hasText = true;
            answer.text = model.answerText(model.rank(lists.of(q), std::min(candidate, lists.k), options.top, &scratch));
            answers.answers.push_back(std::move(answer));
        }
        const EvaluationResult result = evaluateAnswers(heldOut, catalog, answers, evaluation, progress);
        const SettingScores &plain = result.settings.at(0); // filtered no, exclude_seen no
        const auto all = std::find_if(plain.summary.begin(), plain.summary.end(),
                                      [](const ConditionSummary &c) { return c.condition == "all"; });
        if (all == plain.summary.end())
            throw Error("NBCRS tuning: the evaluation gave no \"all\" summary");
        NbcrsTuningRow row;
        row.neighbours = candidate;
        row.recall1 = column(*all, result.metricNames, "recall@1");
        row.recall5 = column(*all, result.metricNames, "recall@5");
        row.recall10 = column(*all, result.metricNames, "recall@10");
        row.recall20 = column(*all, result.metricNames, "recall@20");
        row.ndcg10 = column(*all, result.metricNames, "ndcg@10");
        row.ndcg20 = column(*all, result.metricNames, "ndcg@20");
        row.mrr20 = column(*all, result.metricNames, "mrr@20");
        tuning.heldOutSamples = all->samples;
        tuning.rows.push_back(row);
    }

    const NbcrsTuningRow *best = &tuning.rows.front();
    for (const NbcrsTuningRow &row : tuning.rows) {
        const bool better = row.recall20 > best->recall20
                            || (row.recall20 == best->recall20
                                && (row.ndcg10 > best->ndcg10
                                    || (row.ndcg10 == best->ndcg10 && row.neighbours < best->neighbours)));
        if (better)
            best = &row;
    }
    tuning.best = best->neighbours;
    return tuning;
}

std::string nbcrsTuningTable(const NbcrsTuning &tuning)
{
    std::string text = "NBCRS tuning of N on " + std::to_string(tuning.heldOutRows) + " held-out conversations ("
                       + std::to_string(tuning.heldOutSamples) + " samples) against "
                       + std::to_string(tuning.trainRows) + " training conversations\n";
    text += "       N  recall@1  recall@5  recall@10  recall@20  ndcg@10  ndcg@20   mrr@20\n";
    char line[160];
    for (const NbcrsTuningRow &row : tuning.rows) {
        std::snprintf(line, sizeof line, "  %c %4zu  %8.4f  %8.4f  %9.4f  %9.4f  %7.4f  %7.4f  %7.4f\n",
                      row.neighbours == tuning.best ? '*' : ' ', row.neighbours, row.recall1, row.recall5, row.recall10,
                      row.recall20, row.ndcg10, row.ndcg20, row.mrr20);
        text += line;
    }
    text += "  * chosen: N = " + std::to_string(tuning.best) + " (" + NbcrsTuning::kCriterion + ")\n";
    return text;
}

} // namespace crsw
