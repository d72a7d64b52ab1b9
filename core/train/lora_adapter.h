#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/causal_lm.h"
#include "train/lora_config.h"

#include <string>
#include <vector>

namespace crsw {

/// Attaches LoRA to every LinearLayer whose module name ends in one of
/// config.targetModules (PEFT's suffix match), freezing every other
/// parameter of the model. A is drawn from torch's default generator (seed
/// it first for a reproducible init); B starts at zero. Returns the adapted
/// module names ("model.layers.0.self_attn.q_proj", ...) in module order.
/// Throws crsw::Error when nothing matches or a layer is already adapted.
std::vector<std::string> applyLora(CausalLMImpl &model, const LoraConfig &config);

/// The adapter's parameters in PEFT's names
/// ("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"), in module order.
std::vector<std::pair<std::string, torch::Tensor>> loraTensors(CausalLMImpl &model);

/// Writes DIR/adapter_config.json and DIR/adapter_model.safetensors (float32,
/// PEFT's tensor names) atomically; PeftModel.from_pretrained loads the folder.
void saveLoraAdapter(CausalLMImpl &model, const LoraConfig &config, const std::string &folder);

/// Reads a PEFT LoRA folder (adapter_config.json + adapter_model.safetensors)
/// onto a model without an adapter: applyLora, then every lora_A/lora_B
/// tensor from the file (converted to the model's dtype). Throws crsw::Error
/// naming the file and tensor for a missing, surplus or mis-shaped tensor.
LoraConfig loadLoraAdapter(CausalLMImpl &model, const std::string &folder);

/// Loads lora_A/lora_B values from an adapter file onto a model that already
/// has the same adapter attached (resuming a run).
void loadLoraWeights(CausalLMImpl &model, const std::string &safetensorsPath);

/// Folds every adapter into its weight (W + scaling * B A); see LinearLayerImpl::mergeLora.
void mergeLora(CausalLMImpl &model);

} // namespace crsw
