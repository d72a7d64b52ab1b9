// crsw generate: a reply of a model folder, optionally with a LoRA adapter.
#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "model/compute_device.h"
#include "train/chat_model.h"

#include <cstdio>

namespace crsw::cli {

int commandGenerate(const std::vector<std::string> &args)
{
    ArgParser parser("crsw generate --model DIR [--adapter DIR] --prompt TEXT [--max-new-tokens N] [--temperature T]",
                     "Replies to one user message with a Hugging Face model folder (a base model, `crsw train`'s\n"
                     "RUN_DIR/model or RUN_DIR/merged), optionally with a LoRA adapter in PEFT's layout on top\n"
                     "(RUN_DIR/adapter). The prompt is rendered with the model's chat format as in training.\n"
                     "Greedy by default; --temperature > 0 samples (reproducible for a --seed).");
    parser.option("model", "DIR", "the model folder", true);
    parser.option("adapter", "DIR", "a LoRA adapter folder (adapter_config.json + adapter_model.safetensors)");
    parser.option("prompt", "TEXT", "the user message", true);
    parser.option("system", "TEXT", "a system message before it");
    parser.option("max-new-tokens", "N", "most tokens to generate", false, "128");
    parser.option("temperature", "T", "0 = greedy", false, "0");
    parser.option("top-p", "P", "nucleus sampling mass (with --temperature)", false, "1.0");
    parser.option("seed", "S", "sampling seed", false, "0");
    parser.option("dtype", "NAME", "float32, bfloat16 or float16", false, "float32");
    parser.option("device", "NAME", "cpu, cuda, cuda:1", false, "cpu");
    parser.option("threads", "N", "torch threads (0 = one per core)", false, "0");
    if (!parser.parse(args))
        return 0;

    GenerationOptions generation;
    generation.maxNewTokens = parser.integer("max-new-tokens");
    generation.sampling.temperature = parser.number("temperature");
    generation.sampling.topP = parser.number("top-p");
    generation.sampling.seed = static_cast<std::uint64_t>(parser.integer("seed"));
    if (generation.maxNewTokens < 1)
        throw UsageError("--max-new-tokens must be at least 1");
    if (generation.sampling.temperature < 0.0 || !(generation.sampling.topP > 0.0 && generation.sampling.topP <= 1.0))
        throw UsageError("--temperature must be >= 0 and --top-p in (0, 1]");
    configureTorchThreads(static_cast<int>(parser.integer("threads")));
    LanguageModelOptions load;
    load.dtype = parser.value("dtype");
    load.device = parser.value("device");

    const ChatModel model(parser.value("model"), parser.has("adapter") ? parser.value("adapter") : std::string(), load);
    std::vector<ChatMessage> messages;
    if (parser.has("system"))
        messages.push_back({"system", parser.value("system")});
    messages.push_back({"user", parser.value("prompt")});
    TerminalProgress terminal("generate");
    const std::vector<std::string> replies = model.reply({messages}, generation, terminal.progress());
    terminal.finish();
    std::printf("%s\n", replies.front().c_str());
    return 0;
}

} // namespace crsw::cli
