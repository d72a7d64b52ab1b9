#pragma once
// Our side of bench_student: the tiny Llama's files and one measured workload
// (training steps or greedy generation), run in a child process so its peak
// memory (VmHWM) is the workload's own. student_reference.py is the same for
// transformers; both read the sizes from DIR/bench.json.
#include <nlohmann/json.hpp>

#include <string>

namespace crsw::bench {

/// The workload names both sides accept: train-{full,lora}-{fp32,bf16}, generate-{1,8}
/// (generate-N: the first N prompts of DIR/prompts.json).
bool isStudentWorkload(const std::string &name);

/// Writes DIR/bench.json (= `settings`), DIR/config.json and DIR/model.safetensors
/// (a LlamaForCausalLM with random weights, seeded), DIR/train_ids.bin (int64
/// [batch, seq], little-endian) and DIR/prompts.json (token lists of varied length).
void writeStudentFiles(const std::string &dir, const nlohmann::json &settings);

/// Runs `workload` on DIR's files in this process (at settings' thread count)
/// and returns its summary: "seconds" per timed iteration, "losses" per
/// training step (warm-up included, in order), "tokens" (generated, per
/// prompt), "tokens_per_iteration" and "peak_kb" (VmHWM at the end).
nlohmann::json runStudentWorkload(const std::string &dir, const std::string &workload);

} // namespace crsw::bench
