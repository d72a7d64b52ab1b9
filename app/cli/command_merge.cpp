// crsw merge: folds a LoRA adapter (a run's adapter or any LoRA checkpoint) into its base model.
#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "model/compute_device.h"
#include "train/merged_export.h"

#include <cstdio>

namespace crsw::cli {

int commandMerge(const std::vector<std::string> &args)
{
    ArgParser parser("crsw merge --adapter DIR [--base DIR] --out DIR [--dtype float32|bfloat16]",
                     "Folds a LoRA adapter in PEFT's layout (RUN_DIR/adapter, or a checkpoint of a LoRA run:\n"
                     "RUN_DIR/checkpoints/step-N) into its base model and writes a Hugging Face model folder\n"
                     "(model.safetensors, config.json, the base's tokenizer files) that `crsw generate`,\n"
                     "`crsw answer` and transformers load without PEFT. The base is the folder that the\n"
                     "adapter's adapter_config.json names (base_model_name_or_path) unless --base is given.\n"
                     "OUT must not exist (or be empty); it is written as OUT.partial and renamed at the end,\n"
                     "so an interrupted merge leaves no half-written OUT.");
    parser.option("adapter", "DIR", "the LoRA adapter folder (adapter_config.json + adapter_model.safetensors)", true);
    parser.option("base", "DIR", "the base model folder (default: the adapter's base_model_name_or_path)");
    parser.option("out", "DIR", "the merged model folder to write", true);
    parser.option("dtype", "NAME", "float32 or bfloat16 weights", false, "float32");
    parser.option("threads", "N", "torch threads (0 = one per core)", false, "0");
    if (!parser.parse(args))
        return 0;
    const std::string dtype = parser.value("dtype");
    if (dtype != "float32" && dtype != "bfloat16")
        throw UsageError("--dtype must be float32 or bfloat16");
    if (parser.integer("threads") < 0)
        throw UsageError("--threads must be at least 0");
    configureTorchThreads(static_cast<int>(parser.integer("threads")));

    std::string base = parser.has("base") ? parser.value("base") : std::string();
    if (base.empty()) {
        try {
            base = adapterBaseFolder(parser.value("adapter"));
        } catch (const Error &e) {
            if (e.where().field != "base_model_name_or_path")
                throw;
            throw Error(e.where(), e.reason() + "; give the base model folder with --base DIR");
        }
    }

    TerminalProgress terminal("merge");
    const MergedExport merged = exportMergedModel(base, parser.value("adapter"), parser.value("out"),
                                                  terminal.progress(), dtype == "bfloat16");
    terminal.finish();
    std::printf("Merged the adapter (%lld modules) into %s\n", static_cast<long long>(merged.adaptedModules),
                merged.baseFolder.c_str());
    std::printf("  model: %s (%s)\n", merged.outFolder.c_str(), dtype.c_str());
    return 0;
}

} // namespace crsw::cli
