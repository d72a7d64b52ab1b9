#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/causal_lm.h"

#include <string>

namespace crsw {

/// Writes `model` as a Hugging Face folder that loadCausalLM and
/// transformers' from_pretrained read: model.safetensors (float32, or
/// bfloat16 with `bf16`), config.json (the base folder's, with torch_dtype
/// updated) and the tokenizer files of `baseFolder` (tokenizer.json,
/// tokenizer_config.json, special_tokens_map.json, generation_config.json
/// where present). LoRA adapters that are not merged yet are folded into
/// the written weights (W + scaling * B A) without changing the model; the
/// lora_A/lora_B tensors themselves are never written. Atomic per file.
void saveMergedCheckpoint(CausalLMImpl &model, const std::string &baseFolder, const std::string &folder,
                          bool bf16 = false);

/// Writes the trainable parameters only (requires_grad) to a safetensors
/// file under their module names, float32 (a training checkpoint).
void saveTrainableParameters(CausalLMImpl &model, const std::string &path);

/// Loads what saveTrainableParameters wrote back into the same model.
void loadTrainableParameters(CausalLMImpl &model, const std::string &path);

} // namespace crsw
