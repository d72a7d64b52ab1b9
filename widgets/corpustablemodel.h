#pragma once

#include "common/progress.h"
#include "data/amazon/seed_corpus.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// A table over the rows of a SeedCorpus (items or reviews) that stores no
/// per-row strings: cells are made from the corpus's views when the view asks
/// for them, so a million rows cost only the optional filter's 4 bytes each.
/// A filter (the ascending row indices a search found) narrows the rows.
class CorpusTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// The core search behind this table: runs on a worker thread, so it must
    /// not touch the model; returns matching corpus indices in ascending order.
    using SearchFunction =
        std::function<std::vector<std::uint32_t>(const SeedCorpus &, const std::string &query, Progress &)>;
    using Rows = std::vector<std::uint32_t>;

    /// An empty table.
    explicit CorpusTableModel(QObject *parent = nullptr);

    /// Shows every row of `corpus` (null: an empty table).
    void setCorpus(std::shared_ptr<const SeedCorpus> corpus);
    /// The corpus shown, or null.
    const std::shared_ptr<const SeedCorpus> &corpus() const { return m_corpus; }
    /// Shows only `rows` (corpus indices); null shows every row.
    void setRows(std::shared_ptr<const Rows> rows);
    /// True while a filter narrows the rows.
    bool isFiltered() const { return m_rows != nullptr; }

    /// Rows of the corpus in this table, filter or not.
    virtual std::size_t totalCount() const = 0;
    /// The search for this table's rows.
    virtual SearchFunction searchFunction() const = 0;
    /// The corpus index shown in a table row.
    std::uint32_t corpusIndex(int row) const { return m_rows ? (*m_rows)[std::size_t(row)] : std::uint32_t(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;

protected:
    std::shared_ptr<const SeedCorpus> m_corpus;
    std::shared_ptr<const Rows> m_rows;
};

} // namespace crsw
