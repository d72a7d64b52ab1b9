// GUI test of the Fine-tuning page, offscreen, on the tiny Llama golden
// (tests/golden/model/decoders/llama) and tests/data/finetuning/chat_tiny.jsonl:
// the base check on a worker thread for a good folder (architecture,
// parameter and LoRA counts, memory table) and for broken ones (no
// tokenizer.json, no weights, an unsupported architecture) with the
// messages shown; Scratch writing a small model whose BPE tokenizer is learnt
// from the training data (reused when pressed again, following other data),
// and the form's scratch defaults (full, 1e-3, evaluation every 125 steps)
// against a real checkpoint's (LoRA, 2e-4); the device choice (Automatic, CPU, one entry per CUDA
// device: none here, with the reason shown), saved across sessions, followed
// by "Try it" and the memory table, and refused at Start when its GPU is
// gone; a LoRA run on the resolved device whose loss points reach the plot (and the
// He et al. evaluation's Recall@k/NDCG@k points, on the small benchmark
// fixture), paused (a checkpoint, no steps while paused) and resumed,
// cancelled (a checkpoint), refused a fresh Start in the same folder, then
// resumed from its checkpoint to the end with the curve continued; the
// checkpoint table; the adapter exported in PEFT layout; a checkpoint's
// adapter exported as a merged model (and refused into a used folder); "Try it" replying
// with the trained adapter; the page enabled in the main window.
#include "finetuningpage.h"
#include "jobrunner.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "pagecatalog.h"
#include "trainingbasepanel.h"
#include "trainingchatbox.h"
#include "trainingcheckpointmodel.h"
#include "trainingdevicecombo.h"
#include "trainingplot.h"
#include "trainingrunfolder.h"
#include "trainingsettingsform.h"

#include "model/compute_device.h"
#include "model/model_config.h"
#include "pipeline/workspace.h"
#include "train/lora_config.h"

#include "gui_grab.h"
#include "test_paths.h"

#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace crsw;

namespace {

constexpr int kTimeoutMs = 120000;
const QString kLlama = QStringLiteral(CRSW_MODEL_GOLDEN_DIR "/decoders/llama");

// A copy of the tiny Llama folder in `dir`, less `drop`, with `config` replacing config.json when set.
QString brokenCopy(const QTemporaryDir &dir, const QString &name, const QString &drop, const QByteArray &config = {})
{
    const QString target = dir.filePath(name);
    QDir().mkpath(target);
    const QStringList files = QDir(kLlama).entryList(QDir::Files);
    for (const QString &file : files)
        if (file != drop)
            QFile::copy(QDir(kLlama).filePath(file), QDir(target).filePath(file));
    if (!config.isEmpty()) {
        QFile out(QDir(target).filePath(QStringLiteral("config.json")));
        QFile::remove(out.fileName());
        if (out.open(QIODevice::WriteOnly))
            out.write(config);
    }
    return target;
}

// The losses metrics.jsonl holds, by step.
QMap<qint64, double> fileLosses(const QString &runDir)
{
    QMap<qint64, double> losses;
    QFile file(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")));
    if (!file.open(QIODevice::ReadOnly))
        return losses;
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        if (line.contains(QStringLiteral("loss")))
            losses.insert(qint64(line.value(QStringLiteral("step")).toDouble()), line.value(QStringLiteral("loss")).toDouble());
    }
    return losses;
}

int rowNamed(const TrainingCheckpointModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->entry(row).name == name)
            return row;
    return -1;
}

// What the form ticks bf16 autocast for: a CUDA device, or a CPU with AVX-512 BF16 or AMX.
bool fastBf16()
{
    if (QString::fromStdString(resolveComputeDevice("auto")).startsWith(QStringLiteral("cuda")))
        return true;
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = cpuinfo.readAll();
    return text.contains(" avx512_bf16") || text.contains(" amx_bf16");
}

// Saves a grab of `widget` into $CRSW_GUI_GRABS when set.
void grab(QWidget &widget, const QString &name)
{
    test::saveGuiGrab(widget, QStringLiteral("finetuning-") + name, 100);
}

} // namespace

class TestFinetuningPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void validatesAGoodCheckpoint()
    {
        JobRunner runner;
        FinetuningPage page(&runner);
        TrainingBasePanel *base = page.basePanel();
        base->setFolder(kLlama);
        QCOMPARE(base->state(), TrainingBasePanel::State::Checking);
        QTRY_COMPARE_WITH_TIMEOUT(base->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        const ModelConfig config = ModelConfig::fromFile(kLlama.toStdString());
        QCOMPARE(base->info()->parameters, config.parameterCount());
        // LoRA rank 8 on q_proj (64 -> 64) and v_proj (64 -> 32) of 2 layers: 2 x 8 x (128 + 96).
        QCOMPARE(base->info()->loraParameters, std::int64_t(3584));
        QVERIFY2(base->message().startsWith(QStringLiteral("Llama: ")), qPrintable(base->message()));
        QVERIFY2(base->message().contains(QStringLiteral("2 layers")), qPrintable(base->message()));
        const QLabel *memory = base->findChild<QLabel *>(QStringLiteral("baseMemory"));
        QVERIFY(memory->text().contains(QStringLiteral("Full fine-tuning")));
        QVERIFY(memory->text().contains(QStringLiteral("LoRA (3,584 trainable)")));
        // Full fp32: 16 bytes a parameter (weights, gradients, two moments).
        QCOMPARE(base->info()->fullFp32.total(), config.parameterCount() * 16);
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("startTrainingButton"))->isEnabled());
        // A pretrained checkpoint keeps the LoRA defaults.
        QVERIFY(!base->isScratch());
        const SftOptions options = page.form()->options();
        QCOMPARE(options.method, TrainMethod::Lora);
        QVERIFY(qFuzzyCompare(options.learningRate, 2e-4));
        QVERIFY(!options.bf16);
        QVERIFY(!page.form()->evalSettings().enabled());
        // The rank follows the form.
        page.form()->setLoraRank(4);
        QCOMPARE(base->info()->loraParameters, std::int64_t(1792));
    }

    void writesAndChecksAScratchModel()
    {
        // Without training data: the byte-level tokenizer, and the summary says why.
        QTemporaryDir dir;
        JobRunner runner;
        FinetuningPage page(&runner);
        TrainingBasePanel *base = page.basePanel();
        const QString models = dir.filePath(QStringLiteral("models"));
        base->setModelsFolder(models);
        const QString folder = models + QStringLiteral("/scratch-byte-llama");
        QCOMPARE(base->scratchFolder(), folder);
        base->findChild<QPushButton *>(QStringLiteral("scratchModelButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(base->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        QCOMPARE(base->folder(), folder);
        QVERIFY2(base->message().startsWith(QStringLiteral("Llama: ")), qPrintable(base->message()));
        QVERIFY2(base->message().contains(QStringLiteral("one token per byte: no training data")), qPrintable(base->message()));
        QVERIFY(base->isScratch());
        QCOMPARE(base->tokenizerData(), QString());
        QVERIFY(QFileInfo::exists(folder + QStringLiteral("/tokenizer.json")));
        QCOMPARE(page.form()->options().method, TrainMethod::Full);
    }

    void writingAScratchModelShowsProgressAndCancels()
    {
        // Chat data of made-up words: thousands of merges to learn, seconds of work.
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("made-up.chat.jsonl"));
        {
            QFile out(data);
            QVERIFY(out.open(QIODevice::WriteOnly));
            std::mt19937 random(7);
            const auto word = [&] {
                QString text;
                for (int i = 0, length = 3 + static_cast<int>(random() % 7); i < length; ++i)
                    text += QChar(u'a' + static_cast<char16_t>(random() % 26));
                return text;
            };
            for (int line = 0; line < 4000; ++line) {
                QStringList request, titles;
                for (int i = 0; i < 60; ++i)
                    request << word();
                for (int i = 0; i < 20; ++i)
                    titles << QStringLiteral("%1. %2 %3").arg(i + 1).arg(word(), word());
                const QJsonArray messages{
                    QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                {QStringLiteral("content"), request.join(QLatin1Char(' '))}},
                    QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                {QStringLiteral("content"), titles.join(QLatin1Char('\n'))}}};
                out.write(QJsonDocument(QJsonObject{{QStringLiteral("messages"), messages}})
                              .toJson(QJsonDocument::Compact)
                          + '\n');
            }
        }
        JobRunner runner;
        TrainingBasePanel base(&runner);
        const QString models = dir.filePath(QStringLiteral("models"));
        base.setModelsFolder(models);
        base.setTrainingData(data);
        const QString folder = base.scratchFolder();
        QPushButton *scratch = base.findChild<QPushButton *>(QStringLiteral("scratchModelButton"));
        QLabel *summary = base.findChild<QLabel *>(QStringLiteral("baseSummary"));

        // The button turns into Cancel, and the summary follows the tokenizer being learnt.
        scratch->click();
        QVERIFY(base.isWritingScratchModel());
        QCOMPARE(scratch->text(), QStringLiteral("Cancel"));
        QTRY_VERIFY2_WITH_TIMEOUT(summary->text().contains(QStringLiteral(" of 4096 tokens (")), qPrintable(summary->text()),
                                  kTimeoutMs);
        QVERIFY2(base.isWritingScratchModel(), "the tokenizer was learnt before the test could cancel it");
        base.resize(900, 160);
        grab(base, QStringLiteral("scratch-progress"));
        scratch->click();
        QTRY_VERIFY_WITH_TIMEOUT(!base.isWritingScratchModel(), kTimeoutMs);
        QCOMPARE(base.state(), TrainingBasePanel::State::Invalid);
        QCOMPARE(summary->text(), QStringLiteral("Writing the scratch model was cancelled."));
        QCOMPARE(scratch->text(), QStringLiteral("Scratch"));
        // Nothing half-written is left behind, and Scratch starts over.
        QVERIFY(!QFileInfo::exists(folder));
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral(".partial")));
        scratch->click();
        QVERIFY(base.isWritingScratchModel());

        // Choosing another base stops the write too.
        base.setFolder(kLlama);
        QTRY_COMPARE_WITH_TIMEOUT(base.state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!base.isWritingScratchModel(), kTimeoutMs);
        QCOMPARE(base.folder(), kLlama);
        QVERIFY(!QFileInfo::exists(folder));

        // So does another workspace (another models folder).
        scratch->click();
        QVERIFY(base.isWritingScratchModel());
        base.setModelsFolder(dir.filePath(QStringLiteral("other-workspace/models")));
        QTRY_VERIFY_WITH_TIMEOUT(!base.isWritingScratchModel(), kTimeoutMs);
        QCOMPARE(summary->text(), QStringLiteral("Writing the scratch model was cancelled."));
        QVERIFY(!QFileInfo::exists(folder));
    }

    void scratchLearnsItsTokenizerFromTheTrainingData()
    {
        // A workspace whose synthetic/ holds the chat data and which has a test set.
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("ws"));
        auto workspace = std::make_shared<Workspace>(Workspace::create(root.toStdString(), "scratch"));
        const QString data = root + QStringLiteral("/synthetic/demo.chat.jsonl");
        QVERIFY(QFile::copy(test::fixture(QStringLiteral("finetuning/chat_tiny.jsonl")), data));
        workspace->setBenchmark({"small", test::fixture(QStringLiteral("benchmark/he_test_small.jsonl")).toStdString(),
                                 test::fixture(QStringLiteral("benchmark/entity2id_small.json")).toStdString(), ""});
        workspace->save();
        JobRunner runner;
        FinetuningPage page(&runner);
        page.resize(1280, 800);
        page.show();
        page.setWorkspace(workspace);
        TrainingBasePanel *base = page.basePanel();
        TrainingSettingsForm *form = page.form();
        QCOMPARE(form->dataPath(), data);
        const QString folder = root + QStringLiteral("/models/scratch-bpe4096-demo.chat");
        QCOMPARE(base->scratchFolder(), folder);
        // Before: a real checkpoint's defaults.
        QCOMPARE(form->options().method, TrainMethod::Lora);
        QVERIFY(qFuzzyCompare(form->options().learningRate, 2e-4));
        QVERIFY(!form->evalSettings().enabled());

        QPushButton *scratch = base->findChild<QPushButton *>(QStringLiteral("scratchModelButton"));
        QVERIFY(scratch->isVisible());
        scratch->click();
        QCOMPARE(base->folder(), folder); // shown at once, checked once written
        QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("startTrainingButton"))->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(base->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        QCOMPARE(base->folder(), folder);
        QVERIFY(base->isScratch());
        QCOMPARE(base->tokenizerData(), data);
        QVERIFY2(base->message().contains(QStringLiteral("tokenizer was learnt from %1").arg(QDir::toNativeSeparators(data))),
                 qPrintable(base->message()));
        // config.json names the data; tokenizer.json holds the merges learnt from it.
        QFile configFile(folder + QStringLiteral("/config.json"));
        QVERIFY(configFile.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(configFile.readAll()).object();
        QCOMPARE(config.value(QStringLiteral("crsw_scratch")).toBool(), true);
        QCOMPARE(config.value(QStringLiteral("crsw_tokenizer_data")).toString(), data);
        QFile tokenizerFile(folder + QStringLiteral("/tokenizer.json"));
        QVERIFY(tokenizerFile.open(QIODevice::ReadOnly));
        const QJsonObject tokenizer = QJsonDocument::fromJson(tokenizerFile.readAll()).object();
        QVERIFY(!tokenizer.value(QStringLiteral("model")).toObject().value(QStringLiteral("merges")).toArray().isEmpty());
        QVERIFY(base->info()->vocabulary > 256 + 8);

        // The form: full fine-tuning at 1e-3, the evaluation every 125 steps, bf16 where it is fast.
        SftOptions options = form->options();
        QCOMPARE(options.method, TrainMethod::Full);
        QVERIFY(qFuzzyCompare(options.learningRate, 1e-3));
        QCOMPARE(options.epochs, 3);
        QCOMPARE(options.batchSize, 4);
        QVERIFY(qFuzzyCompare(options.warmupRatio, 0.03));
        QCOMPARE(options.maxTokens, std::size_t(1024));
        QCOMPARE(options.bf16, fastBf16());
        QVERIFY(form->evalSettings().enabled());
        QCOMPARE(form->evalSettings().every, 125);
        QVERIFY(form->findChild<QLabel *>(QStringLiteral("methodNote"))->isVisible());
        QCOMPARE(form->runDir(), root + QStringLiteral("/runs/sft-scratch-bpe4096-demo.chat-full"));
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("startTrainingButton"))->isEnabled());
        grab(page, QStringLiteral("scratch"));

        // Pressed again: the model written for this data is reused, not rewritten.
        const QDateTime written = QFileInfo(folder + QStringLiteral("/model.safetensors")).lastModified();
        QTest::qWait(20);
        scratch->click();
        QTRY_COMPARE_WITH_TIMEOUT(base->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        QCOMPARE(QFileInfo(folder + QStringLiteral("/model.safetensors")).lastModified(), written);
        QCOMPARE(base->folder(), folder);
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral("-2")));

        // The data rewritten since (a new synthesis): a new model beside the old one, which
        // earlier runs still need, never a rewrite in place.
        {
            QFile rewritten(data);
            QVERIFY(rewritten.open(QIODevice::ReadWrite));
            QVERIFY(rewritten.setFileTime(written.addSecs(60), QFileDevice::FileModificationTime));
        }
        scratch->click();
        QTRY_COMPARE_WITH_TIMEOUT(base->folder(), folder + QStringLiteral("-2"), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(base->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        QCOMPARE(QFileInfo(folder + QStringLiteral("/model.safetensors")).lastModified(), written);
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral("-2.partial")));

        // Other training data: the scratch base follows it (its own folder and tokenizer).
        const QString other = root + QStringLiteral("/synthetic/other.chat.jsonl");
        QVERIFY(QFile::copy(data, other));
        form->setDataPath(other);
        const QString otherFolder = root + QStringLiteral("/models/scratch-bpe4096-other.chat");
        QTRY_COMPARE_WITH_TIMEOUT(base->folder(), otherFolder, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(base->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        QCOMPARE(base->tokenizerData(), other);
        QVERIFY2(base->message().contains(QStringLiteral("learnt from %1").arg(QDir::toNativeSeparators(other))),
                 qPrintable(base->message()));
        QCOMPARE(form->options().method, TrainMethod::Full);

        // A rate the user chose is kept; a real checkpoint gets LoRA and fp32 back.
        form->findChild<QDoubleSpinBox *>(QStringLiteral("learningRate"))->setValue(5e-4);
        base->setFolder(kLlama);
        QTRY_COMPARE_WITH_TIMEOUT(base->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        QVERIFY(!base->isScratch());
        options = form->options();
        QCOMPARE(options.method, TrainMethod::Lora);
        QVERIFY(qFuzzyCompare(options.learningRate, 5e-4));
        QVERIFY(!options.bf16);
        QVERIFY(!form->evalSettings().enabled());
        QVERIFY(!form->findChild<QLabel *>(QStringLiteral("methodNote"))->isVisible());
        // The data changing now leaves a real checkpoint alone.
        form->setDataPath(data);
        QTRY_VERIFY_WITH_TIMEOUT(!base->isFollowingData(), kTimeoutMs);
        QCOMPARE(base->folder(), kLlama);
    }

    void rejectsBrokenFolders_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("drop");
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("no tokenizer") << "notok" << "tokenizer.json" << QByteArray()
                                      << "tokenizer.json is missing";
        QTest::newRow("no weights") << "noweights" << "model.safetensors" << QByteArray()
                                    << "no weights: neither model.safetensors";
        QTest::newRow("unsupported architecture")
            << "gpt2" << QString()
            << QByteArray(R"({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 64})")
            << "unsupported 'GPT2LMHeadModel'";
        QTest::newRow("no folder") << QString() << QString() << QByteArray() << "no such folder";
    }

    void rejectsBrokenFolders()
    {
        QFETCH(QString, name);
        QFETCH(QString, drop);
        QFETCH(QByteArray, config);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString folder = name.isEmpty() ? dir.filePath(QStringLiteral("absent")) : brokenCopy(dir, name, drop, config);
        JobRunner runner;
        FinetuningPage page(&runner);
        page.basePanel()->setFolder(folder);
        QTRY_COMPARE_WITH_TIMEOUT(page.basePanel()->state(), TrainingBasePanel::State::Invalid, kTimeoutMs);
        QVERIFY2(page.basePanel()->message().startsWith(QStringLiteral("Cannot fine-tune this folder: ")),
                 qPrintable(page.basePanel()->message()));
        QVERIFY2(page.basePanel()->message().contains(message), qPrintable(page.basePanel()->message()));
        QVERIFY(!page.basePanel()->info());
        QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("startTrainingButton"))->isEnabled());
        QVERIFY(!page.startTraining());
        QVERIFY(page.banner()->text().contains(QStringLiteral("base model")));
    }

    void deviceChoiceIsListedSavedAndFollowed()
    {
        QSettings().remove(QStringLiteral("training/device"));
        JobRunner runner;
        FinetuningPage page(&runner);
        TrainingSettingsForm *form = page.form();
        TrainingDeviceCombo *combo = form->deviceCombo();
        QCOMPARE(combo->objectName(), QStringLiteral("deviceCombo"));
        const ComputeInfo info = computeInfo();
        const int gpus = info.cudaAvailable ? info.cudaDevices : 0;
        QCOMPARE(combo->count(), 2 + gpus);
        QCOMPARE(combo->itemData(0).toString(), QStringLiteral("auto"));
        QVERIFY(combo->itemText(0).startsWith(QStringLiteral("Automatic")));
        QCOMPARE(combo->itemData(1).toString(), QStringLiteral("cpu"));
        QCOMPARE(form->device(), QStringLiteral("auto"));
        QCOMPARE(form->options().device, std::string("auto"));
        const QLabel *note = form->findChild<QLabel *>(QStringLiteral("deviceNote"));
        QVERIFY(note);
        if (gpus == 0) {
            // This machine: no CUDA entry, and the form says why.
            QVERIFY(!form->setDevice(QStringLiteral("cuda:0")));
            QVERIFY2(note->text().startsWith(QStringLiteral("No CUDA device: this libtorch build (")), qPrintable(note->text()));
            QVERIFY(note->text().contains(QString::fromStdString(info.torchVersion)));
            QCOMPARE(combo->toolTip(), note->text());
        }

        // The memory table names the memory of the resolved device.
        page.basePanel()->setFolder(kLlama);
        QTRY_COMPARE_WITH_TIMEOUT(page.basePanel()->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        const QLabel *memory = page.basePanel()->findChild<QLabel *>(QStringLiteral("baseMemory"));
        QVERIFY2(memory->text().contains(gpus == 0 ? QStringLiteral("RAM on the CPU") : QStringLiteral("GPU memory on cuda:0")),
                 qPrintable(memory->text()));

        // A machine with two GPUs lists both; the choice reaches the options and "Try it".
        ComputeInfo twoGpus = info;
        twoGpus.cudaAvailable = true;
        twoGpus.cudaDevices = 2;
        combo->setComputeInfo(twoGpus);
        QCOMPARE(combo->count(), 4);
        QCOMPARE(combo->itemData(3).toString(), QStringLiteral("cuda:1"));
        QVERIFY(form->setDevice(QStringLiteral("cuda:1")));
        QCOMPARE(form->options().device, std::string("cuda:1"));
        QCOMPARE(page.chatBox()->device(), QStringLiteral("cuda:1"));
        if (gpus < 2) {
            // Start refuses a GPU libtorch does not see, saying which.
            QTemporaryDir dir;
            form->setDataPath(test::fixture(QStringLiteral("finetuning/chat_tiny.jsonl")));
            form->setRunDir(dir.filePath(QStringLiteral("run")));
            QVERIFY(!page.startTraining());
            QVERIFY2(page.banner()->text().contains(QStringLiteral("Cannot train on the chosen device")),
                     qPrintable(page.banner()->text()));
            QVERIFY2(page.banner()->text().contains(QStringLiteral("cuda:1")), qPrintable(page.banner()->text()));
            QVERIFY(!page.isRunning());
            // Back on this machine cuda:1 is not listed: Automatic.
            combo->setComputeInfo(info);
            QCOMPARE(form->device(), QStringLiteral("auto"));
            QCOMPARE(page.chatBox()->device(), QStringLiteral("auto"));
        }

        // The choice is saved and the next page (session) starts with it.
        QVERIFY(form->setDevice(QStringLiteral("cpu")));
        QCOMPARE(page.chatBox()->device(), QStringLiteral("cpu"));
        QVERIFY(memory->text().contains(QStringLiteral("RAM on the CPU")));
        {
            FinetuningPage next(&runner);
            QCOMPARE(next.form()->device(), QStringLiteral("cpu"));
            QCOMPARE(next.chatBox()->device(), QStringLiteral("cpu"));
        }
        // A saved GPU that is not there gives Automatic.
        QSettings().setValue(QStringLiteral("training/device"), QStringLiteral("cuda:%1").arg(gpus + 7));
        FinetuningPage later(&runner);
        QCOMPARE(later.form()->device(), QStringLiteral("auto"));
        QSettings().remove(QStringLiteral("training/device"));
    }

    void loraRunPausesCancelsResumesAndExports()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath(QStringLiteral("run"));
        JobRunner runner;
        FinetuningPage page(&runner);
        page.resize(1200, 800);
        page.show();
        // Before any evaluation fills the legend under them, the plots still take the width.
        QTRY_VERIFY(page.plot()->axisRect()->outerRect().width() > page.plot()->width() * 3 / 4);
        page.basePanel()->setFolder(kLlama);
        QTRY_COMPARE_WITH_TIMEOUT(page.basePanel()->state(), TrainingBasePanel::State::Valid, kTimeoutMs);
        TrainingSettingsForm *form = page.form();
        form->setDataPath(test::fixture(QStringLiteral("finetuning/chat_tiny.jsonl")));
        form->setRunDir(run);
        form->setMaxSteps(60);
        form->setSaveEvery(1000); // checkpoints only from pause, cancel and the end
        // LoRA on a random tiny model needs a large rate to move the loss in 60 steps.
        form->findChild<QDoubleSpinBox *>(QStringLiteral("learningRate"))->setValue(1e-2);
        form->setEvaluation(test::fixture(QStringLiteral("benchmark/he_test_small.jsonl")),
                            test::fixture(QStringLiteral("benchmark/entity2id_small.json")), 2, 20, 8);
        QSignalSpy finished(&page, &FinetuningPage::trainingFinished);

        // Start: loss points reach the plot.
        QVERIFY(page.startTraining());
        QVERIFY(page.isRunning());
        QVERIFY(!form->findChild<QWidget *>(QStringLiteral("methodCombo"))->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(page.plot()->lossCount() >= 2, kTimeoutMs);
        QCOMPARE(page.plot()->smoothedCount(), page.plot()->lossCount());
        QCOMPARE(page.plot()->learningRateCount(), page.plot()->lossCount());

        // Pause: a checkpoint is written and no step is done while paused.
        page.setPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(page.statusText().startsWith(QStringLiteral("Paused at step")), kTimeoutMs);
        const std::int64_t pausedAt = TrainingRunFolder::latestCheckpointStep(run);
        QVERIFY2(pausedAt >= 2, qPrintable(QString::number(pausedAt)));
        QTest::qWait(400);
        QCOMPARE(qint64(page.plot()->lossCount()), qint64(pausedAt));
        QCOMPARE(fileLosses(run).size(), qsizetype(pausedAt));
        QTRY_VERIFY(rowNamed(page.checkpointModel(), QStringLiteral("step-%1").arg(pausedAt, 8, 10, QLatin1Char('0'))) >= 0);

        // Resume, then cancel: the last finished step is checkpointed.
        page.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(page.plot()->lossCount() >= pausedAt + 2, kTimeoutMs);
        page.cancelTraining();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
        QCOMPARE(finished.at(0).at(1).toBool(), true); // cancelled
        QVERIFY(!page.isRunning());
        const std::int64_t cancelledAt = TrainingRunFolder::latestCheckpointStep(run);
        QVERIFY2(cancelledAt >= pausedAt + 2 && cancelledAt < 60, qPrintable(QString::number(cancelledAt)));
        QVERIFY2(page.statusText().contains(QStringLiteral("checkpoint at step %1").arg(cancelledAt)),
                 qPrintable(page.statusText()));
        QCOMPARE(qint64(page.plot()->lossCount()), qint64(cancelledAt));
        // The evaluation ran at step 20 when the run got past it; its figures are plotted per k.
        // (Cancelled during that evaluation, the run keeps step 20 but has no figures for it.)
        if (cancelledAt > 20)
            QVERIFY(page.plot()->evalNames().contains(QStringLiteral("recall@5")));

        // A fresh Start refuses the folder; Resume Run continues it to the end.
        QVERIFY(!page.startTraining());
        QVERIFY(page.banner()->text().contains(QStringLiteral("Resume Run")));
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("resumeRunButton"))->isEnabled());
        QVERIFY(page.resumeTraining());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kTimeoutMs);
        QCOMPARE(finished.at(1).at(0).toBool(), true);
        QVERIFY(page.lastResult());
        QCOMPARE(page.lastResult()->startStep, cancelledAt);
        QCOMPARE(page.lastResult()->steps, std::int64_t(60));
        // The curve holds every step once: the resumed run's steps after the earlier ones read back.
        QCOMPARE(page.plot()->lossCount(), 60);
        const QMap<qint64, double> losses = fileLosses(run);
        QCOMPARE(losses.size(), qsizetype(60));
        for (const qint64 step : {qint64(1), qint64(cancelledAt), qint64(cancelledAt + 1), qint64(60)})
            QCOMPARE(page.plot()->lossAt(step), losses.value(step));
        QVERIFY2(losses.value(60) < losses.value(1), qPrintable(QStringLiteral("%1 -> %2").arg(losses.value(1)).arg(losses.value(60))));
        // Evaluated at 20, 40 and 60: Recall@k and NDCG@k for k = 1, 5, 10, 20.
        QCOMPARE(page.plot()->evalNames().size(), 8);
        QCOMPARE(page.plot()->evalCount(QStringLiteral("ndcg@10")), 3);
        QVERIFY(page.statusText().startsWith(QStringLiteral("Finished: 60 steps (8 conversations)")));
        // The run went where Automatic points, and the status line says so.
        const QString device = QString::fromStdString(resolveComputeDevice("auto"));
        QCOMPARE(page.runDevice(), device);
        QVERIFY2(page.statusText().contains(QStringLiteral(" on %1,").arg(device)), qPrintable(page.statusText()));

        // The table lists the final checkpoint and the adapter; export the adapter in PEFT layout.
        page.refreshCheckpoints();
        QVERIFY(rowNamed(page.checkpointModel(), QStringLiteral("step-00000060")) >= 0);
        const int adapterRow = rowNamed(page.checkpointModel(), QStringLiteral("adapter"));
        QVERIFY(adapterRow >= 0);
        page.checkpointView()->setCurrentIndex(page.checkpointModel()->index(adapterRow, 0));
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("exportAdapterButton"))->isEnabled());
        QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("exportModelButton"))->isEnabled());
        QSignalSpy exported(&page, &FinetuningPage::exported);
        const QString target = dir.filePath(QStringLiteral("exported/adapter"));
        page.exportAdapter(adapterRow, target);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, kTimeoutMs);
        QCOMPARE(exported.at(0).at(1).toString(), QString());
        QVERIFY(QFileInfo::exists(target + QStringLiteral("/adapter_model.safetensors")));
        const LoraConfig lora = LoraConfig::fromFolder(target.toStdString());
        QCOMPARE(lora.rank, std::int64_t(8));
        QCOMPARE(lora.targetModules, (std::vector<std::string>{"q_proj", "v_proj"}));
        // Exporting from a row without a model folder fails with a message.
        page.exportModel(adapterRow, dir.filePath(QStringLiteral("exported/model")));
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 2, kTimeoutMs);
        QVERIFY(exported.at(1).at(1).toString().contains(QStringLiteral("not a model folder")));

        // Any LoRA checkpoint exports as a merged model (the run did not tick "Also write the merged model").
        QVERIFY(!QFileInfo::exists(run + QStringLiteral("/merged")));
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("exportMergedButton"))->isEnabled());
        const int stepRow = rowNamed(page.checkpointModel(), QStringLiteral("step-00000060"));
        page.checkpointView()->setCurrentIndex(page.checkpointModel()->index(stepRow, 0));
        QVERIFY(page.findChild<QPushButton *>(QStringLiteral("exportMergedButton"))->isEnabled());
        const QString merged = dir.filePath(QStringLiteral("exported/step-60-merged"));
        page.exportMerged(stepRow, merged);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 3, kTimeoutMs);
        QCOMPARE(exported.at(2).at(1).toString(), QString());
        QVERIFY(QFileInfo::exists(merged + QStringLiteral("/model.safetensors")));
        QVERIFY(QFileInfo::exists(merged + QStringLiteral("/tokenizer.json")));
        QVERIFY(!QFileInfo::exists(merged + QStringLiteral(".partial")));
        QVERIFY2(page.banner()->text().contains(QStringLiteral("Exported the merged model")), qPrintable(page.banner()->text()));
        // Never into a folder that holds files: the error says so and the folder is kept.
        page.exportMerged(stepRow, merged);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 4, kTimeoutMs);
        QVERIFY2(exported.at(3).at(1).toString().contains(QStringLiteral("not empty")),
                 qPrintable(exported.at(3).at(1).toString()));
        QVERIFY(page.banner()->text().startsWith(QStringLiteral("Cannot export the merged model")));
        QVERIFY(QFileInfo::exists(merged + QStringLiteral("/model.safetensors")));

        // Try it: the adapter on the base replies.
        QSignalSpy replied(page.chatBox(), &TrainingChatBox::replied);
        page.chatBox()->ask(QStringLiteral("Any films like Arrival?"));
        QVERIFY(page.chatBox()->isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(replied.size(), 1, kTimeoutMs);
        QVERIFY2(replied.at(0).at(0).toBool(), qPrintable(page.chatBox()->reply()));

        // The plots export.
        const QString png = dir.filePath(QStringLiteral("training.png"));
        QCOMPARE(page.exportPlot(png), QString());
        QVERIFY(QFileInfo(png).size() > 1000);
    }

    void pageIsAvailableInTheMainWindow()
    {
        const int index = PageCatalog::indexOf(QStringLiteral("finetuning"));
        QVERIFY(index >= 0);
        QVERIFY(PageCatalog::pages().at(index).available);
        MainWindow window;
        QVERIFY(window.finetuningPage());
        QVERIFY(window.showPage(QStringLiteral("Fine-tuning")));
        QCOMPARE(window.currentPageId(), QStringLiteral("finetuning"));
        const QListWidget *list = window.findChild<QListWidget *>(QStringLiteral("pageList"));
        QVERIFY(list->item(index)->flags() & Qt::ItemIsEnabled);
    }
};

QTEST_MAIN(TestFinetuningPage)
#include "test_finetuning_page.moc"
