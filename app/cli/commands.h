#pragma once

#include <string>
#include <vector>

namespace crsw::cli {

// Each subcommand takes the arguments after its name and returns the exit
// code. They throw UsageError (exit 2), crsw::Error (exit 1) and
// crsw::Cancelled (exit 130); main() turns those into messages.

/// crsw eval: scores an answers file with He et al.'s protocol.
int commandEval(const std::vector<std::string> &args);
/// crsw demo: creates (and with --run runs) the demo workspace.
int commandDemo(const std::vector<std::string> &args);
/// crsw data: loads a seed corpus, prints its statistics and malformed lines.
int commandData(const std::vector<std::string> &args);
/// crsw baseline: writes a baseline's answers (popularity).
int commandBaseline(const std::vector<std::string> &args);
/// crsw embed: embeds a workspace's reviews, items and users (embeddings/*.npy).
int commandEmbed(const std::vector<std::string> &args);
/// crsw select: runs an active-selection strategy under a budget.
int commandSelect(const std::vector<std::string> &args);
/// crsw synth: writes synthetic dialogues from a selection (offline or via a teacher).
int commandSynth(const std::vector<std::string> &args);
/// crsw answer: a model's answers to a He et al. test set (zero-shot or fine-tuned).
int commandAnswer(const std::vector<std::string> &args);
/// crsw teacher: one short request to a teacher endpoint (a connection test).
int commandTeacher(const std::vector<std::string> &args);
/// crsw info: versions, threads and compute devices.
int commandInfo(const std::vector<std::string> &args);
/// crsw train: fine-tunes the student (LoRA or full) on chat JSONL, or trains one from scratch.
int commandTrain(const std::vector<std::string> &args);
/// crsw generate: a model's (and adapter's) reply to a prompt.
int commandGenerate(const std::vector<std::string> &args);
/// crsw merge: folds a LoRA adapter (final or a checkpoint's) into its base model.
int commandMerge(const std::vector<std::string> &args);

} // namespace crsw::cli
