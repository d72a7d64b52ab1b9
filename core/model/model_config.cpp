#include "model/model_config.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

namespace crsw {

namespace {

using Json = nlohmann::json;

const char *typeName(const Json &value)
{
    if (value.is_number_integer())
        return "an integer";
    if (value.is_number())
        return "a number";
    return value.type_name();
}

/// Typed access to the keys of one config object, with errors naming the file and key.
class ConfigReader {
public:
    ConfigReader(const Json &object, std::string source, std::string prefix = {})
        : m_object(object), m_source(std::move(source)), m_prefix(std::move(prefix))
    {
    }

    bool has(const char *key) const { return m_object.contains(key) && !m_object.at(key).is_null(); }

    [[noreturn]] void fail(const std::string &key, const std::string &reason) const
    {
        throw Error({m_source, 0, m_prefix + key}, reason);
    }

    const Json &required(const char *key) const
    {
        if (!has(key))
            fail(key, "missing");
        return m_object.at(key);
    }

    std::int64_t positiveInt(const char *key) const { return checkPositive(key, integer(required(key), key)); }

    std::int64_t positiveInt(const char *key, std::int64_t fallback) const
    {
        return has(key) ? checkPositive(key, integer(m_object.at(key), key)) : fallback;
    }

    double number(const char *key, double fallback) const
    {
        if (!has(key))
            return fallback;
        const Json &value = m_object.at(key);
        if (!value.is_number())
            fail(key, std::string("expected a number, got ") + typeName(value) + " " + value.dump());
        return value.get<double>();
    }

    std::optional<double> optionalNumber(const char *key, std::optional<double> fallback) const
    {
        if (!m_object.contains(key))
            return fallback;
        if (m_object.at(key).is_null())
            return std::nullopt;
        return number(key, 0.0);
    }

    bool boolean(const char *key, bool fallback) const
    {
        if (!has(key))
            return fallback;
        const Json &value = m_object.at(key);
        if (!value.is_boolean())
            fail(key, std::string("expected true or false, got ") + typeName(value) + " " + value.dump());
        return value.get<bool>();
    }

    std::string string(const char *key, const std::string &fallback) const
    {
        if (!has(key))
            return fallback;
        const Json &value = m_object.at(key);
        if (!value.is_string())
            fail(key, std::string("expected a string, got ") + typeName(value) + " " + value.dump());
        return value.get<std::string>();
    }

    /// An int, a list of ints, or null/absent (empty).
    std::vector<std::int64_t> intOrList(const char *key) const
    {
        std::vector<std::int64_t> ids;
        if (!has(key))
            return ids;
        const Json &value = m_object.at(key);
        if (value.is_array()) {
            for (const Json &item : value)
                ids.push_back(integer(item, key));
        } else {
            ids.push_back(integer(value, key));
        }
        return ids;
    }

private:
    std::int64_t integer(const Json &value, const char *key) const
    {
        if (!value.is_number_integer())
            fail(key, std::string("expected an integer, got ") + typeName(value) + " " + value.dump());
        return value.get<std::int64_t>();
    }

    std::int64_t checkPositive(const char *key, std::int64_t value) const
    {
        if (value <= 0)
            fail(key, "expected a positive integer, got " + std::to_string(value));
        return value;
    }

    const Json &m_object;
    std::string m_source;
    std::string m_prefix;
};

ModelArchitecture detectArchitecture(const Json &json, const ConfigReader &reader, std::string &modelType)
{
    static const struct {
        const char *className;
        const char *modelType;
        ModelArchitecture architecture;
    } kKnown[] = {
        {"LlamaForCausalLM", "llama", ModelArchitecture::Llama},
        {"Gemma2ForCausalLM", "gemma2", ModelArchitecture::Gemma2},
        {"Qwen2ForCausalLM", "qwen2", ModelArchitecture::Qwen2},
    };
    const char *supported = "supported: LlamaForCausalLM, Gemma2ForCausalLM, Qwen2ForCausalLM";
    modelType = reader.string("model_type", {});
    if (reader.has("architectures")) {
        const Json &list = json.at("architectures");
        if (!list.is_array() || list.empty() || !list[0].is_string())
            reader.fail("architectures", "expected a list of class names, got " + list.dump());
        const std::string name = list[0].get<std::string>();
        for (const auto &known : kKnown) {
            if (name == known.className) {
                if (modelType.empty())
                    modelType = known.modelType;
                return known.architecture;
            }
        }
        reader.fail("architectures", "unsupported '" + name + "' (" + supported + ")");
    }
    for (const auto &known : kKnown)
        if (modelType == known.modelType)
            return known.architecture;
    reader.fail(modelType.empty() ? "architectures" : "model_type",
                modelType.empty() ? std::string("missing (and no model_type)")
                                  : "unsupported '" + modelType + "' (" + supported + ")");
}

/// "rope_scaling" (transformers 4) or "rope_parameters" (transformers 5, which
/// also moves rope_theta inside it); `key` says which one the file has.
std::optional<RopeScaling> readRopeScaling(const Json &json, const std::string &source, const char *key)
{
    if (!json.contains(key) || json.at(key).is_null())
        return std::nullopt;
    const Json &object = json.at(key);
    if (!object.is_object())
        throw Error({source, 0, key}, std::string("expected an object or null, got ") + object.dump());
    const ConfigReader reader(object, source, std::string(key) + ".");
    RopeScaling scaling;
    // transformers renamed "type" to "rope_type"; files carry either.
    scaling.type = reader.string("rope_type", reader.string("type", {}));
    if (scaling.type == "default")
        return std::nullopt;
    if (scaling.type != "llama3" && scaling.type != "linear")
        reader.fail("rope_type", "unsupported '" + scaling.type + "' (supported: llama3, linear, default)");
    scaling.factor = reader.number("factor", 0.0);
    if (!(scaling.factor > 0.0))
        reader.fail("factor", "missing or not positive");
    if (scaling.type == "llama3") {
        reader.required("low_freq_factor");
        reader.required("high_freq_factor");
        scaling.lowFreqFactor = reader.number("low_freq_factor", 1.0);
        scaling.highFreqFactor = reader.number("high_freq_factor", 4.0);
        scaling.originalMaxPositionEmbeddings = reader.positiveInt("original_max_position_embeddings");
        if (!(scaling.highFreqFactor > scaling.lowFreqFactor))
            reader.fail("high_freq_factor", "must exceed low_freq_factor");
    }
    return scaling;
}

/// Which layers use the sliding window: "layer_types" when the file has it
/// (transformers >= 4.53), else each family's rule (Gemma 2: even layers;
/// Qwen2 with use_sliding_window: layers from max_window_layers on).
void readLayerTypes(const Json &json, const ConfigReader &reader, ModelConfig &config)
{
    config.slidingLayers.assign(static_cast<std::size_t>(config.numHiddenLayers), false);
    if (!config.slidingWindow)
        return;
    if (reader.has("layer_types")) {
        const Json &list = json.at("layer_types");
        if (!list.is_array() || list.size() != config.slidingLayers.size())
            reader.fail("layer_types", "expected a list of " + std::to_string(config.numHiddenLayers)
                                           + " layer types, got " + list.dump());
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string type = list[i].is_string() ? list[i].get<std::string>() : std::string();
            if (type != "sliding_attention" && type != "full_attention")
                reader.fail("layer_types", "unsupported layer type " + list[i].dump()
                                               + " (supported: sliding_attention, full_attention)");
            config.slidingLayers[i] = type == "sliding_attention";
        }
        return;
    }
    const std::int64_t firstSliding = config.architecture == ModelArchitecture::Qwen2
        ? reader.positiveInt("max_window_layers", 28)
        : 0;
    for (std::int64_t i = 0; i < config.numHiddenLayers; ++i)
        config.slidingLayers[static_cast<std::size_t>(i)] = config.architecture == ModelArchitecture::Gemma2
            ? i % 2 == 0
            : i >= firstSliding;
}

} // namespace

ModelConfig ModelConfig::fromJson(const std::string &text, const std::string &source)
{
    Json json;
    try {
        json = Json::parse(text);
    } catch (const Json::exception &e) {
        throw Error({source, 0, {}}, std::string("not valid JSON: ") + e.what());
    }
    if (!json.is_object())
        throw Error({source, 0, {}}, "expected a JSON object");
    const ConfigReader reader(json, source);

    ModelConfig config;
    config.architecture = detectArchitecture(json, reader, config.modelType);
    const bool gemma = config.architecture == ModelArchitecture::Gemma2;
    const bool qwen = config.architecture == ModelArchitecture::Qwen2;

    config.hiddenSize = reader.positiveInt("hidden_size");
    config.intermediateSize = reader.positiveInt("intermediate_size");
    config.numHiddenLayers = reader.positiveInt("num_hidden_layers");
    config.numAttentionHeads = reader.positiveInt("num_attention_heads");
    config.numKeyValueHeads = reader.positiveInt("num_key_value_heads", config.numAttentionHeads);
    if (config.numAttentionHeads % config.numKeyValueHeads != 0)
        reader.fail("num_key_value_heads", std::to_string(config.numKeyValueHeads) + " does not divide num_attention_heads "
                                               + std::to_string(config.numAttentionHeads));
    if (reader.has("head_dim")) {
        config.headDim = reader.positiveInt("head_dim");
    } else if (gemma) {
        config.headDim = 256;
    } else {
        if (config.hiddenSize % config.numAttentionHeads != 0)
            reader.fail("hidden_size", "not divisible by num_attention_heads and no head_dim given");
        config.headDim = config.hiddenSize / config.numAttentionHeads;
    }
    config.vocabSize = reader.positiveInt("vocab_size");
    config.rmsNormEps = reader.number("rms_norm_eps", 1e-6);
    config.ropeTheta = reader.number("rope_theta", 10000.0);
    if (reader.has("rope_parameters")) {
        // transformers 5 writes {"rope_type": "default"|"llama3"|..., "rope_theta": ...} here.
        config.ropeScaling = readRopeScaling(json, source, "rope_parameters");
        const ConfigReader rope(json.at("rope_parameters"), source, "rope_parameters.");
        config.ropeTheta = rope.number("rope_theta", config.ropeTheta);
    } else {
        config.ropeScaling = readRopeScaling(json, source, "rope_scaling");
    }
    config.tieWordEmbeddings = reader.boolean("tie_word_embeddings", gemma);
    config.maxPositionEmbeddings = reader.positiveInt("max_position_embeddings", gemma ? 8192 : qwen ? 32768 : 2048);
    config.bosTokenIds = reader.intOrList("bos_token_id");
    config.eosTokenIds = reader.intOrList("eos_token_id");
    config.torchDtype = reader.string("torch_dtype", {});
    const std::string act = reader.string("hidden_act", gemma ? "gelu_pytorch_tanh" : "silu");
    config.hiddenActivation = gemma ? reader.string("hidden_activation", act) : act;
    if (config.hiddenActivation != "silu" && config.hiddenActivation != "gelu_pytorch_tanh"
        && config.hiddenActivation != "gelu")
        reader.fail(gemma ? "hidden_activation" : "hidden_act",
                    "unsupported '" + config.hiddenActivation + "' (supported: silu, gelu_pytorch_tanh, gelu)");

    if (qwen) {
        // Qwen2 always has q/k/v biases and never an o_proj or MLP bias; the file does not say so.
        config.attentionBias = true;
        if (reader.boolean("use_sliding_window", false))
            config.slidingWindow = reader.positiveInt("sliding_window", 4096);
    } else {
        config.attentionBias = config.attentionOutputBias = reader.boolean("attention_bias", false);
        config.mlpBias = reader.boolean("mlp_bias", false);
    }
    if (gemma) {
        config.queryPreAttnScalar = reader.number("query_pre_attn_scalar", 256.0);
        if (!(config.queryPreAttnScalar > 0.0))
            reader.fail("query_pre_attn_scalar", "must be positive");
        config.attnLogitSoftcapping = reader.optionalNumber("attn_logit_softcapping", 50.0);
        config.finalLogitSoftcapping = reader.optionalNumber("final_logit_softcapping", 30.0);
        config.slidingWindow = reader.positiveInt("sliding_window", 4096);
    }
    readLayerTypes(json, reader, config);
    return config;
}

ModelConfig ModelConfig::fromFile(const std::string &path)
{
    struct stat st{};
    const bool folder = ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    const std::string file = folder ? path + "/config.json" : path;
    return fromJson(readWholeFile(file), file);
}

std::int64_t ModelConfig::parameterCount() const
{
    const std::int64_t qDim = numAttentionHeads * headDim;
    const std::int64_t kvDim = numKeyValueHeads * headDim;
    std::int64_t layer = hiddenSize * (qDim + 2 * kvDim) + qDim * hiddenSize;
    if (attentionBias)
        layer += qDim + 2 * kvDim;
    if (attentionOutputBias)
        layer += hiddenSize;
    layer += 3 * hiddenSize * intermediateSize;
    if (mlpBias)
        layer += 2 * intermediateSize + hiddenSize;
    // Llama/Qwen2: input and post-attention RMSNorm; Gemma 2 adds pre/post feed-forward norms.
    layer += (architecture == ModelArchitecture::Gemma2 ? 4 : 2) * hiddenSize;

    const std::int64_t embedding = vocabSize * hiddenSize;
    return embedding + numHiddenLayers * layer + hiddenSize + (tieWordEmbeddings ? 0 : embedding);
}

MemoryEstimate estimateMemory(const ModelConfig &config, const MemoryEstimateOptions &options)
{
    MemoryEstimate estimate;
    const std::int64_t parameters = config.parameterCount();
    estimate.weights = parameters * options.bytesPerParameter;
    estimate.kvCache = 2 * config.numHiddenLayers * config.numKeyValueHeads * config.headDim * options.contextLength
        * options.batchSize * options.kvBytesPerValue;
    if (options.fullFineTuning) {
        // fp32 gradients and Adam's two moments; with 16-bit weights, also an fp32 master copy.
        const std::int64_t perParameter = 4 + 8 + (options.bytesPerParameter < 4 ? 4 : 0);
        estimate.trainingState = parameters * perParameter;
    }
    return estimate;
}

} // namespace crsw
