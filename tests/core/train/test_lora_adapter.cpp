// LoRA on the decoders against PEFT: adapters PEFT made (make_lora_goldens.py; Llama, Qwen2)
// load and give PEFT's logits; an adapter our code writes has PEFT's names and
// config (the script checks PEFT's logits on it, lora/golden.json); PEFT's init
// (B = 0, A Kaiming-uniform, base frozen); merging; load errors.
//
// CRSW_WRITE_LORA_GOLDEN=1 rewrites lora/ours_adapter and lora/ours_logits.safetensors.
#include "../model/decoder_test_support.h"

#include "common/error.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/decoder/linear_layer.h"
#include "model/safetensors_writer.h"
#include "train/checkpoint_writer.h"
#include "train/lora_adapter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <cstdlib>

using namespace crsw;

namespace {

const std::string kGolden = std::string(CRSW_MODEL_GOLDEN_DIR) + "/lora";

std::vector<std::vector<std::int64_t>> sequences(const char *key = "sequences")
{
    std::ifstream in(kGolden + "/golden.json");
    return nlohmann::json::parse(in).at(key).get<std::vector<std::vector<std::int64_t>>>();
}

nlohmann::json goldenJson()
{
    std::ifstream in(kGolden + "/golden.json");
    return nlohmann::json::parse(in);
}

std::vector<torch::Tensor> logitsOf(CausalLMImpl &model, const char *key = "sequences")
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> out;
    for (const auto &seq : sequences(key))
        out.push_back(model.forward(test::idsTensor(seq))[0]);
    return out;
}

double maxDiff(const std::vector<torch::Tensor> &a, const std::vector<torch::Tensor> &b)
{
    double diff = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff = std::max(diff, (a[i] - b[i]).abs().max().item<double>());
    return diff;
}

std::vector<torch::Tensor> goldenLogits(const std::string &file, const char *key = "sequences")
{
    const SafetensorsFile golden = SafetensorsFile::open(kGolden + "/" + file);
    std::vector<torch::Tensor> out;
    for (std::size_t i = 0; i < sequences(key).size(); ++i)
        out.push_back(test::goldenTensor(golden, "logits." + std::to_string(i)));
    return out;
}

CausalLM llama()
{
    return loadCausalLM(test::decoderGoldenDir("llama"));
}

/// Our fixed adapter: seeded init, then B drawn too so it is not zero.
LoraConfig ourConfig()
{
    LoraConfig config;
    config.rank = 2;
    config.alpha = 6.0;
    config.dropout = 0.05;
    config.targetModules = {"k_proj", "o_proj", "up_proj", "down_proj"};
    config.baseModel = "tests/golden/model/decoders/llama";
    return config;
}

void makeOurAdapter(CausalLMImpl &model)
{
    torch::manual_seed(11);
    applyLora(model, ourConfig());
    torch::NoGradGuard noGrad;
    for (auto &[name, tensor] : loraTensors(model))
        if (name.find("lora_B") != std::string::npos)
            tensor.copy_(torch::randn(tensor.sizes()) * 0.3 / std::sqrt(static_cast<double>(tensor.size(1))));
}

} // namespace

class TestLoraAdapter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void initIsPefts()
    {
        CausalLM model = llama();
        const auto base = logitsOf(*model);
        torch::manual_seed(1);
        const auto adapted = applyLora(*model, LoraConfig{});
        QCOMPARE(adapted.size(), std::size_t(4)); // q_proj and v_proj of 2 layers
        QCOMPARE(QString::fromStdString(adapted.front()), QStringLiteral("model.layers.0.self_attn.q_proj"));
        std::size_t trainable = 0;
        for (const auto &item : model->named_parameters())
            if (item.value().requires_grad()) {
                ++trainable;
                QVERIFY2(item.key().find(".lora_") != std::string::npos, item.key().c_str());
            }
        QCOMPARE(trainable, std::size_t(8));
        auto &q = *model->model->layers[0]->as<DecoderLayerImpl>()->self_attn->q_proj;
        QCOMPARE(q.lora_A.sizes().vec(), (std::vector<std::int64_t>{8, 64}));
        QCOMPARE(q.lora_B.sizes().vec(), (std::vector<std::int64_t>{64, 8}));
        QCOMPARE(q.loraScaling(), 2.0);
        QCOMPARE(q.lora_B.abs().max().item<double>(), 0.0);
        // kaiming_uniform_(a=sqrt(5)): bound = 1 / sqrt(fan_in).
        const double bound = 1.0 / std::sqrt(64.0);
        QVERIFY(q.lora_A.abs().max().item<double>() <= bound);
        QVERIFY(q.lora_A.abs().max().item<double>() > 0.8 * bound);
        QCOMPARE(maxDiff(logitsOf(*model), base), 0.0); // B = 0: the output is unchanged
    }

    void peftAdapterGivesPeftLogits()
    {
        CausalLM model = llama();
        const auto base = logitsOf(*model);
        const LoraConfig config = loadLoraAdapter(*model, kGolden + "/peft_adapter");
        QCOMPARE(config.rank, std::int64_t(4));
        QCOMPARE(config.alpha, 8.0);
        QCOMPARE(config.targetModules.size(), std::size_t(7));
        QVERIFY(!model->is_training()); // eval: no dropout
        const auto peft = goldenLogits("peft_logits.safetensors");
        const double diff = maxDiff(logitsOf(*model), peft);
        qInfo("PEFT adapter: max-abs-diff of logits vs PEFT %.3g (adapter moves them by %.3g)", diff,
              maxDiff(base, peft));
        QVERIFY2(diff <= 1e-4, qPrintable(QString::number(diff)));
    }

    void qwen2PeftAdapterGivesPeftLogits()
    {
        // Qwen2: q/k/v biases stay on the frozen base, untied head, bf16 weights on disk.
        CausalLM model = loadCausalLM(test::decoderGoldenDir("qwen2"));
        const LoraConfig config = loadLoraAdapter(*model, kGolden + "/qwen2_peft_adapter");
        QCOMPARE(config.scaling(), 2.5);
        const double diff =
            maxDiff(logitsOf(*model, "qwen2_sequences"), goldenLogits("qwen2_peft_logits.safetensors", "qwen2_sequences"));
        qInfo("Qwen2 PEFT adapter: max-abs-diff of logits vs PEFT %.3g", diff);
        QVERIFY2(diff <= 1e-4, qPrintable(QString::number(diff)));
    }

    void gemma2PeftAdapterGivesPeftLogits()
    {
        // Gemma 2: GeGLU, pre/post norms, soft-capped logits, sliding-window layers.
        CausalLM model = loadCausalLM(test::decoderGoldenDir("gemma2"));
        const LoraConfig config = loadLoraAdapter(*model, kGolden + "/gemma2_peft_adapter");
        QCOMPARE(config.scaling(), 1.5);
        const double diff = maxDiff(logitsOf(*model, "gemma2_sequences"),
                                    goldenLogits("gemma2_peft_logits.safetensors", "gemma2_sequences"));
        qInfo("Gemma 2 PEFT adapter: max-abs-diff of logits vs PEFT %.3g", diff);
        QVERIFY2(diff <= 1e-4, qPrintable(QString::number(diff)));
    }

    void mergedCheckpointGivesTheSameLogits()
    {
        CausalLM model = llama();
        loadLoraAdapter(*model, kGolden + "/peft_adapter");
        QTemporaryDir dir;
        const std::string out = dir.filePath(QStringLiteral("merged")).toStdString();
        saveMergedCheckpoint(*model, test::decoderGoldenDir("llama"), out);
        const SafetensorsFile file = SafetensorsFile::open(out + "/model.safetensors");
        for (const std::string &name : file.names())
            QVERIFY2(name.find("lora") == std::string::npos, name.c_str());
        QVERIFY(QFile::exists(QString::fromStdString(out + "/tokenizer.json")));
        CausalLM merged = loadCausalLM(out);
        const double diff = maxDiff(logitsOf(*merged), goldenLogits("peft_logits.safetensors"));
        qInfo("merged checkpoint: max-abs-diff of logits vs PEFT's adapter logits %.3g", diff);
        QVERIFY2(diff <= 1e-4, qPrintable(QString::number(diff)));

        // Merging in place gives the same and leaves the adapter out of forward().
        mergeLora(*model);
        QVERIFY(maxDiff(logitsOf(*model), logitsOf(*merged)) <= 1e-5);
    }

    void ourAdapterHasPeftsLayout()
    {
        CausalLM model = llama();
        makeOurAdapter(*model);
        const auto ours = logitsOf(*model);
        QTemporaryDir dir;
        const std::string folder = dir.filePath(QStringLiteral("adapter")).toStdString();
        saveLoraAdapter(*model, ourConfig(), folder);

        const SafetensorsFile file = SafetensorsFile::open(folder + "/adapter_model.safetensors");
        QCOMPARE(file.names().size(), std::size_t(16));
        QVERIFY(file.contains("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight"));
        QVERIFY(file.contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"));
        QCOMPARE(file.tensor("base_model.model.model.layers.1.mlp.down_proj.lora_A.weight").shape,
                 (std::vector<std::int64_t>{2, 96}));
        std::ifstream in(folder + "/adapter_config.json");
        const nlohmann::json config = nlohmann::json::parse(in);
        QCOMPARE(config.at("peft_type").get<std::string>(), std::string("LORA"));
        QCOMPARE(config.at("task_type").get<std::string>(), std::string("CAUSAL_LM"));
        QCOMPARE(config.at("r").get<int>(), 2);
        QCOMPARE(config.at("lora_alpha").get<double>(), 6.0);
        QCOMPARE(config.at("bias").get<std::string>(), std::string("none"));
        QCOMPARE(config.at("fan_in_fan_out").get<bool>(), false);

        // Round trip onto a fresh base.
        CausalLM reloaded = llama();
        loadLoraAdapter(*reloaded, folder);
        QCOMPARE(maxDiff(logitsOf(*reloaded), ours), 0.0);

        if (std::getenv("CRSW_WRITE_LORA_GOLDEN")) {
            saveLoraAdapter(*model, ourConfig(), kGolden + "/ours_adapter");
            std::vector<TensorToWrite> tensors;
            for (std::size_t i = 0; i < ours.size(); ++i)
                tensors.push_back({"logits." + std::to_string(i), TensorDType::F32, ours[i].sizes().vec(),
                                   ours[i].data_ptr()});
            writeSafetensors(kGolden + "/ours_logits.safetensors", tensors);
            QSKIP("wrote lora/ours_adapter; now run make_lora_goldens.py for PEFT's check");
        }
        // The committed adapter is what this code makes, and PEFT agreed with our logits on it.
        CausalLM committed = llama();
        loadLoraAdapter(*committed, kGolden + "/ours_adapter");
        QVERIFY(maxDiff(logitsOf(*committed), ours) <= 1e-6);
        QVERIFY(maxDiff(goldenLogits("ours_logits.safetensors"), ours) <= 1e-6);
        const nlohmann::json golden = goldenJson();
        QVERIFY2(golden.contains("peft_on_ours_max_abs_diff"), "run make_lora_goldens.py");
        const double peftDiff = golden.at("peft_on_ours_max_abs_diff").get<double>();
        qInfo("PEFT on our adapter: max-abs-diff of logits vs ours %.3g (make_lora_goldens.py)", peftDiff);
        QVERIFY(peftDiff <= 1e-4);
    }

    void loadErrorsNameTheProblem()
    {
        // A 2-layer adapter on the 3-layer Gemma 2 model: layer 2 is missing.
        CausalLM gemma = loadCausalLM(test::decoderGoldenDir("gemma2"));
        try {
            loadLoraAdapter(*gemma, kGolden + "/peft_adapter");
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("layers.2")), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("missing from the adapter")), e.what());
        }
        // DoRA and unknown targets.
        try {
            LoraConfig::fromJson(R"({"peft_type": "LORA", "r": 4, "target_modules": ["q_proj"], "use_dora": true})");
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("use_dora")), e.what());
        }
        try {
            parseLoraTargets("q_proj,qkv_proj");
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("qkv_proj")), e.what());
        }
        QCOMPARE(parseLoraTargets(" q_proj, v_proj,q_proj").size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestLoraAdapter)
#include "test_lora_adapter.moc"
