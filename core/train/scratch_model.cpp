#include "train/scratch_model.h"

#include "common/atomic_file.h"
#include "model/decoder/causal_lm.h"
#include "model/model_config.h"
#include "model/tokenizer/tokenizer.h"
#include "train/bpe_trainer.h"
#include "train/byte_tokenizer.h"
#include "train/chat_jsonl.h"
#include "train/checkpoint_writer.h"

#include <nlohmann/json.hpp>

#include <torch/nn/init.h>

#include <filesystem>

namespace crsw {

std::string scratchModelLabel(const ScratchModelOptions &options)
{
    return options.tokenizerData.empty() ? "scratch-byte-llama"
                                         : "scratch-bpe" + std::to_string(options.tokenizerVocab) + "-llama";
}

std::int64_t writeScratchModel(const std::string &folder, const ScratchModelOptions &options)
{
    Progress progress;
    return writeScratchModel(folder, options, progress);
}

std::int64_t writeScratchModel(const std::string &folder, const ScratchModelOptions &o, Progress &progress)
{
    std::vector<std::pair<std::string, std::string>> merges;
    if (!o.tokenizerData.empty()) {
        progress.reportNow(0.0, "reading " + o.tokenizerData);
        const std::vector<std::string> texts = chatTrainingTexts(readChatJsonl(o.tokenizerData));
        progress.throwIfCancelled();
        BpeTrainOptions bpe;
        bpe.vocabSize = o.tokenizerVocab;
        Progress learning = progress.subRange(0.05, 0.95);
        merges = trainByteLevelBpe(texts, bpe, learning);
    }
    progress.throwIfCancelled();
    progress.reportNow(0.95, "writing the model files");
    const std::string tokenizerJson = byteLevelTokenizerJson(merges);
    const Tokenizer tokenizer = Tokenizer::fromJson(tokenizerJson, folder + "/tokenizer.json");
    const std::int64_t vocab = static_cast<std::int64_t>(tokenizer.vocabSize());
    const auto specialId = [&](const char *token) { return static_cast<std::int64_t>(*tokenizer.tokenToId(token)); };
    makeDirectories(folder);
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
    config["bos_token_id"] = specialId("<|begin_of_text|>");
    config["eos_token_id"] = {specialId("<|end_of_text|>"), specialId("<|eot_id|>")};
    config["pad_token_id"] = specialId("<|finetune_right_pad_id|>");
    config["initializer_range"] = 0.02;
    config["torch_dtype"] = "float32";
    // Not a pretrained model: say so wherever the folder goes.
    config["crsw_scratch"] = true;
    if (merges.empty()) {
        config["crsw_description"] = "Llama-architecture model initialised from scratch by CRS Workbench, "
                                     "byte-level tokenizer (256 bytes + Llama 3 special tokens)";
    } else {
        config["crsw_description"] = "Llama-architecture model initialised from scratch by CRS Workbench, "
                                     "byte-level BPE tokenizer learnt from the training data ("
                                     + std::to_string(vocab) + " tokens: 256 bytes, Llama 3 special tokens, "
                                     + std::to_string(merges.size()) + " merges)";
    }
    // Recorded even when the data gave no merge, so a caller can tell the model was made for it.
    if (!o.tokenizerData.empty())
        config["crsw_tokenizer_data"] = std::filesystem::absolute(o.tokenizerData).lexically_normal().string();
    const std::string configText = config.dump(2) + "\n";
    writeFileAtomically(folder + "/config.json", configText);
    writeFileAtomically(folder + "/tokenizer.json", tokenizerJson);
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
    progress.throwIfCancelled(); // the weights are the long write: not begun when cancelled
    saveMergedCheckpoint(*model, folder, folder);
    return count;
}

} // namespace crsw
