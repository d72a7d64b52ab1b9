// config.json of Llama 3.2, Gemma 2 and Qwen2.5 (published values): fields,
// defaults, parameter counts against the published totals, and errors.
#include "common/error.h"
#include "model/model_config.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace crsw;

namespace {

// meta-llama/Llama-3.2-1B-Instruct
const char *kLlama32 = R"({"architectures":["LlamaForCausalLM"],"attention_bias":false,"attention_dropout":0.0,
 "bos_token_id":128000,"eos_token_id":[128001,128008,128009],"head_dim":64,"hidden_act":"silu","hidden_size":2048,
 "initializer_range":0.02,"intermediate_size":8192,"max_position_embeddings":131072,"mlp_bias":false,"model_type":"llama",
 "num_attention_heads":32,"num_hidden_layers":16,"num_key_value_heads":8,"pretraining_tp":1,"rms_norm_eps":1e-05,
 "rope_scaling":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,"original_max_position_embeddings":8192,
 "rope_type":"llama3"},"rope_theta":500000.0,"tie_word_embeddings":true,"torch_dtype":"bfloat16","use_cache":true,
 "vocab_size":128256})";

// google/gemma-2-2b-it
const char *kGemma2 = R"({"architectures":["Gemma2ForCausalLM"],"attention_bias":false,"attention_dropout":0.0,
 "attn_logit_softcapping":50.0,"bos_token_id":2,"cache_implementation":"hybrid","eos_token_id":[1,107],
 "final_logit_softcapping":30.0,"head_dim":256,"hidden_act":"gelu_pytorch_tanh","hidden_activation":"gelu_pytorch_tanh",
 "hidden_size":2304,"initializer_range":0.02,"intermediate_size":9216,"max_position_embeddings":8192,"model_type":"gemma2",
 "num_attention_heads":8,"num_hidden_layers":26,"num_key_value_heads":4,"pad_token_id":0,"query_pre_attn_scalar":256,
 "rms_norm_eps":1e-06,"rope_theta":10000.0,"sliding_window":4096,"torch_dtype":"float32","use_cache":true,
 "vocab_size":256000})";

// Qwen/Qwen2.5-0.5B-Instruct
const char *kQwen25 = R"({"architectures":["Qwen2ForCausalLM"],"attention_dropout":0.0,"bos_token_id":151643,
 "eos_token_id":151645,"hidden_act":"silu","hidden_size":896,"initializer_range":0.02,"intermediate_size":4864,
 "max_position_embeddings":32768,"max_window_layers":21,"model_type":"qwen2","num_attention_heads":14,
 "num_hidden_layers":24,"num_key_value_heads":2,"rms_norm_eps":1e-06,"rope_theta":1000000.0,"sliding_window":32768,
 "tie_word_embeddings":true,"torch_dtype":"bfloat16","use_cache":true,"use_sliding_window":false,"vocab_size":151936})";

/// kLlama32 with `key` replaced by `value` (or removed when value is null).
std::string llamaWith(const std::string &key, const nlohmann::json &value)
{
    nlohmann::json json = nlohmann::json::parse(kLlama32);
    if (value.is_null())
        json.erase(key);
    else
        json[key] = value;
    return json.dump();
}

} // namespace

class TestModelConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llama32();
    void gemma2();
    void qwen2();
    void transformers5();
    void memoryEstimate();
    void errors_data();
    void errors();
};

void TestModelConfig::llama32()
{
    const ModelConfig c = ModelConfig::fromJson(kLlama32);
    QVERIFY(c.architecture == ModelArchitecture::Llama);
    QCOMPARE(c.hiddenSize, std::int64_t(2048));
    QCOMPARE(c.numKeyValueHeads, std::int64_t(8));
    QCOMPARE(c.headDim, std::int64_t(64));
    QCOMPARE(c.rmsNormEps, 1e-5);
    QCOMPARE(c.ropeTheta, 500000.0);
    QVERIFY(c.ropeScaling.has_value());
    QCOMPARE(c.ropeScaling->type, std::string("llama3"));
    QCOMPARE(c.ropeScaling->factor, 32.0);
    QCOMPARE(c.ropeScaling->lowFreqFactor, 1.0);
    QCOMPARE(c.ropeScaling->highFreqFactor, 4.0);
    QCOMPARE(c.ropeScaling->originalMaxPositionEmbeddings, std::int64_t(8192));
    QVERIFY(c.tieWordEmbeddings);
    QCOMPARE(c.bosTokenIds, (std::vector<std::int64_t>{128000}));
    QCOMPARE(c.eosTokenIds, (std::vector<std::int64_t>{128001, 128008, 128009}));
    QCOMPARE(c.maxPositionEmbeddings, std::int64_t(131072));
    QVERIFY(!c.attentionBias && !c.mlpBias);
    QCOMPARE(c.hiddenActivation, std::string("silu"));
    QCOMPARE(c.parameterCount(), std::int64_t(1'235'814'400)); // the published count
    // Without head_dim, it is hidden_size / num_attention_heads.
    QCOMPARE(ModelConfig::fromJson(llamaWith("head_dim", nullptr)).headDim, std::int64_t(64));
}

void TestModelConfig::gemma2()
{
    const ModelConfig c = ModelConfig::fromJson(kGemma2);
    QVERIFY(c.architecture == ModelArchitecture::Gemma2);
    QCOMPARE(c.headDim, std::int64_t(256)); // not hidden_size / heads (288)
    QCOMPARE(c.queryPreAttnScalar, 256.0);
    QCOMPARE(c.attnLogitSoftcapping.value_or(0), 50.0);
    QCOMPARE(c.finalLogitSoftcapping.value_or(0), 30.0);
    QCOMPARE(c.slidingWindow.value_or(0), std::int64_t(4096));
    QCOMPARE(c.hiddenActivation, std::string("gelu_pytorch_tanh"));
    QVERIFY(c.tieWordEmbeddings); // Gemma's default when the key is absent
    QCOMPARE(c.eosTokenIds, (std::vector<std::int64_t>{1, 107}));
    QCOMPARE(c.parameterCount(), std::int64_t(2'614'341'888));

    nlohmann::json noCaps = nlohmann::json::parse(kGemma2);
    noCaps["attn_logit_softcapping"] = nullptr;
    QVERIFY(!ModelConfig::fromJson(noCaps.dump()).attnLogitSoftcapping.has_value());
}

void TestModelConfig::qwen2()
{
    const ModelConfig c = ModelConfig::fromJson(kQwen25);
    QVERIFY(c.architecture == ModelArchitecture::Qwen2);
    QVERIFY(c.attentionBias);        // implied by the architecture
    QVERIFY(!c.attentionOutputBias);
    QVERIFY(!c.slidingWindow);       // use_sliding_window is false
    QCOMPARE(c.eosTokenIds, (std::vector<std::int64_t>{151645}));
    QCOMPARE(c.ropeTheta, 1e6);
    QCOMPARE(c.parameterCount(), std::int64_t(494'032'768));
}

void TestModelConfig::transformers5()
{
    // transformers 5 writes "rope_parameters" (rope_theta inside) and "layer_types".
    nlohmann::json llama = nlohmann::json::parse(kLlama32);
    llama.erase("rope_scaling");
    llama.erase("rope_theta");
    llama["rope_parameters"] = {{"rope_type", "llama3"}, {"rope_theta", 500000.0}, {"factor", 32.0},
                                {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                                {"original_max_position_embeddings", 8192}};
    ModelConfig c = ModelConfig::fromJson(llama.dump());
    QCOMPARE(c.ropeTheta, 500000.0);
    QVERIFY(c.ropeScaling.has_value());
    QCOMPARE(c.ropeScaling->factor, 32.0);
    llama["rope_parameters"] = {{"rope_type", "default"}, {"rope_theta", 1234.0}};
    c = ModelConfig::fromJson(llama.dump());
    QCOMPARE(c.ropeTheta, 1234.0);
    QVERIFY(!c.ropeScaling);
    QCOMPARE(c.slidingLayers, std::vector<bool>(16, false));

    // Gemma 2: even layers slide by default; "layer_types" overrides.
    nlohmann::json gemma = nlohmann::json::parse(kGemma2);
    gemma["num_hidden_layers"] = 3;
    QCOMPARE(ModelConfig::fromJson(gemma.dump()).slidingLayers, (std::vector<bool>{true, false, true}));
    gemma["layer_types"] = {"full_attention", "sliding_attention", "sliding_attention"};
    QCOMPARE(ModelConfig::fromJson(gemma.dump()).slidingLayers, (std::vector<bool>{false, true, true}));
    gemma["layer_types"] = {"full_attention", "chunked_attention", "full_attention"};
    try {
        ModelConfig::fromJson(gemma.dump());
        QFAIL("no error for an unknown layer type");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("config.json: layer_types: unsupported layer type \"chunked_attention\"")
                     != std::string::npos,
                 e.what());
    }
}

void TestModelConfig::memoryEstimate()
{
    const ModelConfig c = ModelConfig::fromJson(kLlama32);
    const MemoryEstimate inference = estimateMemory(c, {2, 1, 4096, 2, false});
    QCOMPARE(inference.weights, std::int64_t(2 * 1'235'814'400LL));
    QCOMPARE(inference.kvCache, std::int64_t(2LL * 16 * 8 * 64 * 4096 * 2)); // 128 MiB
    QCOMPARE(inference.trainingState, std::int64_t(0));
    const MemoryEstimate training = estimateMemory(c, {2, 1, 4096, 2, true});
    QCOMPARE(training.trainingState, std::int64_t(16 * 1'235'814'400LL));
    QCOMPARE(training.total(), training.weights + training.kvCache + training.trainingState);
}

void TestModelConfig::errors_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const std::string &json, const char *message) {
        QTest::newRow(name) << QString::fromStdString(json) << QString::fromUtf8(message);
    };
    row("missing hidden_size", llamaWith("hidden_size", nullptr), "config.json: hidden_size: missing");
    row("string heads", llamaWith("num_attention_heads", "32"),
        "config.json: num_attention_heads: expected an integer, got string \"32\"");
    row("float layers", llamaWith("num_hidden_layers", 16.5),
        "config.json: num_hidden_layers: expected an integer, got a number 16.5");
    row("zero vocab", llamaWith("vocab_size", 0), "config.json: vocab_size: expected a positive integer, got 0");
    row("kv heads", llamaWith("num_key_value_heads", 5),
        "config.json: num_key_value_heads: 5 does not divide num_attention_heads 32");
    row("tie not bool", llamaWith("tie_word_embeddings", "yes"),
        "config.json: tie_word_embeddings: expected true or false, got string \"yes\"");
    row("eos strings", llamaWith("eos_token_id", nlohmann::json::array({"</s>"})),
        "config.json: eos_token_id: expected an integer, got string \"</s>\"");
    row("rope type", llamaWith("rope_scaling", {{"rope_type", "yarn"}, {"factor", 4.0}}),
        "config.json: rope_scaling.rope_type: unsupported 'yarn'");
    row("rope llama3 incomplete", llamaWith("rope_scaling", {{"rope_type", "llama3"}, {"factor", 8.0}}),
        "config.json: rope_scaling.low_freq_factor: missing");
    row("rope not object", llamaWith("rope_scaling", 3), "config.json: rope_scaling: expected an object or null");
    row("architecture", llamaWith("architectures", nlohmann::json::array({"MistralForCausalLM"})),
        "config.json: architectures: unsupported 'MistralForCausalLM'");
    row("activation", llamaWith("hidden_act", "relu"), "config.json: hidden_act: unsupported 'relu'");
    row("not json", "{", "config.json: not valid JSON");
}

void TestModelConfig::errors()
{
    QFETCH(QString, json);
    QFETCH(QString, message);
    try {
        ModelConfig::fromJson(json.toStdString());
        QFAIL("no error");
    } catch (const Error &e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.startsWith(message), qPrintable(what));
    }
}

QTEST_GUILESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
