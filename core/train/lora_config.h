#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// The modules LoRA may adapt: the attention and MLP projections of every decoder layer.
const std::vector<std::string> &loraTargetChoices();

/// A LoRA adapter's settings, as PEFT's LoraConfig names them in
/// adapter_config.json. Torch-free: the CLI and the GUI fill it in.
struct LoraConfig {
    std::int64_t rank = 8;     ///< "r"
    double alpha = 16.0;       ///< "lora_alpha"; the update is scaled by alpha / r
    double dropout = 0.05;     ///< "lora_dropout", on the adapter's input while training
    /// "target_modules": module names matched against the last part of each
    /// module's path ("q_proj" adapts model.layers.N.self_attn.q_proj).
    std::vector<std::string> targetModules{"q_proj", "v_proj"};
    std::string baseModel;     ///< "base_model_name_or_path"
    bool useRsLora = false;    ///< "use_rslora": scale by alpha / sqrt(r) instead

    /// alpha / r (or alpha / sqrt(r) with rsLoRA), the factor of B A.
    double scaling() const;

    /// Throws crsw::Error when the rank, alpha, dropout or a target is invalid.
    void validate() const;

    /// adapter_config.json text in PEFT's layout (peft_type LORA, task_type
    /// CAUSAL_LM, bias none, fan_in_fan_out false, ...), loadable by
    /// peft.PeftModel.from_pretrained.
    std::string toJson() const;
    /// Parses adapter_config.json; throws crsw::Error naming `source` and the
    /// key for what this implementation does not support (DoRA, rank or alpha
    /// patterns, biases, fan_in_fan_out, layers_to_transform, regex targets).
    static LoraConfig fromJson(const std::string &json, const std::string &source = "adapter_config.json");
    /// Reads DIR/adapter_config.json.
    static LoraConfig fromFolder(const std::string &folder);
};

/// Splits "q_proj,v_proj" into names; throws crsw::Error for an unknown one.
std::vector<std::string> parseLoraTargets(const std::string &commaSeparated);

} // namespace crsw
