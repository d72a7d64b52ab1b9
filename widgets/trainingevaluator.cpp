#include "trainingevaluator.h"

#include "common/error.h"
#include "eval/answer_evaluator.h"
#include "synth/default_templates.h"

#include <cmath>

namespace crsw {

TrainingEvaluator::TrainingEvaluator(const TrainingEvalSettings &settings, Progress &progress)
    : m_settings(settings)
{
    Progress reading = progress.subRange(0.0, 0.0);
    HeTestSet all = readHeTestSet(settings.testSet.toStdString(), reading);
    if (all.turns.empty())
        throw Error({settings.testSet.toStdString(), 0, {}}, "no test turn to evaluate on");
    m_catalog = EntityCatalog::readEntity2Id(settings.entities.toStdString());
    // An even spread rather than a random draw: every evaluation of every run scores the same turns.
    const std::size_t n = std::min<std::size_t>(std::size_t(std::max(1, settings.sampleTurns)), all.turns.size());
    m_sample.path = all.path;
    for (std::size_t i = 0; i < n; ++i)
        m_sample.turns.push_back(all.turns[i * all.turns.size() / n]);
}

std::string TrainingEvaluator::promptFor(const HeTestTurn &turn)
{
    std::string prompt = defaulttemplates::recommendPrompt();
    const std::string slot = "{conversation}";
    const std::size_t at = prompt.find(slot);
    if (at != std::string::npos)
        prompt.replace(at, slot.size(), turn.input);
    return prompt;
}

std::map<std::string, double> TrainingEvaluator::evaluate(const SftEvalContext &context, Progress &progress) const
{
    std::vector<std::vector<ChatMessage>> conversations;
    for (const HeTestTurn &turn : m_sample.turns)
        conversations.push_back({ChatMessage{"user", promptFor(turn)}});
    GenerationOptions generation;
    generation.maxNewTokens = m_settings.maxNewTokens; // greedy: sampling's default temperature 0
    progress.reportNow(-1.0, "evaluating at step " + std::to_string(context.step));
    const std::vector<std::string> replies = context.reply(conversations, generation, progress);

    AnswersFile answers;
    answers.path = "replies at step " + std::to_string(context.step);
    for (std::size_t i = 0; i < replies.size(); ++i) {
        Answer answer;
        answer.line = std::int64_t(i + 1);
        answer.index = std::int64_t(i);
        answer.hasText = true;
        answer.text = replies[i];
        answers.answers.push_back(std::move(answer));
    }
    EvaluationOptions options;
    options.threads = 1; // the trainer's threads are busy enough; the sample is small
    const EvaluationResult result = evaluateAnswers(m_sample, m_catalog, answers, options, progress);

    std::map<std::string, double> figures;
    const SettingScores &setting = result.settings.front(); // (filtered no, exclude_seen no)
    for (const ConditionSummary &summary : setting.summary) {
        if (summary.condition != "all")
            continue;
        for (std::size_t c = 0; c < result.metricNames.size() && c < summary.stats.size(); ++c) {
            const std::string &name = result.metricNames[c];
            if ((name.rfind("recall@", 0) == 0 || name.rfind("ndcg@", 0) == 0) && std::isfinite(summary.stats[c].mean))
                figures[name] = summary.stats[c].mean;
        }
    }
    return figures;
}

} // namespace crsw
