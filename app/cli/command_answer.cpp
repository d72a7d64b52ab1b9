// crsw answer: a model's answers to every turn of a He et al. test set
// (METHOD.md §6): zero-shot for a base checkpoint, or a fine-tuned model or
// adapter, written as ANSWERS.jsonl for `crsw eval`. Resumable: turns already
// answered in OUT are skipped.
#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "data/benchmark/he_test_set.h"
#include "pipeline/synth_stage.h"
#include "pipeline/workspace.h"
#include "synth/synth_templates.h"
#include "train/chat_model.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <set>
#include <string>

namespace crsw::cli {

namespace {

// The turn indices OUT already answers ({"index": i, "text": ...} lines). A
// torn last line (a crash mid-write) is cut off the file, so that turn is
// asked again and the next answer starts on a line of its own.
std::set<std::size_t> answeredTurns(const std::string &path)
{
    std::set<std::size_t> done;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return done;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    std::size_t start = 0, number = 0, goodEnd = 0;
    while (start < text.size()) {
        const std::size_t newline = text.find('\n', start);
        const bool complete = newline != std::string::npos;
        const std::string line = text.substr(start, complete ? newline - start : std::string::npos);
        const std::size_t next = complete ? newline + 1 : text.size();
        ++number;
        if (line.find_first_not_of(" \t\r") != std::string::npos) {
            const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.is_object() || !j.contains("index") || !j["index"].is_number_unsigned()
                || !j.contains("text") || !j["text"].is_string()) {
                if (!complete)
                    break; // the torn tail
                throw Error({path, static_cast<std::int64_t>(number), "index"},
                            "not an answer line written by crsw answer; choose another --out");
            }
            done.insert(j["index"].get<std::size_t>());
        }
        goodEnd = next;
        start = next;
    }
    if (goodEnd < text.size())
        std::filesystem::resize_file(path, goodEnd);
    else if (!text.empty() && text.back() != '\n')
        std::ofstream(path, std::ios::app | std::ios::binary) << '\n';
    return done;
}

} // namespace

int commandAnswer(const std::vector<std::string> &args)
{
    ArgParser parser(
        "crsw answer --model DIR [--adapter DIR] --test TEST.jsonl --out ANSWERS.jsonl [--workspace W]\n"
        "            [--limit N] [--batch N] [--max-new-tokens N] [--temperature T] [--seed S]",
        "Answers every turn of a He et al. test set with a model: zero-shot with a base checkpoint, or a\n"
        "fine-tuned one (crsw train's RUN_DIR/model, RUN_DIR/merged, or a base plus --adapter\n"
        "RUN_DIR/adapter). Each turn's conversation goes into He et al.'s recommender prompt (the\n"
        "workspace's templates/recommend.txt with --workspace, else the default), rendered with the\n"
        "model's chat format; greedy unless --temperature > 0. ANSWERS.jsonl gets {\"index\": i, \"text\": ...}\n"
        "a line as answers are made; running again resumes. Score it with\n"
        "  crsw eval --test TEST.jsonl --entities ENTITY2ID.json --responses ANSWERS.jsonl --out DIR");
    parser.option("model", "DIR", "the model folder (Hugging Face layout)", true);
    parser.option("adapter", "DIR", "a LoRA adapter folder (PEFT layout) on top of --model");
    parser.option("test", "FILE", "He et al. test.jsonl", true);
    parser.option("out", "FILE", "the answers (JSONL, appended to)", true);
    parser.option("workspace", "W", "take the recommender prompt from W/templates/recommend.txt");
    parser.option("limit", "N", "only the first N turns (0 = all)", false, "0");
    parser.option("batch", "N", "turns generated together", false, "8");
    parser.option("max-new-tokens", "N", "answer length limit in tokens", false, "256");
    parser.option("temperature", "T", "0 = greedy", false, "0");
    parser.option("seed", "S", "seed of sampling", false, "0");
    if (!parser.parse(args))
        return 0;
    const long long limit = parser.integer("limit"), batch = parser.integer("batch");
    const long long maxNewTokens = parser.integer("max-new-tokens");
    if (limit < 0 || batch < 1 || maxNewTokens < 1)
        throw UsageError("--limit must be >= 0, --batch and --max-new-tokens >= 1");
    const double temperature = parser.number("temperature");
    if (temperature < 0)
        throw UsageError("--temperature must be >= 0");

    TerminalProgress terminal("answer");
    Progress &progress = terminal.progress();
    Progress reading = progress.subRange(0.0, 0.02);
    const HeTestSet test = readHeTestSet(parser.value("test"), reading);
    if (!test.problems.empty())
        std::fprintf(stderr, "crsw answer: note: %s\n", test.problems.summary(5).c_str());
    const PromptTemplate recommend =
        parser.has("workspace")
            ? SynthTemplates::loadOrCreate(synthTemplatesDir(Workspace::open(parser.value("workspace")))).recommend
            : SynthTemplates::defaults().recommend;
    const std::string out = parser.value("out");
    const std::set<std::size_t> done = answeredTurns(out);
    std::size_t turns = test.turns.size();
    if (limit > 0)
        turns = std::min<std::size_t>(turns, static_cast<std::size_t>(limit));
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < turns; ++i)
        if (!done.count(i))
            todo.push_back(i);

    progress.reportNow(0.02, "loading " + parser.value("model"));
    const ChatModel model(parser.value("model"), parser.has("adapter") ? parser.value("adapter") : std::string());
    GenerationOptions generation;
    generation.maxNewTokens = maxNewTokens;
    generation.sampling.temperature = temperature;
    generation.sampling.seed = static_cast<std::uint64_t>(parser.integer("seed"));

    std::ofstream file(out, std::ios::app | std::ios::binary);
    if (!file)
        throw Error({out, 0, {}}, "cannot open for appending");
    for (std::size_t at = 0; at < todo.size(); at += static_cast<std::size_t>(batch)) {
        progress.throwIfCancelled();
        const std::size_t end = std::min(todo.size(), at + static_cast<std::size_t>(batch));
        std::vector<std::vector<ChatMessage>> conversations;
        for (std::size_t k = at; k < end; ++k)
            conversations.push_back(
                {{"user", recommend.render({{SynthTemplates::kConversation, test.turns[todo[k]].input}})}});
        Progress part = progress.subRange(0.05 + 0.95 * double(at) / double(todo.size()),
                                          0.05 + 0.95 * double(end) / double(todo.size()));
        const std::vector<std::string> replies = model.reply(conversations, generation, part);
        for (std::size_t k = at; k < end; ++k)
            file << nlohmann::json{{"index", todo[k]}, {"text", replies[k - at]}}.dump() << '\n';
        file.flush(); // an interrupted run keeps every finished batch
        if (!file)
            throw Error({out, 0, {}}, "write failed");
        part.reportNow(1.0, std::to_string(done.size() + end) + " of " + std::to_string(turns) + " turns answered");
    }
    terminal.finish();
    std::printf("%zu turns answered now, %zu already in %s (%zu in all)\n", todo.size(), done.size(), out.c_str(),
                turns);
    return 0;
}

} // namespace crsw::cli
