#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "pipeline/demo_workspace.h"

#include <cstdio>

namespace crsw::cli {

int commandDemo(const std::vector<std::string> &args)
{
    ArgParser parser("crsw demo [--workspace DIR] [--run] [--seed N]",
                     "Creates the demo workspace: a generated, clearly labelled synthetic movie world (Amazon\n"
                     "Reviews'23-format seed corpus, He et al.-format test set) in which the whole pipeline runs\n"
                     "offline. An existing demo workspace is opened, not overwritten. --run then runs every\n"
                     "pipeline stage that exists so far on it and prints where the results are.");
    parser.option("workspace", "DIR", "where the demo workspace lives", false, defaultDemoWorkspaceDir());
    parser.flag("run", "run the pipeline on it");
    parser.option("seed", "N", "seed of the generated world (only used when creating it)", false, "7");
    if (!parser.parse(args))
        return 0;
    DemoWorkspaceOptions options;
    options.seed = static_cast<std::uint64_t>(parser.integer("seed"));

    TerminalProgress terminal("demo");
    const Workspace workspace = createOrOpenDemoWorkspace(parser.value("workspace"), terminal.progress(), options);
    terminal.finish();
    std::printf("Demo workspace: %s\n", workspace.root().c_str());
    std::printf("  seed corpus: %s\n              %s\n", workspace.resolve(workspace.seedCorpus().reviews).c_str(),
                workspace.resolve(workspace.seedCorpus().metadata).c_str());
    for (const BenchmarkEntry &benchmark : workspace.benchmarks())
        std::printf("  benchmark %s: %s\n", benchmark.name.c_str(), workspace.resolve(benchmark.testSet).c_str());
    if (!parser.isSet("run"))
        return 0;

    TerminalProgress running("pipeline");
    const PipelineRunReport report = runPipeline(workspace, running.progress());
    running.finish();
    std::printf("\n%s\n", report.summary.c_str());
    std::printf("Results:\n");
    for (const auto &[label, path] : report.outputs)
        std::printf("  %-34s %s\n", label.c_str(), path.c_str());
    return 0;
}

} // namespace crsw::cli
