#include "trainingrunfolder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace crsw {

namespace {

qint64 folderBytes(const QString &path)
{
    qint64 bytes = 0;
    QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
    }
    return bytes;
}

bool hasAdapterFiles(const QDir &dir)
{
    return dir.exists(QStringLiteral("adapter_config.json")) && dir.exists(QStringLiteral("adapter_model.safetensors"));
}

QString latestName(const QString &runDir)
{
    QFile file(QDir(runDir).filePath(QStringLiteral("checkpoints/latest")));
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll()).trimmed();
}

// Copies `names` (files of `source`) into `target` under a temporary name first, so a
// failed copy never leaves a half-written export behind under the real name.
QString copyFiles(const QString &source, const QStringList &names, const QString &target)
{
    if (!QDir().mkpath(target))
        return TrainingRunFolder::tr("Cannot create %1.").arg(QDir::toNativeSeparators(target));
    for (const QString &name : names) {
        const QString to = QDir(target).filePath(name);
        const QString part = to + QStringLiteral(".part");
        QFile::remove(part);
        if (!QFile::copy(QDir(source).filePath(name), part))
            return TrainingRunFolder::tr("Cannot copy %1 to %2.")
                .arg(QDir::toNativeSeparators(QDir(source).filePath(name)), QDir::toNativeSeparators(target));
        QFile::remove(to);
        if (!QFile::rename(part, to))
            return TrainingRunFolder::tr("Cannot write %1.").arg(QDir::toNativeSeparators(to));
    }
    return QString();
}

} // namespace

QList<TrainingRunEntry> TrainingRunFolder::entries(const QString &runDir)
{
    QList<TrainingRunEntry> result;
    if (runDir.isEmpty())
        return result;
    const QDir checkpoints(QDir(runDir).filePath(QStringLiteral("checkpoints")));
    const QString latest = latestName(runDir);
    static const QRegularExpression stepName(QStringLiteral("^step-(\\d+)$"));
    const QFileInfoList folders = checkpoints.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
    for (const QFileInfo &folder : folders) {
        const QRegularExpressionMatch match = stepName.match(folder.fileName());
        if (!match.hasMatch()) // temporary folders of a checkpoint being written
            continue;
        TrainingRunEntry entry;
        entry.kind = TrainingRunEntry::Kind::Checkpoint;
        entry.path = folder.absoluteFilePath();
        entry.name = folder.fileName();
        entry.step = match.captured(1).toLongLong();
        entry.modified = folder.lastModified();
        entry.bytes = folderBytes(entry.path);
        entry.hasAdapter = hasAdapterFiles(QDir(entry.path));
        entry.isLatest = folder.fileName() == latest;
        result << entry;
    }
    const struct {
        const char *name;
        TrainingRunEntry::Kind kind;
    } outputs[] = {{"adapter", TrainingRunEntry::Kind::Adapter},
                   {"model", TrainingRunEntry::Kind::Model},
                   {"merged", TrainingRunEntry::Kind::Model}};
    for (const auto &output : outputs) {
        const QFileInfo folder(QDir(runDir).filePath(QString::fromLatin1(output.name)));
        if (!folder.isDir())
            continue;
        TrainingRunEntry entry;
        entry.kind = output.kind;
        entry.path = folder.absoluteFilePath();
        entry.name = folder.fileName();
        entry.modified = folder.lastModified();
        entry.bytes = folderBytes(entry.path);
        entry.hasAdapter = hasAdapterFiles(QDir(entry.path));
        result << entry;
    }
    return result;
}

std::int64_t TrainingRunFolder::latestCheckpointStep(const QString &runDir)
{
    const QString name = latestName(runDir);
    if (!name.startsWith(QLatin1String("step-")) || !QFileInfo(QDir(runDir).filePath(QStringLiteral("checkpoints/") + name)).isDir())
        return -1;
    bool ok = false;
    const qlonglong step = name.mid(5).toLongLong(&ok);
    return ok ? step : -1;
}

QString TrainingRunFolder::exportAdapter(const QString &source, const QString &target)
{
    if (!hasAdapterFiles(QDir(source)))
        return tr("%1 holds no LoRA adapter (adapter_config.json and adapter_model.safetensors).")
            .arg(QDir::toNativeSeparators(source));
    return copyFiles(source, {QStringLiteral("adapter_config.json"), QStringLiteral("adapter_model.safetensors")},
                     target);
}

QString TrainingRunFolder::exportModel(const QString &source, const QString &target)
{
    const QDir dir(source);
    if (!dir.exists(QStringLiteral("config.json")))
        return tr("%1 is not a model folder (no config.json).").arg(QDir::toNativeSeparators(source));
    const QStringList names = dir.entryList({QStringLiteral("*.json"), QStringLiteral("*.safetensors"),
                                             QStringLiteral("*.model"), QStringLiteral("*.txt")},
                                            QDir::Files, QDir::Name);
    return copyFiles(source, names, target);
}

} // namespace crsw
