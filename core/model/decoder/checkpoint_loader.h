#pragma once
// Torch header: include only from torch translation units, never from Qt code.

#include "model/decoder/causal_lm.h"

#include <string>

namespace crsw {

/// Where and in what precision a decoder is loaded.
struct DecoderLoadOptions {
    torch::ScalarType dtype = torch::kFloat; ///< the weights are converted to it (F32/F16/BF16 on disk)
    torch::Device device = torch::kCPU;

    /// From the names a user writes: device "cpu", "cuda", "cuda:1"; dtype
    /// "float32", "bfloat16" or "float16". Throws crsw::Error for others.
    static DecoderLoadOptions parse(const std::string &device, const std::string &dtype);
};

/// Loads a Hugging Face model folder (config.json + model.safetensors or a
/// sharded index) into a CausalLM in eval mode. Every parameter must be in
/// the checkpoint under its transformers name with the shape the config
/// implies; tensors the decoder does not use (a tied lm_head.weight, old
/// rotary buffers) are ignored. Errors are crsw::Error naming the file and
/// the tensor or key ("model.safetensors: model.layers.1.mlp.up_proj.weight:
/// missing from the checkpoint"; config.json errors for unsupported
/// architectures).
CausalLM loadCausalLM(const std::string &folder, const DecoderLoadOptions &options = {});

} // namespace crsw
