#include "trainingsettingsform.h"

#include "pathfield.h"
#include "scientificspinbox.h"
#include "trainingdevicecombo.h"
#include "trainingfolderfield.h"

#include "model/compute_device.h"
#include "train/lora_config.h"
#include "train/lr_schedule.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace crsw {

namespace {

QSpinBox *spin(QWidget *parent, int low, int high, int value, const QString &special = {})
{
    auto *box = new QSpinBox(parent);
    box->setRange(low, high);
    box->setValue(value);
    if (!special.isEmpty())
        box->setSpecialValueText(special);
    return box;
}

QDoubleSpinBox *doubleSpin(QWidget *parent, double low, double high, double value, int decimals, double step)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setDecimals(decimals);
    box->setRange(low, high);
    box->setSingleStep(step);
    box->setValue(value);
    return box;
}

QFormLayout *compactForm(QWidget *box)
{
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setVerticalSpacing(4);
    return form;
}

constexpr int kScratchEvalEvery = 125;

// The learning rates the form sets itself (defaultLearningRate): a method or
// base change replaces one of these, never a rate the user chose.
bool isDefaultRate(double rate)
{
    for (const double rateSet : {defaultLearningRate(TrainMethod::Lora, false), defaultLearningRate(TrainMethod::Full, false),
                                 defaultLearningRate(TrainMethod::Full, true)})
        if (qFuzzyCompare(rate, rateSet))
            return true;
    return false;
}

// Whether this CPU computes bf16 natively (AVX-512 BF16 or AMX): bf16 autocast
// then speeds training up; elsewhere it emulates bf16 and slows it down.
// Read once from /proc/cpuinfo's flags (false where there is none).
bool cpuHasFastBf16()
{
    static const bool fast = [] {
        QFile file(QStringLiteral("/proc/cpuinfo"));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return false;
        // readAll, not atEnd(): /proc files report size 0.
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (!line.startsWith("flags"))
                continue;
            const QList<QByteArray> flags = line.mid(line.indexOf(':') + 1).simplified().split(' ');
            return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
        }
        return false;
    }();
    return fast;
}

} // namespace

TrainingSettingsForm::TrainingSettingsForm(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("trainingSettingsForm"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildDataBox());
    layout->addWidget(buildMethodBox());
    layout->addWidget(buildOptimiserBox());
    layout->addWidget(buildEvalBox());
    layout->addStretch(1);
    updateMethod();
}

QGroupBox *TrainingSettingsForm::buildDataBox()
{
    auto *box = new QGroupBox(tr("Data and run"), this);
    m_data = new PathField(tr("Training Data"), tr("Chat JSONL (*.jsonl);;All files (*)"), box);
    m_data->setObjectName(QStringLiteral("trainingDataField"));
    m_data->lineEdit()->setPlaceholderText(tr("synthetic/*.chat.jsonl"));
    m_data->setToolTip(tr("Chat JSONL, one conversation a line: {\"messages\": [{\"role\": ..., \"content\": ...}]}"));
    m_runDir = new TrainingFolderField(tr("Run Folder"), box);
    m_runDir->setObjectName(QStringLiteral("runDirField"));
    m_runDir->lineEdit()->setPlaceholderText(tr("runs/<name>"));
    m_runDir->setToolTip(tr("metrics.jsonl, checkpoints/, and the adapter or model at the end"));
    m_device = new TrainingDeviceCombo(box);
    m_deviceNote = new QLabel(m_device->note(), box);
    m_deviceNote->setObjectName(QStringLiteral("deviceNote"));
    m_deviceNote->setWordWrap(true);
    m_deviceNote->setEnabled(false); // greyed: a remark, not a setting
    auto *form = compactForm(box);
    form->addRow(tr("Training data:"), m_data);
    form->addRow(tr("Run folder:"), m_runDir);
    form->addRow(tr("Device:"), m_device);
    form->addRow(QString(), m_deviceNote);
    connect(m_data, &PathField::edited, this, [this](const QString &path) {
        Q_EMIT dataChanged(path);
        Q_EMIT changed();
    });
    connect(m_runDir, &TrainingFolderField::edited, this, [this](const QString &path) {
        m_runDirEdited = true;
        Q_EMIT runDirChanged(path);
        Q_EMIT changed();
    });
    connect(m_device, &TrainingDeviceCombo::deviceChanged, this, [this](const QString &device) {
        m_deviceNote->setText(m_device->note());
        updateScratchBf16();
        Q_EMIT deviceChanged(device);
        Q_EMIT changed();
    });
    m_lockable << m_data << m_runDir << m_device;
    return box;
}

QGroupBox *TrainingSettingsForm::buildMethodBox()
{
    auto *box = new QGroupBox(tr("Method"), this);
    m_method = new QComboBox(box);
    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_method->addItem(tr("LoRA adapter (base frozen)"), int(TrainMethod::Lora));
    m_method->addItem(tr("Full fine-tuning (every weight)"), int(TrainMethod::Full));
    m_methodNote = new QLabel(tr("A scratch model starts from random weights: full fine-tuning trains all of them "
                                 "(LoRA would leave the random base frozen)."),
                              box);
    m_methodNote->setObjectName(QStringLiteral("methodNote"));
    m_methodNote->setWordWrap(true);
    m_methodNote->setEnabled(false); // greyed: a remark, not a setting
    m_methodNote->hide();
    m_loraBox = new QGroupBox(tr("LoRA"), box);
    m_loraBox->setFlat(true);
    m_rank = spin(m_loraBox, 1, 1024, 8);
    m_rank->setObjectName(QStringLiteral("loraRank"));
    m_alpha = doubleSpin(m_loraBox, 0.5, 4096.0, 16.0, 1, 1.0);
    m_dropout = doubleSpin(m_loraBox, 0.0, 0.9, 0.05, 2, 0.05);
    auto *numbers = new QHBoxLayout;
    numbers->addWidget(new QLabel(tr("rank"), m_loraBox));
    numbers->addWidget(m_rank);
    numbers->addWidget(new QLabel(tr("alpha"), m_loraBox));
    numbers->addWidget(m_alpha);
    numbers->addWidget(new QLabel(tr("dropout"), m_loraBox));
    numbers->addWidget(m_dropout);
    numbers->addStretch(1);
    auto *targets = new QGridLayout;
    targets->setHorizontalSpacing(8);
    targets->setVerticalSpacing(0);
    const LoraConfig defaults;
    int column = 0;
    for (const std::string &choice : loraTargetChoices()) {
        auto *check = new QCheckBox(QString::fromStdString(choice), m_loraBox);
        check->setChecked(std::find(defaults.targetModules.begin(), defaults.targetModules.end(), choice)
                          != defaults.targetModules.end());
        targets->addWidget(check, column / 4, column % 4);
        ++column;
        m_targets << check;
        connect(check, &QCheckBox::toggled, this, [this] {
            Q_EMIT loraChanged();
            Q_EMIT changed();
        });
    }
    m_saveMerged = new QCheckBox(tr("Also write the merged model at the end (RUN/merged)"), m_loraBox);
    auto *loraLayout = new QVBoxLayout(m_loraBox);
    loraLayout->setContentsMargins(0, 4, 0, 0);
    loraLayout->addLayout(numbers);
    loraLayout->addWidget(new QLabel(tr("Target modules:"), m_loraBox));
    loraLayout->addLayout(targets);
    loraLayout->addWidget(m_saveMerged);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_method);
    layout->addWidget(m_methodNote);
    layout->addWidget(m_loraBox);
    connect(m_method, &QComboBox::activated, this, [this] { m_methodAuto = false; }); // the user's choice
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        updateMethod();
        updateDefaultRunDir();
        Q_EMIT changed();
    });
    connect(m_rank, &QSpinBox::valueChanged, this, [this] {
        Q_EMIT loraChanged();
        Q_EMIT changed();
    });
    m_lockable << m_method << m_loraBox;
    return box;
}

QGroupBox *TrainingSettingsForm::buildOptimiserBox()
{
    auto *box = new QGroupBox(tr("Optimiser and schedule (AdamW)"), this);
    m_learningRate = new ScientificSpinBox(box);
    m_learningRate->setDecimals(7);
    m_learningRate->setRange(1e-7, 1.0);
    m_learningRate->setSingleStep(1e-5);
    m_learningRate->setValue(defaultLearningRate(TrainMethod::Lora, false));
    m_learningRate->setObjectName(QStringLiteral("learningRate"));
    m_epochs = spin(box, 1, 1000, 3);
    m_maxSteps = spin(box, 0, 10000000, 0, tr("from epochs"));
    m_maxSteps->setObjectName(QStringLiteral("maxSteps"));
    m_batch = spin(box, 1, 4096, 4);
    m_gradAccum = spin(box, 1, 4096, 1);
    m_warmup = doubleSpin(box, 0.0, 0.5, 0.03, 3, 0.01);
    m_decay = new QComboBox(box);
    for (const auto decay : {LrSchedule::Decay::Linear, LrSchedule::Decay::Cosine, LrSchedule::Decay::Constant})
        m_decay->addItem(QString::fromStdString(LrSchedule::decayName(decay)), int(decay));
    m_weightDecay = doubleSpin(box, 0.0, 1.0, 0.01, 3, 0.01);
    m_bf16 = new QCheckBox(tr("bf16 autocast"), box);
    m_bf16->setToolTip(tr("bf16 forward passes; weights and optimiser state stay fp32. Faster on CUDA and on CPUs "
                          "with AVX-512 BF16 or AMX, slower elsewhere"));
    connect(m_bf16, &QCheckBox::clicked, this, [this] {
        m_bf16User = true;
        m_bf16Auto = false;
    });
    m_maxTokens = spin(box, 16, 131072, 1024);
    m_saveEvery = spin(box, 1, 1000000, 50);
    m_saveEvery->setObjectName(QStringLiteral("saveEvery"));
    m_seed = spin(box, 0, 1 << 30, 42);

    auto *grid = new QGridLayout(box);
    grid->setVerticalSpacing(4);
    const auto add = [&](int row, int column, const QString &label, QWidget *field) {
        auto *text = new QLabel(label, box);
        text->setBuddy(field);
        grid->addWidget(text, row, column * 2, Qt::AlignRight);
        grid->addWidget(field, row, column * 2 + 1);
        m_lockable << field;
    };
    add(0, 0, tr("Learning rate:"), m_learningRate);
    add(0, 1, tr("Schedule:"), m_decay);
    add(1, 0, tr("Epochs:"), m_epochs);
    add(1, 1, tr("Max steps:"), m_maxSteps);
    add(2, 0, tr("Batch:"), m_batch);
    add(2, 1, tr("Grad. accum.:"), m_gradAccum);
    add(3, 0, tr("Warm-up share:"), m_warmup);
    add(3, 1, tr("Weight decay:"), m_weightDecay);
    add(4, 0, tr("Max tokens:"), m_maxTokens);
    add(4, 1, tr("Checkpoint every:"), m_saveEvery);
    add(5, 0, tr("Seed:"), m_seed);
    grid->addWidget(m_bf16, 5, 3);
    m_lockable << m_bf16;
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    return box;
}

QGroupBox *TrainingSettingsForm::buildEvalBox()
{
    m_evalBox = new QGroupBox(tr("Evaluate while training (He et al. protocol)"), this);
    m_evalBox->setObjectName(QStringLiteral("evalBox"));
    m_evalBox->setCheckable(true);
    m_evalBox->setChecked(false);
    connect(m_evalBox, &QGroupBox::clicked, this, [this] { m_evalAuto = false; }); // the user's choice
    m_testSet = new PathField(tr("Test Set"), tr("He et al. test set (*.jsonl);;All files (*)"), m_evalBox);
    m_entities = new PathField(tr("Entity Catalog"), tr("entity2id.json (*.json);;All files (*)"), m_evalBox);
    m_sampleTurns = spin(m_evalBox, 1, 100000, 20);
    m_evalEvery = spin(m_evalBox, 1, 1000000, 50);
    m_evalTokens = spin(m_evalBox, 8, 4096, 256);
    auto *numbers = new QHBoxLayout;
    numbers->addWidget(new QLabel(tr("turns"), m_evalBox));
    numbers->addWidget(m_sampleTurns);
    numbers->addWidget(new QLabel(tr("every"), m_evalBox));
    numbers->addWidget(m_evalEvery);
    numbers->addWidget(new QLabel(tr("steps; tokens"), m_evalBox));
    numbers->addWidget(m_evalTokens);
    numbers->addStretch(1);
    auto *form = compactForm(m_evalBox);
    form->addRow(tr("Test set:"), m_testSet);
    form->addRow(tr("Entities:"), m_entities);
    form->addRow(numbers);
    m_evalBox->setToolTip(tr("Each time, the model answers a sample of test turns with 20 titles, scored as "
                             "Recall@k and NDCG@k (unfiltered, seen items kept, all turns)"));
    m_lockable << m_evalBox;
    return m_evalBox;
}

void TrainingSettingsForm::setWorkspace(std::shared_ptr<const Workspace> workspace)
{
    m_workspace = std::move(workspace);
    m_runDirEdited = false;
    if (!m_workspace)
        return;
    const QString synthetic = QString::fromStdString(m_workspace->syntheticDir());
    m_data->setStartFolder(synthetic);
    // The newest chat export: what the last synthesis wrote.
    const QFileInfoList chats =
        QDir(synthetic).entryInfoList({QStringLiteral("*.chat.jsonl")}, QDir::Files, QDir::Time);
    m_data->setPath(chats.isEmpty() ? QString() : chats.constFirst().absoluteFilePath());
    const std::vector<BenchmarkEntry> benchmarks = m_workspace->benchmarks();
    if (!benchmarks.empty()) {
        m_testSet->setPath(QString::fromStdString(m_workspace->resolve(benchmarks.front().testSet)));
        m_entities->setPath(QString::fromStdString(m_workspace->resolve(benchmarks.front().entities)));
    }
    updateDefaultRunDir();
}

void TrainingSettingsForm::setBaseName(const QString &name)
{
    m_baseName = name;
    updateDefaultRunDir();
}

void TrainingSettingsForm::updateDefaultRunDir()
{
    if (m_runDirEdited || !m_workspace)
        return;
    const QString method = m_method->currentData().toInt() == int(TrainMethod::Full) ? QStringLiteral("full")
                                                                                      : QStringLiteral("lora");
    const QString name = QStringLiteral("sft-%1-%2").arg(m_baseName.isEmpty() ? QStringLiteral("model") : m_baseName,
                                                         method);
    const QString path = QDir(QString::fromStdString(m_workspace->runsDir())).filePath(name);
    if (path == runDir())
        return;
    m_runDir->setPath(path);
    Q_EMIT runDirChanged(path);
}

void TrainingSettingsForm::updateMethod()
{
    const bool lora = m_method->currentData().toInt() == int(TrainMethod::Lora);
    m_loraBox->setVisible(lora);
    // METHOD.md §5: 1e-5 for full SFT, higher for LoRA; random weights need far more (1e-5
    // leaves a scratch model at Recall 0). Switch the default, not a rate the user chose.
    if (isDefaultRate(m_learningRate->value()))
        m_learningRate->setValue(defaultLearningRate(lora ? TrainMethod::Lora : TrainMethod::Full, m_scratchBase));
}

void TrainingSettingsForm::setScratchBase(bool scratch)
{
    if (scratch == m_scratchBase)
        return;
    m_scratchBase = scratch;
    m_methodNote->setVisible(scratch);
    const bool full = m_method->currentData().toInt() == int(TrainMethod::Full);
    if (scratch && !full) {
        m_methodAuto = true;
        setMethod(TrainMethod::Full); // updateMethod sets the rate
    } else if (!scratch && m_methodAuto && full) {
        m_methodAuto = false;
        setMethod(TrainMethod::Lora);
    } else {
        updateMethod(); // same method, another default rate
    }
    updateScratchBf16();
    // A scratch model learns from nothing: watch Recall grow while it trains, when there is a test set.
    if (scratch && !m_evalBox->isChecked() && !m_testSet->path().isEmpty()) {
        m_evalAuto = true;
        m_evalEveryBefore = m_evalEvery->value();
        m_evalBox->setChecked(true);
        m_evalEvery->setValue(kScratchEvalEvery);
    } else if (!scratch && m_evalAuto) {
        m_evalAuto = false;
        m_evalBox->setChecked(false);
        if (m_evalEvery->value() == kScratchEvalEvery)
            m_evalEvery->setValue(m_evalEveryBefore);
    }
    Q_EMIT changed();
}

void TrainingSettingsForm::updateScratchBf16()
{
    if (m_bf16User)
        return;
    bool fast = false;
    if (m_scratchBase) {
        try {
            const std::string resolved = resolveComputeDevice(device().toStdString());
            fast = resolved.rfind("cuda", 0) == 0;
        } catch (const std::exception &) {
            // A GPU that went away: Start says so; the CPU's answer stands meanwhile.
        }
        fast = fast || cpuHasFastBf16();
    }
    // Only the box this form ticked is cleared again (a real checkpoint's default is fp32).
    if (fast && !m_bf16->isChecked()) {
        m_bf16->setChecked(true);
        m_bf16Auto = true;
    } else if (!fast && m_bf16Auto) {
        m_bf16->setChecked(false);
        m_bf16Auto = false;
    }
}

SftOptions TrainingSettingsForm::options() const
{
    SftOptions o;
    o.dataPath = dataPath().toStdString();
    o.runDir = runDir().toStdString();
    o.method = TrainMethod(m_method->currentData().toInt());
    o.lora.rank = m_rank->value();
    o.lora.alpha = m_alpha->value();
    o.lora.dropout = m_dropout->value();
    o.lora.targetModules = loraTargets();
    o.saveMerged = o.method == TrainMethod::Lora && m_saveMerged->isChecked();
    o.learningRate = m_learningRate->value();
    o.epochs = m_epochs->value();
    o.maxSteps = m_maxSteps->value();
    o.batchSize = m_batch->value();
    o.gradAccum = m_gradAccum->value();
    o.warmupRatio = m_warmup->value();
    o.decay = LrSchedule::Decay(m_decay->currentData().toInt());
    o.weightDecay = m_weightDecay->value();
    o.bf16 = m_bf16->isChecked();
    o.maxTokens = std::size_t(m_maxTokens->value());
    o.saveEvery = m_saveEvery->value();
    o.seed = std::uint64_t(m_seed->value());
    o.device = device().toStdString();
    return o;
}

TrainingEvalSettings TrainingSettingsForm::evalSettings() const
{
    TrainingEvalSettings s;
    if (!m_evalBox->isChecked())
        return s;
    s.testSet = m_testSet->path();
    s.entities = m_entities->path();
    s.sampleTurns = m_sampleTurns->value();
    s.every = m_evalEvery->value();
    s.maxNewTokens = m_evalTokens->value();
    return s;
}

QString TrainingSettingsForm::dataPath() const
{
    return m_data->path();
}

void TrainingSettingsForm::setDataPath(const QString &path)
{
    m_data->setPath(path);
    Q_EMIT dataChanged(path);
    Q_EMIT changed();
}

QString TrainingSettingsForm::runDir() const
{
    return m_runDir->path();
}

void TrainingSettingsForm::setRunDir(const QString &path)
{
    m_runDirEdited = true;
    m_runDir->setPath(path);
    Q_EMIT runDirChanged(path);
    Q_EMIT changed();
}

void TrainingSettingsForm::setMethod(TrainMethod method)
{
    m_method->setCurrentIndex(m_method->findData(int(method)));
}

void TrainingSettingsForm::setMaxSteps(int steps)
{
    m_maxSteps->setValue(steps);
}

void TrainingSettingsForm::setSaveEvery(int steps)
{
    m_saveEvery->setValue(steps);
}

void TrainingSettingsForm::setLoraRank(int rank)
{
    m_rank->setValue(rank);
}

void TrainingSettingsForm::setEvaluation(const QString &testSet, const QString &entities, int sampleTurns, int every,
                                         int maxNewTokens)
{
    m_evalAuto = false; // chosen here: kept whatever the base
    m_evalBox->setChecked(!testSet.isEmpty());
    m_testSet->setPath(testSet);
    m_entities->setPath(entities);
    m_sampleTurns->setValue(sampleTurns);
    m_evalEvery->setValue(every);
    m_evalTokens->setValue(maxNewTokens);
}

QString TrainingSettingsForm::device() const
{
    return m_device->device();
}

bool TrainingSettingsForm::setDevice(const QString &device)
{
    return m_device->setDevice(device);
}

std::int64_t TrainingSettingsForm::loraRank() const
{
    return m_rank->value();
}

std::vector<std::string> TrainingSettingsForm::loraTargets() const
{
    std::vector<std::string> targets;
    for (const QCheckBox *check : m_targets)
        if (check->isChecked())
            targets.push_back(check->text().remove(QLatin1Char('&')).toStdString());
    return targets;
}

void TrainingSettingsForm::setRunning(bool running)
{
    for (QWidget *widget : std::as_const(m_lockable))
        widget->setEnabled(!running);
}

} // namespace crsw
