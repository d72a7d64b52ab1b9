#include "train/scratch_model.h"

#include "common/atomic_file.h"
#include "model/decoder/causal_lm.h"
#include "model/model_config.h"
#include "train/byte_tokenizer.h"
#include "train/checkpoint_writer.h"

#include <nlohmann/json.hpp>

#include <torch/nn/init.h>

namespace crsw {

std::int64_t writeScratchModel(const std::string &folder, const ScratchModelOptions &o)
{
    makeDirectories(folder);
    const std::int64_t vocab = 256 + static_cast<std::int64_t>(byteTokenizerSpecials().size());
    nlohmann::ordered_json config;
    config["architectures"] = {"LlamaForCausalLM"};
    config["model_type"] = "llama";
    config["hidden_size"] = o.hiddenSize;
    config["intermediate_size"] = o.intermediateSize;
    config["num_hidden_layers"] = o.layers;
    config["num_attention_heads"] = o.heads;
    config["num_key_value_heads"] = o.kvHeads;
    config["head_dim"] = o.hiddenSize / o.heads;
    config["hidden_act"] = "silu";
    config["max_position_embeddings"] = o.maxPositions;
    config["rms_norm_eps"] = 1e-5;
    config["rope_theta"] = 10000.0;
    config["vocab_size"] = vocab;
    config["tie_word_embeddings"] = true;
    config["attention_bias"] = false;
    config["mlp_bias"] = false;
    config["bos_token_id"] = 256;
    config["eos_token_id"] = {257, 260};
    config["pad_token_id"] = 261;
    config["initializer_range"] = 0.02;
    config["torch_dtype"] = "float32";
    // Not a pretrained model: say so wherever the folder goes.
    config["crsw_scratch"] = true;
    config["crsw_description"] = "Llama-architecture model initialised from scratch by CRS Workbench, "
                                 "byte-level tokenizer (256 bytes + Llama 3 special tokens)";
    const std::string configText = config.dump(2) + "\n";
    writeFileAtomically(folder + "/config.json", configText);
    writeFileAtomically(folder + "/tokenizer.json", byteTokenizerJson());
    nlohmann::ordered_json tokenizerConfig;
    tokenizerConfig["tokenizer_class"] = "PreTrainedTokenizerFast";
    tokenizerConfig["bos_token"] = "<|begin_of_text|>";
    tokenizerConfig["eos_token"] = "<|eot_id|>";
    tokenizerConfig["pad_token"] = "<|finetune_right_pad_id|>";
    tokenizerConfig["model_max_length"] = o.maxPositions;
    writeFileAtomically(folder + "/tokenizer_config.json", tokenizerConfig.dump(2) + "\n");

    const ModelConfig parsed = ModelConfig::fromJson(configText, folder + "/config.json");
    torch::manual_seed(static_cast<std::uint64_t>(o.seed));
    CausalLM model(parsed, torch::TensorOptions().dtype(torch::kFloat));
    std::int64_t count = 0;
    {
        torch::NoGradGuard noGrad;
        for (auto &item : model->named_parameters()) {
            const bool norm = item.key().find("norm") != std::string::npos;
            if (norm)
                item.value().fill_(1.0);
            else
                item.value().normal_(0.0, 0.02);
            count += item.value().numel();
        }
    }
    saveMergedCheckpoint(*model, folder, folder);
    return count;
}

} // namespace crsw
