#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crsw {

/// The decoder families the student model supports.
enum class ModelArchitecture { Llama, Gemma2, Qwen2 };

/// RoPE frequency scaling ("rope_scaling"); type "llama3" (Llama 3.1/3.2) or "linear".
struct RopeScaling {
    std::string type;                       ///< "llama3" or "linear"
    double factor = 1.0;
    double lowFreqFactor = 1.0;             ///< llama3 only
    double highFreqFactor = 4.0;            ///< llama3 only
    std::int64_t originalMaxPositionEmbeddings = 8192; ///< llama3 only
};

/// What the decoders need from a Hugging Face config.json. Defaults are the
/// transformers defaults of each architecture where the file may omit a key.
struct ModelConfig {
    ModelArchitecture architecture = ModelArchitecture::Llama;
    std::string modelType;                  ///< "llama", "gemma2", "qwen2"
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0;
    std::int64_t numHiddenLayers = 0;
    std::int64_t numAttentionHeads = 0;
    std::int64_t numKeyValueHeads = 0;      ///< defaults to numAttentionHeads
    std::int64_t headDim = 0;               ///< defaults to hiddenSize / numAttentionHeads
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    std::optional<RopeScaling> ropeScaling;
    std::int64_t vocabSize = 0;
    bool tieWordEmbeddings = false;
    std::int64_t maxPositionEmbeddings = 2048;
    std::vector<std::int64_t> bosTokenIds;  ///< "bos_token_id", an int or a list
    std::vector<std::int64_t> eosTokenIds;  ///< "eos_token_id", an int or a list
    std::string hiddenActivation = "silu";  ///< "silu" or Gemma's "gelu_pytorch_tanh"
    bool attentionBias = false;             ///< bias on q/k/v (always true for Qwen2)
    bool attentionOutputBias = false;       ///< bias on o_proj (Llama "attention_bias")
    bool mlpBias = false;
    std::string torchDtype;                 ///< "bfloat16", ... (empty when absent)

    // Gemma 2
    double queryPreAttnScalar = 0.0;        ///< attention scale is queryPreAttnScalar^-0.5
    std::optional<double> attnLogitSoftcapping;
    std::optional<double> finalLogitSoftcapping;
    std::optional<std::int64_t> slidingWindow; ///< Gemma 2 (every other layer), Qwen2 when enabled
    /// Per layer: true when it attends through the sliding window ("layer_types",
    /// or the family's rule); all false without a window.
    std::vector<bool> slidingLayers;

    /// Parses config.json text; `source` names the file in errors, which say
    /// the key and the problem ("config.json: num_attention_heads: expected an integer, got \"32\"").
    static ModelConfig fromJson(const std::string &json, const std::string &source = "config.json");
    /// Reads a config.json file (or the config.json of a model folder).
    static ModelConfig fromFile(const std::string &path);

    /// Number of parameters, counting a tied lm_head once.
    std::int64_t parameterCount() const;
};

/// Memory a model needs, in bytes, by part.
struct MemoryEstimate {
    std::int64_t weights = 0;          ///< parameters at the weight dtype
    std::int64_t kvCache = 0;          ///< keys and values for batch x context tokens
    std::int64_t trainingState = 0;    ///< full fine-tuning: fp32 gradients + two Adam moments (+ fp32 master copy)
    std::int64_t total() const { return weights + kvCache + trainingState; }
};

/// Options of estimateMemory.
struct MemoryEstimateOptions {
    int bytesPerParameter = 2;         ///< 2 for bf16/fp16 weights, 4 for fp32
    std::int64_t batchSize = 1;
    std::int64_t contextLength = 2048;
    int kvBytesPerValue = 2;
    bool fullFineTuning = false;       ///< add optimiser state; activations are not counted
};

/// A rough memory estimate for inference (weights + KV cache) or full SFT
/// (adds gradients and AdamW state); activations are not included.
MemoryEstimate estimateMemory(const ModelConfig &config, const MemoryEstimateOptions &options = {});

} // namespace crsw
