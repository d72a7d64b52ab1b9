// The SFT trainer on the tiny Llama golden and tests/data/train/chat_small.jsonl:
// LoRA and full fine-tuning lower the loss; metrics.jsonl and the outputs; a
// run cancelled at step k and resumed gives the uninterrupted run's loss curve
// and weights (1 thread, deterministic); pause checkpoints and waits; a
// finished run folder is not overwritten; bf16 autocast trains; the device
// choice (CPU here; on a CUDA machine the GPU run's first loss matches the
// CPU's); cancelling during an evaluation keeps the finished step.
#include "common/error.h"
#include "model/compute_device.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/safetensors_file.h"
#include "train/lora_adapter.h"
#include "train/sft_trainer.h"
#include "train/train_checkpoint.h"

#include "test_paths.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace crsw;

namespace {

const std::string kLlama = std::string(CRSW_MODEL_GOLDEN_DIR) + "/decoders/llama";

SftOptions baseOptions(const QString &runDir, TrainMethod method)
{
    SftOptions o;
    o.dataPath = test::fixture(QStringLiteral("train/chat_small.jsonl")).toStdString();
    o.baseFolder = kLlama;
    o.runDir = runDir.toStdString();
    o.method = method;
    o.lora.rank = 4;
    o.lora.alpha = 8;
    o.lora.dropout = 0.1; // exercises the RNG state on resume
    o.lora.targetModules = {"q_proj", "v_proj", "down_proj"};
    o.learningRate = method == TrainMethod::Lora ? 1e-2 : 2e-3;
    o.batchSize = 2;
    o.gradAccum = 2;
    o.maxSteps = 8;
    o.warmupSteps = 2;
    o.saveEvery = 3;
    o.threads = 1;
    o.seed = 5;
    return o;
}

std::vector<nlohmann::json> metricLines(const QString &runDir)
{
    std::ifstream in(runDir.toStdString() + "/metrics.jsonl");
    std::vector<nlohmann::json> lines;
    std::string line;
    while (std::getline(in, line))
        lines.push_back(nlohmann::json::parse(line));
    return lines;
}

std::vector<double> losses(const QString &runDir)
{
    std::vector<double> out;
    for (const auto &line : metricLines(runDir))
        if (line.contains("loss"))
            out.push_back(line["loss"].get<double>());
    return out;
}

/// Max |a - b| over the tensors two safetensors files share by name (all of them).
double fileDiff(const std::string &a, const std::string &b)
{
    const SafetensorsFile fa = SafetensorsFile::open(a), fb = SafetensorsFile::open(b);
    if (fa.names() != fb.names())
        return 1e30;
    double diff = 0.0;
    for (const std::string &name : fa.names()) {
        const auto va = fa.tensor(name).toFloat32(), vb = fb.tensor(name).toFloat32();
        for (std::size_t i = 0; i < va.size(); ++i)
            diff = std::max(diff, static_cast<double>(std::abs(va[i] - vb[i])));
    }
    return diff;
}

/// Runs `options`, cancelling right after step `cancelAt`; returns true when it was cancelled.
bool runCancelledAt(const SftOptions &options, std::int64_t cancelAt)
{
    Progress progress;
    SftHooks hooks;
    hooks.onStep = [&](const SftStepMetrics &m) {
        if (m.step == cancelAt)
            progress.cancel();
    };
    try {
        trainSft(options, progress, hooks);
    } catch (const Cancelled &) {
        return true;
    }
    return false;
}

void compareResume(TrainMethod method, const std::string &outputFile)
{
    QTemporaryDir dir;
    const QString straight = dir.filePath(QStringLiteral("straight"));
    const QString resumed = dir.filePath(QStringLiteral("resumed"));
    Progress progress;
    trainSft(baseOptions(straight, method), progress);

    QVERIFY(runCancelledAt(baseOptions(resumed, method), 5));
    QVERIFY(QFileInfo::exists(resumed + QStringLiteral("/checkpoints/step-00000005/trainer_state.json")));
    QCOMPARE(losses(resumed).size(), std::size_t(5));
    SftOptions again = baseOptions(resumed, method);
    again.resume = true;
    const SftResult result = trainSft(again, progress);
    QCOMPARE(result.startStep, std::int64_t(5));

    const auto a = losses(straight), b = losses(resumed);
    QCOMPARE(a.size(), std::size_t(8));
    QCOMPARE(b.size(), std::size_t(8));
    double diff = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff = std::max(diff, std::abs(a[i] - b[i]));
    const double weights = fileDiff(straight.toStdString() + outputFile, resumed.toStdString() + outputFile);
    qInfo("%s: resumed at step 5 of 8: max loss difference %.3g, max weight difference %.3g (losses %.4f -> %.4f)",
          trainMethodName(method).c_str(), diff, weights, a.front(), a.back());
    QVERIFY2(diff <= 1e-6, qPrintable(QString::number(diff)));
    QVERIFY2(weights <= 1e-6, qPrintable(QString::number(weights)));
}

} // namespace

class TestSftTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loraLowersTheLossAndWritesPeftAdapter()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        SftOptions options = baseOptions(run, TrainMethod::Lora);
        options.maxSteps = 12;
        options.lora.dropout = 0.0;
        options.saveMerged = true;
        Progress progress;
        const SftResult result = trainSft(options, progress);
        QCOMPARE(result.steps, std::int64_t(12));
        QCOMPARE(result.examples, std::size_t(12));
        const auto lines = metricLines(run);
        QCOMPARE(lines.size(), std::size_t(12));
        for (const char *key : {"step", "epoch", "loss", "lr", "grad_norm", "tokens", "tokens_per_s", "model", "method"})
            QVERIFY2(lines[3].contains(key), key);
        QCOMPARE(lines[0]["lr"].get<double>(), 0.0); // warm-up starts at 0, as transformers
        QCOMPARE(lines[2]["lr"].get<double>(), 1e-2);
        const double first = lines.front()["loss"].get<double>(), last = lines.back()["loss"].get<double>();
        qInfo("LoRA: loss %.4f -> %.4f in 12 steps, %.0f tokens/s", first, last, result.tokensPerSecond);
        QVERIFY(last < first * 0.8);

        // The adapter loads onto the base; the merged model gives the same logits.
        CausalLM adapted = loadCausalLM(kLlama);
        loadLoraAdapter(*adapted, run.toStdString() + "/adapter");
        CausalLM merged = loadCausalLM(run.toStdString() + "/merged");
        torch::NoGradGuard noGrad;
        const torch::Tensor ids = torch::tensor(std::vector<std::int64_t>{900, 17, 250, 33}, torch::kLong).unsqueeze(0);
        QVERIFY((adapted->forward(ids) - merged->forward(ids)).abs().max().item<double>() < 1e-4);
        QVERIFY(QFileInfo::exists(run + QStringLiteral("/run_config.json")));
        // Only the newest checkpoints are kept.
        QVERIFY(!QFileInfo::exists(run + QStringLiteral("/checkpoints/step-00000003")));
        QVERIFY(QFileInfo::exists(run + QStringLiteral("/checkpoints/step-00000012")));
    }

    void fullFineTuningLowersTheLoss()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        Progress progress;
        trainSft(baseOptions(run, TrainMethod::Full), progress);
        const auto l = losses(run);
        QVERIFY2(l.back() < l.front(), qPrintable(QStringLiteral("%1 -> %2").arg(l.front()).arg(l.back())));
        CausalLM model = loadCausalLM(run.toStdString() + "/model");
        QVERIFY(QFileInfo::exists(run + QStringLiteral("/model/tokenizer.json")));
    }

    void loraResumeGivesTheSameRun() { compareResume(TrainMethod::Lora, "/adapter/adapter_model.safetensors"); }
    void fullResumeGivesTheSameRun() { compareResume(TrainMethod::Full, "/model/model.safetensors"); }

    void pauseCheckpointsAndWaits()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        SftOptions options = baseOptions(run, TrainMethod::Lora);
        options.maxSteps = 4;
        options.saveEvery = 100;
        std::atomic_bool pause{false};
        std::atomic_bool sawCheckpoint{false};
        SftHooks hooks;
        hooks.pause = &pause;
        hooks.onStep = [&](const SftStepMetrics &m) {
            if (m.step == 2)
                pause = true;
        };
        std::thread resumer([&] {
            const std::string state = run.toStdString() + "/checkpoints/step-00000002/trainer_state.json";
            for (int i = 0; i < 600 && !std::filesystem::exists(state); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            sawCheckpoint = std::filesystem::exists(state) && losses(run).size() == 2;
            pause = false;
        });
        Progress progress;
        const SftResult result = trainSft(options, progress, hooks);
        resumer.join();
        QVERIFY(sawCheckpoint);
        QCOMPARE(result.steps, std::int64_t(4));
    }

    void aFinishedRunIsNotOverwritten()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        SftOptions options = baseOptions(run, TrainMethod::Lora);
        options.maxSteps = 1;
        Progress progress;
        trainSft(options, progress);
        try {
            trainSft(options, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("resume")), e.what());
        }
        // Resuming with other settings is refused, naming the setting.
        options.resume = true;
        options.seed = 6;
        try {
            trainSft(options, progress);
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("seed")), e.what());
        }
    }

    void bf16AutocastTrains()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        SftOptions options = baseOptions(run, TrainMethod::Lora);
        options.bf16 = true;
        options.maxSteps = 6;
        options.lora.dropout = 0.0;
        Progress progress;
        trainSft(options, progress);
        const auto l = losses(run);
        QVERIFY(std::isfinite(l.back()));
        QVERIFY2(l.back() < l.front(), qPrintable(QStringLiteral("%1 -> %2").arg(l.front()).arg(l.back())));
        // Autocast really ran in bf16: the first loss is close to fp32's but not equal.
        const QString fp32Run = dir.filePath(QStringLiteral("fp32"));
        options.runDir = fp32Run.toStdString();
        options.bf16 = false;
        options.maxSteps = 1;
        trainSft(options, progress);
        const double fp32 = losses(fp32Run).front();
        qInfo("first-step loss: fp32 %.6f, bf16 autocast %.6f", fp32, l.front());
        QVERIFY(l.front() != fp32);
        QVERIFY(std::abs(l.front() - fp32) < 0.05 * fp32);
    }

    void deviceIsChosenAndRecorded()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        SftOptions options = baseOptions(run, TrainMethod::Lora);
        options.maxSteps = 1;
        options.lora.dropout = 0.0;
        Progress progress;
        trainSft(options, progress); // device "auto"
        const std::string expected = computeInfo().cudaAvailable ? "cuda:0" : "cpu";
        QCOMPARE(QString::fromStdString(metricLines(run).front().value("device", "")), QString::fromStdString(expected));
        std::ifstream config(run.toStdString() + "/run_config.json");
        QCOMPARE(QString::fromStdString(nlohmann::json::parse(config).value("device", "")), QString::fromStdString(expected));

        options.runDir = dir.filePath(QStringLiteral("cuda")).toStdString();
        options.device = "cuda";
        if (!computeInfo().cudaAvailable) {
            try {
                trainSft(options, progress);
                QFAIL("expected an error");
            } catch (const Error &e) {
                QCOMPARE(QString::fromStdString(e.where().field), QStringLiteral("device"));
                QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("no CUDA device")), e.what());
            }
            QVERIFY(!QFileInfo::exists(QString::fromStdString(options.runDir + "/metrics.jsonl")));
            return;
        }
        // On a GPU: the same first step (same weights, same LoRA A drawn on the CPU).
        trainSft(options, progress);
        const double cpuLoss = [&] {
            SftOptions cpu = options;
            cpu.device = "cpu";
            cpu.runDir = dir.filePath(QStringLiteral("cpu")).toStdString();
            trainSft(cpu, progress);
            return losses(QString::fromStdString(cpu.runDir)).front();
        }();
        const double cudaLoss = losses(QString::fromStdString(options.runDir)).front();
        qInfo("first-step loss: CPU %.6f, CUDA %.6f", cpuLoss, cudaLoss);
        QVERIFY(std::abs(cpuLoss - cudaLoss) < 1e-3);
    }

    void cancelDuringEvaluationKeepsTheStep()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        SftOptions options = baseOptions(run, TrainMethod::Lora);
        options.maxSteps = 6;
        options.saveEvery = 100;
        Progress progress;
        SftHooks hooks;
        hooks.evalEvery = 2;
        hooks.evaluate = [&](const SftEvalContext &context) -> std::map<std::string, double> {
            if (context.step == 4) {
                progress.cancel(); // as the Cancel button during a long evaluation
                progress.throwIfCancelled();
            }
            return {{"score", 1.0}};
        };
        try {
            trainSft(options, progress, hooks);
            QFAIL("expected Cancelled");
        } catch (const Cancelled &) {
        }
        QCOMPARE(QFileInfo(QString::fromStdString(TrainCheckpoint::latest(run.toStdString()))).fileName(),
                 QStringLiteral("step-00000004"));

        // Resumed: step 4's evaluation is done first, then the run goes on (6 and the end).
        options.resume = true;
        Progress again;
        std::vector<std::int64_t> evaluated;
        hooks.evaluate = [&](const SftEvalContext &context) -> std::map<std::string, double> {
            evaluated.push_back(context.step);
            return {{"score", 1.0}};
        };
        trainSft(options, again, hooks);
        QCOMPARE(evaluated, (std::vector<std::int64_t>{4, 6}));
        std::vector<std::int64_t> evalLines;
        for (const auto &line : metricLines(run))
            if (line.contains("eval"))
                evalLines.push_back(line["step"].get<std::int64_t>());
        QCOMPARE(evalLines, (std::vector<std::int64_t>{2, 4, 6}));
    }
};

QTEST_GUILESS_MAIN(TestSftTrainer)
#include "test_sft_trainer.moc"
