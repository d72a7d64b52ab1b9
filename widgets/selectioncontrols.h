#pragma once

#include "select/selection.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace crsw {

/// The selection parameters of the Embeddings & Selection page (METHOD.md
/// §3): strategy (the seven), budget B, clusters K, τ, λ, the metadata and
/// user weights and the seed, each enabled only for the strategies that use
/// it; and the buttons that run the selection as A or B and cancel it.
class SelectionControls : public QWidget {
    Q_OBJECT
public:
    /// Controls with METHOD.md's defaults and B = 100.
    explicit SelectionControls(QWidget *parent = nullptr);

    /// The chosen strategy and parameters.
    SelectionStrategy strategy() const;
    SelectionParams params() const;
    /// Sets the strategy and budget (as --select STRATEGY:BUDGET does).
    void setStrategy(SelectionStrategy strategy);
    void setBudget(std::size_t budget);
    /// The largest budget (the number of reviews).
    void setRowCount(std::size_t rows);

    /// Enables the run buttons when embeddings are loaded and nothing runs;
    /// Cancel while a selection runs.
    void setState(bool ready, bool running);

Q_SIGNALS:
    /// Run the selection into slot 0 (A) or 1 (B).
    void runRequested(int slot);
    /// Cancel the running selection.
    void cancelRequested();
    /// K or the seed changed (the map's clusters follow them).
    void clusteringChanged();

private:
    void updateEnabled();

    QComboBox *m_strategy;
    QSpinBox *m_budget;
    QSpinBox *m_clusters;
    QDoubleSpinBox *m_tau;
    QDoubleSpinBox *m_lambda;
    QDoubleSpinBox *m_metadataWeight;
    QDoubleSpinBox *m_userWeight;
    QSpinBox *m_seed;
    QPushButton *m_runA;
    QPushButton *m_runB;
    QPushButton *m_cancel;
};

} // namespace crsw
