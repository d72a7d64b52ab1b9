#include "trainingcheckpointmodel.h"

#include <QDir>
#include <QFont>
#include <QLocale>

namespace crsw {

TrainingCheckpointModel::TrainingCheckpointModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TrainingCheckpointModel::setEntries(const QList<TrainingRunEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

int TrainingCheckpointModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int TrainingCheckpointModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrainingCheckpointModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const TrainingRunEntry &e = m_entries.at(index.row());
    if (role == Qt::ToolTipRole)
        return QDir::toNativeSeparators(e.path);
    if (role == Qt::FontRole && e.isLatest) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole && (index.column() == StepColumn || index.column() == SizeColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return e.isLatest ? tr("%1 (latest)").arg(e.name) : e.name;
    case KindColumn:
        switch (e.kind) {
        case TrainingRunEntry::Kind::Checkpoint:
            return e.hasAdapter ? tr("checkpoint (LoRA)") : tr("checkpoint (full)");
        case TrainingRunEntry::Kind::Adapter:
            return tr("final adapter (PEFT)");
        case TrainingRunEntry::Kind::Model:
            return e.name == QLatin1String("merged") ? tr("merged model (HF)") : tr("final model (HF)");
        }
        return {};
    case StepColumn:
        return e.step >= 0 ? QVariant(qlonglong(e.step)) : QVariant();
    case SizeColumn:
        return QLocale().formattedDataSize(e.bytes, 1, QLocale::DataSizeTraditionalFormat);
    case ModifiedColumn:
        return QLocale().toString(e.modified, QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant TrainingCheckpointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case StepColumn:
        return tr("Step");
    case SizeColumn:
        return tr("Size");
    case ModifiedColumn:
        return tr("Written");
    default:
        return {};
    }
}

} // namespace crsw
