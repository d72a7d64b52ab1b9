#include "trainingbasecheck.h"

#include "common/error.h"
#include "common/progress.h"
#include "model/safetensors_checkpoint.h"
#include "model/tokenizer/tokenizer.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>

namespace crsw {

namespace {

QString architectureName(ModelArchitecture architecture)
{
    switch (architecture) {
    case ModelArchitecture::Llama:
        return QStringLiteral("Llama");
    case ModelArchitecture::Qwen2:
        return QStringLiteral("Qwen2");
    case ModelArchitecture::Gemma2:
        return QStringLiteral("Gemma 2");
    }
    return QString();
}

// Input and output widths of each LoRA target, as the decoders build their
// projections (q: hidden -> heads x head_dim, k/v: hidden -> kv_heads x head_dim, ...).
std::int64_t loraParameterCount(const ModelConfig &c, std::int64_t rank, const std::vector<std::string> &targets)
{
    const std::int64_t q = c.numAttentionHeads * c.headDim, kv = c.numKeyValueHeads * c.headDim;
    std::int64_t perLayer = 0;
    for (const std::string &t : targets) {
        std::int64_t in = 0, out = 0;
        if (t == "q_proj")
            in = c.hiddenSize, out = q;
        else if (t == "k_proj" || t == "v_proj")
            in = c.hiddenSize, out = kv;
        else if (t == "o_proj")
            in = q, out = c.hiddenSize;
        else if (t == "gate_proj" || t == "up_proj")
            in = c.hiddenSize, out = c.intermediateSize;
        else if (t == "down_proj")
            in = c.intermediateSize, out = c.hiddenSize;
        perLayer += rank * (in + out); // A is rank x in, B is out x rank
    }
    return perLayer * c.numHiddenLayers;
}

TrainingBaseInfo::Memory memory(std::int64_t parameters, std::int64_t trainable, bool bf16)
{
    TrainingBaseInfo::Memory m;
    m.weights = parameters * 4 + (bf16 ? parameters * 2 : 0);
    m.gradients = trainable * 4;
    m.optimizer = trainable * 8;
    return m;
}

} // namespace

TrainingBaseInfo TrainingBaseCheck::inspect(const QString &folder, std::int64_t loraRank,
                                            const std::vector<std::string> &loraTargets, Progress &progress)
{
    const QDir dir(folder);
    const std::string where = folder.toStdString();
    if (folder.isEmpty() || !dir.exists())
        throw Error({where, 0, {}}, tr("no such folder").toStdString());
    // Each file is checked for presence first so the message says what is missing, not how parsing failed.
    for (const char *name : {"config.json", "tokenizer.json"})
        if (!QFileInfo::exists(dir.filePath(QString::fromLatin1(name))))
            throw Error({where, 0, {}},
                        tr("%1 is missing (a Hugging Face model folder holds config.json, tokenizer.json and "
                           "*.safetensors weights)")
                            .arg(QString::fromLatin1(name))
                            .toStdString());
    const bool sharded = QFileInfo::exists(dir.filePath(QStringLiteral("model.safetensors.index.json")));
    if (!sharded && !QFileInfo::exists(dir.filePath(QStringLiteral("model.safetensors"))))
        throw Error({where, 0, {}},
                    tr("no weights: neither model.safetensors nor model.safetensors.index.json is there").toStdString());

    TrainingBaseInfo info;
    info.folder = folder;
    progress.reportNow(0.1, "reading config.json");
    info.config = ModelConfig::fromFile(dir.filePath(QStringLiteral("config.json")).toStdString());
    info.architecture = architectureName(info.config.architecture);
    progress.throwIfCancelled();
    progress.reportNow(0.3, "reading tokenizer.json");
    info.vocabulary = std::int64_t(Tokenizer::fromFile(dir.filePath(QStringLiteral("tokenizer.json")).toStdString())
                                       .vocabSize());
    progress.throwIfCancelled();
    progress.reportNow(0.7, "opening the weights");
    const SafetensorsCheckpoint weights = SafetensorsCheckpoint::open(folder.toStdString());
    info.weightFiles = int(weights.files().size());
    info.parameters = info.config.parameterCount();
    info.fullFp32 = memory(info.parameters, info.parameters, false);
    info.fullBf16 = memory(info.parameters, info.parameters, true);
    updateLora(&info, loraRank, loraTargets);
    progress.reportNow(1.0, "checked");
    return info;
}

void TrainingBaseCheck::updateLora(TrainingBaseInfo *info, std::int64_t loraRank,
                                   const std::vector<std::string> &loraTargets)
{
    info->loraParameters = loraParameterCount(info->config, loraRank, loraTargets);
    info->loraFp32 = memory(info->parameters + info->loraParameters, info->loraParameters, false);
    info->loraBf16 = memory(info->parameters + info->loraParameters, info->loraParameters, true);
}

QString TrainingBaseCheck::countText(std::int64_t count)
{
    const QLocale locale;
    if (count >= 1000000000)
        return locale.toString(double(count) / 1e9, 'f', 2) + QStringLiteral(" B");
    if (count >= 1000000)
        return locale.toString(double(count) / 1e6, 'f', 1) + QStringLiteral(" M");
    if (count >= 10000)
        return locale.toString(double(count) / 1e3, 'f', 0) + QStringLiteral(" k");
    return locale.toString(qlonglong(count));
}

QString TrainingBaseCheck::bytesText(std::int64_t bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace crsw
