#include "corpustablemodel.h"

namespace crsw {

CorpusTableModel::CorpusTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void CorpusTableModel::setCorpus(std::shared_ptr<const SeedCorpus> corpus)
{
    beginResetModel();
    m_corpus = std::move(corpus);
    m_rows.reset();
    endResetModel();
}

void CorpusTableModel::setRows(std::shared_ptr<const Rows> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int CorpusTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_corpus)
        return 0;
    return int(m_rows ? m_rows->size() : totalCount());
}

} // namespace crsw
