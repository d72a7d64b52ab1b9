#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QTableView;
class QTableWidget;

namespace crsw {

class LoadReportModel;
struct LoadedCorpus;

/// The malformed-line report of a corpus load: what each file's pass read,
/// the problem counts by reason, and every reported line (file:line: field:
/// reason). A bad line never aborts a load; this is where each one shows.
class LoadReportView : public QWidget {
    Q_OBJECT
public:
    /// An empty report; setCorpus() fills it.
    explicit LoadReportView(QWidget *parent = nullptr);

    /// Shows a load's report (null: empty).
    void setCorpus(std::shared_ptr<const LoadedCorpus> loaded);

    /// Parts of the view (for tests).
    LoadReportModel *problemsModel() const { return m_model; }
    QTableWidget *reasonsTable() const { return m_reasons; }
    QTableWidget *filesTable() const { return m_files; }

private:
    QLabel *m_summary;
    QTableWidget *m_files;
    QTableWidget *m_reasons;
    LoadReportModel *m_model;
    QTableView *m_problems;
};

} // namespace crsw
