// Loading decoders: a broken checkpoint (missing tensor, wrong shape, integer
// dtype, unsupported architecture) fails with an error naming the file and the
// tensor or key; unused tensors are ignored; bf16 loading works.
#include "decoder_test_support.h"

#include "common/error.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/safetensors_writer.h"

#include "test_files.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/csrc/autograd/grad_mode.h>

using namespace crsw;

namespace {

/// Writes `folder`/model.safetensors from the golden checkpoint of `arch`,
/// with `edit` applied to the tensor list first, and copies its config.json.
void writeVariant(const QString &folder, const std::string &arch,
                  const std::function<void(std::vector<TensorToWrite> &)> &edit)
{
    const SafetensorsFile source = SafetensorsFile::open(test::decoderGoldenDir(arch) + "/model.safetensors");
    std::vector<TensorToWrite> tensors;
    for (const std::string &name : source.names()) {
        const TensorView &view = source.tensor(name);
        tensors.push_back({name, view.dtype, view.shape, view.data});
    }
    edit(tensors);
    writeSafetensors((folder + QStringLiteral("/model.safetensors")).toStdString(), tensors);
    test::writeBytes(folder + QStringLiteral("/config.json"),
                     test::readBytes(QString::fromStdString(test::decoderGoldenDir(arch) + "/config.json")));
}

/// The message of the crsw::Error loading `folder` throws ("" when it loads).
QString loadError(const QString &folder)
{
    try {
        loadCausalLM(folder.toStdString());
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void drop(std::vector<TensorToWrite> &tensors, const std::string &name)
{
    const auto named = [&](const TensorToWrite &t) { return t.name == name; };
    tensors.erase(std::remove_if(tensors.begin(), tensors.end(), named), tensors.end());
}

} // namespace

class TestDecoderCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void missingTensor()
    {
        QTemporaryDir dir;
        writeVariant(dir.path(), "llama", [](auto &t) { drop(t, "model.layers.1.mlp.up_proj.weight"); });
        const QString error = loadError(dir.path());
        QVERIFY2(error.contains(dir.path() + QStringLiteral("/model.safetensors: model.layers.1.mlp.up_proj.weight: "
                                                           "missing from the checkpoint")),
                 qPrintable(error));
    }

    void missingUntiedHead()
    {
        QTemporaryDir dir;
        writeVariant(dir.path(), "qwen2", [](auto &t) { drop(t, "lm_head.weight"); });
        const QString error = loadError(dir.path());
        QVERIFY2(error.contains(QStringLiteral("model.safetensors: lm_head.weight: missing")), qPrintable(error));
    }

    void wrongShape()
    {
        QTemporaryDir dir;
        writeVariant(dir.path(), "llama", [](auto &t) {
            for (TensorToWrite &tensor : t)
                if (tensor.name == "model.layers.0.self_attn.k_proj.weight")
                    tensor.shape = {16, 64}; // half the rows: as if num_key_value_heads were 1
        });
        const QString error = loadError(dir.path());
        QVERIFY2(error.contains(QStringLiteral("model.safetensors: model.layers.0.self_attn.k_proj.weight: "
                                               "shape [16, 64], but LlamaForCausalLM with this config.json "
                                               "needs [32, 64]")),
                 qPrintable(error));
    }

    void integerTensor()
    {
        QTemporaryDir dir;
        std::vector<std::int32_t> ints(64, 1);
        writeVariant(dir.path(), "llama", [&](auto &t) {
            for (TensorToWrite &tensor : t)
                if (tensor.name == "model.norm.weight") {
                    tensor.dtype = TensorDType::I32;
                    tensor.data = ints.data();
                }
        });
        const QString error = loadError(dir.path());
        QVERIFY2(error.contains(QStringLiteral("model.norm.weight: dtype I32 is not a floating-point type")),
                 qPrintable(error));
    }

    void unsupportedArchitecture()
    {
        QTemporaryDir dir;
        writeVariant(dir.path(), "llama", [](auto &) {});
        std::string config = test::readBytes(dir.path() + QStringLiteral("/config.json"));
        config.replace(config.find("LlamaForCausalLM"), 16, "MistralForCausalLM");
        test::writeBytes(dir.path() + QStringLiteral("/config.json"), config);
        const QString error = loadError(dir.path());
        QVERIFY2(error.contains(QStringLiteral("config.json: architectures: unsupported 'MistralForCausalLM'")),
                 qPrintable(error));
    }

    void unusedTensorsIgnored()
    {
        // Tied checkpoints sometimes carry lm_head.weight anyway; old ones carry rotary buffers.
        QTemporaryDir dir;
        std::vector<float> extra(905 * 64, 0.0f);
        writeVariant(dir.path(), "llama", [&](auto &t) {
            t.push_back({"lm_head.weight", TensorDType::F32, {905, 64}, extra.data()});
            t.push_back({"model.layers.0.self_attn.rotary_emb.inv_freq", TensorDType::F32, {8}, extra.data()});
        });
        QCOMPARE(loadError(dir.path()), QString());
    }

    void bf16Compute()
    {
        // Loading into bf16 runs the bf16 arithmetic path; the argmax mostly agrees with fp32.
        torch::NoGradGuard noGrad;
        DecoderLoadOptions options;
        options.dtype = torch::kBFloat16;
        CausalLM half = loadCausalLM(test::decoderGoldenDir("gemma2"), options);
        CausalLM full = loadCausalLM(test::decoderGoldenDir("gemma2"));
        QCOMPARE(half->model->embed_tokens->weight.scalar_type(), torch::kBFloat16);
        const auto seq = test::decoderGoldenJson("gemma2").at("sequences")[0].get<std::vector<std::int64_t>>();
        const torch::Tensor a = half->forward(test::idsTensor(seq))[0].to(torch::kFloat);
        const torch::Tensor b = full->forward(test::idsTensor(seq))[0];
        QVERIFY(torch::isfinite(a).all().item<bool>());
        const double agree = (a.argmax(-1) == b.argmax(-1)).to(torch::kFloat).mean().item<double>();
        QVERIFY2(agree >= 0.75, qPrintable(QString::number(agree)));
    }
};

QTEST_GUILESS_MAIN(TestDecoderCheckpoint)
#include "test_decoder_checkpoint.moc"
