// exportMergedModel (core/train/merged_export.h) on a tiny scratch Llama: a
// LoRA adapter with non-zero B, saved as a run's checkpoint is, merges into a
// folder whose logits are those of base + adapter (the base found through
// adapter_config.json or given); a base that is gone is named in the error;
// a failed, cancelled or refused export leaves no output folder (and no
// OUT.partial) behind, and a stale OUT.partial of a killed export is replaced.
#include "common/error.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/safetensors_file.h"
#include "train/lora_adapter.h"
#include "train/merged_export.h"
#include "train/scratch_model.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace crsw;

namespace {

ScratchModelOptions tinyModel(std::int64_t hidden = 32)
{
    ScratchModelOptions options;
    options.hiddenSize = hidden;
    options.layers = 2;
    options.heads = 2;
    options.kvHeads = 1;
    options.intermediateSize = 64;
    options.maxPositions = 64;
    return options;
}

LoraConfig loraOn(const std::string &baseFolder)
{
    LoraConfig config;
    config.rank = 4;
    config.alpha = 8.0;
    config.targetModules = loraTargetChoices(); // every projection
    config.baseModel = baseFolder;
    return config;
}

/// Attaches the adapter with B drawn as well (B = 0 would make merging a no-op).
void attachNonTrivialAdapter(CausalLMImpl &model, const LoraConfig &config)
{
    torch::manual_seed(7);
    applyLora(model, config);
    torch::NoGradGuard noGrad;
    for (auto &[name, tensor] : loraTensors(model))
        if (name.find("lora_B") != std::string::npos)
            tensor.copy_(torch::randn(tensor.sizes()) * 0.5);
}

torch::Tensor logitsOf(CausalLMImpl &model)
{
    torch::NoGradGuard noGrad;
    model.eval();
    const torch::Tensor ids = torch::tensor(std::vector<std::int64_t>{256, 72, 101, 108, 108, 111, 32, 119, 111, 114},
                                            torch::kLong)
                                  .unsqueeze(0);
    return model.forward(ids)[0];
}

double maxDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a - b).abs().max().item<double>();
}

bool exists(const std::string &path)
{
    return QFileInfo::exists(QString::fromStdString(path));
}

/// A scratch base in `base` and a non-trivial adapter on it in `adapter`;
/// returns the logits of base + adapter.
torch::Tensor writeBaseAndAdapter(const std::string &base, const std::string &adapter,
                                  const ScratchModelOptions &size = tinyModel())
{
    writeScratchModel(base, size);
    CausalLM model = loadCausalLM(base);
    const LoraConfig config = loraOn(base);
    attachNonTrivialAdapter(*model, config);
    saveLoraAdapter(*model, config, adapter);
    return logitsOf(*model);
}

} // namespace

class TestMergedExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void mergedModelGivesTheAdaptersLogits()
    {
        QTemporaryDir dir;
        const std::string base = dir.filePath(QStringLiteral("base")).toStdString();
        // Where a LoRA run keeps a checkpoint's adapter.
        const std::string adapter = dir.filePath(QStringLiteral("run/checkpoints/step-00000002")).toStdString();
        const torch::Tensor adapted = writeBaseAndAdapter(base, adapter);
        CausalLM plain = loadCausalLM(base);
        const double moved = maxDiff(logitsOf(*plain), adapted);
        QVERIFY2(moved > 1e-2, qPrintable(QString::number(moved))); // else the comparison below proves nothing

        const std::string out = dir.filePath(QStringLiteral("exports/merged")).toStdString();
        std::vector<std::string> stages;
        Progress progress([&stages](double, const std::string &message) { stages.push_back(message); });
        const MergedExport result = exportMergedModel({}, adapter, out, progress);
        QCOMPARE(QString::fromStdString(result.baseFolder), QString::fromStdString(base)); // from adapter_config.json
        QCOMPARE(QString::fromStdString(result.outFolder), QDir::cleanPath(QString::fromStdString(out)));
        QCOMPARE(result.adaptedModules, std::int64_t(14)); // 7 projections x 2 layers
        QVERIFY(!stages.empty());

        const SafetensorsFile file = SafetensorsFile::open(out + "/model.safetensors");
        for (const std::string &name : file.names())
            QVERIFY2(name.find("lora") == std::string::npos, name.c_str());
        QVERIFY(exists(out + "/tokenizer.json"));
        QVERIFY(exists(out + "/config.json"));
        QVERIFY(!exists(out + ".partial"));
        CausalLM merged = loadCausalLM(out);
        const double diff = maxDiff(logitsOf(*merged), adapted);
        qInfo("merged export: max-abs-diff of logits vs base + adapter %.3g (the adapter moves them by %.3g)", diff,
              moved);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));

        // The base given explicitly, and bfloat16 weights.
        const std::string outBf16 = dir.filePath(QStringLiteral("exports/merged-bf16")).toStdString();
        Progress quiet;
        QCOMPARE(QString::fromStdString(exportMergedModel(base, adapter, outBf16, quiet, true).baseFolder),
                 QString::fromStdString(base));
        std::ifstream in(outBf16 + "/config.json");
        QCOMPARE(nlohmann::json::parse(in).at("torch_dtype").get<std::string>(), std::string("bfloat16"));
        CausalLM mergedBf16 = loadCausalLM(outBf16);
        QVERIFY(maxDiff(logitsOf(*mergedBf16), adapted) < 0.1);
    }

    void missingBaseIsNamed()
    {
        QTemporaryDir dir;
        const std::string base = dir.filePath(QStringLiteral("moved-base")).toStdString();
        const std::string adapter = dir.filePath(QStringLiteral("adapter")).toStdString();
        writeBaseAndAdapter(base, adapter);
        QVERIFY(QDir(QString::fromStdString(base)).removeRecursively());
        const std::string out = dir.filePath(QStringLiteral("merged")).toStdString();
        Progress progress;
        try {
            exportMergedModel({}, adapter, out, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(adapter + "/adapter_config.json: base_model_name_or_path: ")),
                     e.what());
            QVERIFY2(message.contains(QString::fromStdString(base)), e.what());
            QVERIFY2(message.contains(QStringLiteral("does not exist")), e.what());
        }
        QVERIFY(!exists(out));
        QVERIFY(!exists(out + ".partial"));
        // A base given explicitly that is not there.
        const std::string nowhere = dir.filePath(QStringLiteral("nowhere")).toStdString();
        try {
            exportMergedModel(nowhere, adapter, out, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(nowhere)), e.what());
        }
        QVERIFY(!exists(out));
    }

    void badInputNamesTheFile()
    {
        QTemporaryDir dir;
        const std::string base = dir.filePath(QStringLiteral("base")).toStdString();
        const std::string adapter = dir.filePath(QStringLiteral("adapter")).toStdString();
        writeBaseAndAdapter(base, adapter);
        const std::string out = dir.filePath(QStringLiteral("merged")).toStdString();
        Progress progress;

        // Not an adapter folder: the missing file is named.
        try {
            exportMergedModel(base, base, out, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("adapter_config.json")), e.what());
        }
        // An adapter made for a wider model: its tensors do not fit this base.
        const std::string wideBase = dir.filePath(QStringLiteral("wide-base")).toStdString();
        const std::string wideAdapter = dir.filePath(QStringLiteral("wide-adapter")).toStdString();
        writeBaseAndAdapter(wideBase, wideAdapter, tinyModel(48));
        try {
            exportMergedModel(base, wideAdapter, out, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("adapter_model.safetensors")), e.what());
        }
        QVERIFY(!exists(out));
        QVERIFY(!exists(out + ".partial"));

        // A folder that is not empty is never written into.
        const std::string taken = dir.filePath(QStringLiteral("taken")).toStdString();
        QVERIFY(QDir().mkpath(QString::fromStdString(taken)));
        QFile keep(QString::fromStdString(taken + "/keep.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.close();
        try {
            exportMergedModel(base, adapter, taken, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not empty")), e.what());
        }
        QVERIFY(exists(taken + "/keep.txt"));
        QVERIFY(!exists(taken + "/model.safetensors"));
    }

    void interruptedExportLeavesNoHalfFolder()
    {
        QTemporaryDir dir;
        const std::string base = dir.filePath(QStringLiteral("base")).toStdString();
        const std::string adapter = dir.filePath(QStringLiteral("adapter")).toStdString();
        writeBaseAndAdapter(base, adapter);
        const std::string out = dir.filePath(QStringLiteral("merged")).toStdString();

        // Cancelled once the writing has started: the files written so far go with OUT.partial.
        Progress *self = nullptr;
        Progress progress([&self](double, const std::string &message) {
            if (message.rfind("writing", 0) == 0)
                self->cancel();
        });
        self = &progress;
        QVERIFY_THROWS_EXCEPTION(Cancelled, exportMergedModel({}, adapter, out, progress));
        QVERIFY(!exists(out));
        QVERIFY(!exists(out + ".partial"));

        // What a killed export leaves (OUT.partial with some files) is replaced by the next one.
        QVERIFY(QDir().mkpath(QString::fromStdString(out + ".partial")));
        QFile stale(QString::fromStdString(out + ".partial/model.safetensors"));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("half");
        stale.close();
        // An empty OUT (a folder chosen in a dialog) is fine.
        QVERIFY(QDir().mkpath(QString::fromStdString(out)));
        Progress fresh;
        exportMergedModel({}, adapter, out, fresh);
        QVERIFY(!exists(out + ".partial"));
        QVERIFY(SafetensorsFile::open(out + "/model.safetensors").names().size() > 10);
        CausalLM merged = loadCausalLM(out);
        QVERIFY(merged->config().numHiddenLayers == 2);
    }
};

QTEST_GUILESS_MAIN(TestMergedExport)
#include "test_merged_export.moc"
