// crsw: the headless CRS Workbench, for servers and clusters. Every command
// runs the same core code as the GUI.
#include "arg_parser.h"
#include "commands.h"
#include "http_teacher.h"

#include "common/error.h"
#include "common/progress.h"

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>

namespace {

struct Command {
    int (*run)(const std::vector<std::string> &);
    const char *summary;
};

const std::map<std::string, Command> &commands()
{
    using namespace crsw::cli;
    static const std::map<std::string, Command> table{
        {"answer", {commandAnswer, "answer a He et al. test set with a model (zero-shot or fine-tuned) for crsw eval"}},
        {"baseline", {commandBaseline, "write a baseline's answers (popularity, NBCRS) for a test set"}},
        {"data", {commandData, "load a seed corpus: statistics, filters, malformed lines"}},
        {"demo", {commandDemo, "create the demo workspace (--run: run every pipeline stage on it)"}},
        {"embed", {commandEmbed, "embed a workspace's reviews, items and users (embeddings/*.npy)"}},
        {"eval", {commandEval, "score answers with He et al. 2023's protocol"}},
        {"generate", {commandGenerate, "reply to a prompt with a model folder (and a LoRA adapter)"}},
        {"info", {commandInfo, "versions, threads and compute devices"}},
        {"merge", {commandMerge, "fold a LoRA adapter (a run's or a checkpoint's) into its base: a plain model folder"}},
        {"select", {commandSelect, "choose the most informative samples under a budget (JS, FISHER, ...)"}},
        {"teacher", {commandTeacher, "send one short request to a teacher endpoint (test the URL, model and key)"}},
        {"synth", {commandSynth, "write synthetic dialogues (queries + 20 ground-truth items) from a selection"}},
        {"train", {commandTrain, "fine-tune the student on chat JSONL (LoRA or full), or train one from scratch"}},
    };
    return table;
}

void printUsage(std::FILE *out)
{
    std::fprintf(out, "usage: crsw <command> [options]   (crsw <command> --help for its options)\n\ncommands:\n");
    for (const auto &[name, command] : commands())
        std::fprintf(out, "  %-10s %s\n", name.c_str(), command.summary);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("crsw %s\n", CRSW_VERSION);
        return 0;
    }
    const auto it = commands().find(argv[1]);
    if (it == commands().end()) {
        std::fprintf(stderr, "crsw: unknown command '%s'\n", argv[1]);
        printUsage(stderr);
        return 2;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    crsw::cli::registerHttpTeacher();
    try {
        return it->second.run(args);
    } catch (const crsw::cli::UsageError &e) {
        std::fprintf(stderr, "crsw %s: %s\n", argv[1], e.what());
        return 2;
    } catch (const crsw::Cancelled &) {
        std::fprintf(stderr, "crsw %s: cancelled; files already written were kept\n", argv[1]);
        return 130;
    } catch (const crsw::Error &e) {
        std::fprintf(stderr, "crsw %s: error: %s\n", argv[1], e.what());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "crsw %s: unexpected error: %s\n", argv[1], e.what());
        return 1;
    }
}
