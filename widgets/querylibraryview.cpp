#include "querylibraryview.h"

#include "querylibrarymodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace crsw {

QueryLibraryView::QueryLibraryView(QTextDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_model(new QueryLibraryModel(document, this))
    , m_table(new QTableView(this))
    , m_count(new QLabel(this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_edit(new QPushButton(tr("Edit"), this))
    , m_delete(new QPushButton(tr("Delete"), this))
    , m_up(new QPushButton(tr("Move Up"), this))
    , m_down(new QPushButton(tr("Move Down"), this))
{
    setObjectName(QStringLiteral("queryLibraryView"));
    m_table->setObjectName(QStringLiteral("queryLibraryTable"));
    m_count->setObjectName(QStringLiteral("queryLibraryCount"));
    m_add->setObjectName(QStringLiteral("addQueryTemplate"));
    m_delete->setObjectName(QStringLiteral("deleteQueryTemplate"));
    m_up->setObjectName(QStringLiteral("moveQueryTemplateUp"));
    m_down->setObjectName(QStringLiteral("moveQueryTemplateDown"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);

    m_add->setToolTip(tr("Add a template after the selected one"));
    m_edit->setToolTip(tr("Edit the selected template (or double-click it)"));
    m_delete->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    m_up->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_down->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_count, 1);
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_delete);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);

    connect(m_add, &QPushButton::clicked, this, &QueryLibraryView::addTemplate);
    connect(m_edit, &QPushButton::clicked, this, &QueryLibraryView::editTemplate);
    connect(m_delete, &QPushButton::clicked, this, &QueryLibraryView::deleteTemplate);
    connect(m_up, &QPushButton::clicked, this, [this] { moveTemplate(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveTemplate(1); });
    connect(m_model, &QueryLibraryModel::countChanged, this, &QueryLibraryView::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueryLibraryView::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &QueryLibraryView::updateActions);
    updateCount();
    updateActions();
}

int QueryLibraryView::currentRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() && m_table->selectionModel()->isRowSelected(current.row(), QModelIndex()) ? current.row()
                                                                                                       : -1;
}

void QueryLibraryView::setCurrentRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_table->clearSelection();
        return;
    }
    m_table->selectionModel()->setCurrentIndex(m_model->index(row, QueryLibraryModel::TemplateColumn),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(m_model->index(row, 0));
    updateActions();
}

QString QueryLibraryView::countText() const
{
    return m_count->text();
}

void QueryLibraryView::addTemplate()
{
    const int row = m_model->insertTemplate(currentRow(), tr("Looking for a {genre} with {aspect}."));
    if (row < 0)
        return;
    setCurrentRow(row);
    m_table->edit(m_model->index(row, QueryLibraryModel::TemplateColumn));
}

void QueryLibraryView::editTemplate()
{
    const int row = currentRow();
    if (row >= 0)
        m_table->edit(m_model->index(row, QueryLibraryModel::TemplateColumn));
}

void QueryLibraryView::deleteTemplate()
{
    const int row = currentRow();
    if (row < 0 || !m_model->removeTemplate(row))
        return;
    setCurrentRow(qMin(row, m_model->rowCount() - 1));
}

void QueryLibraryView::moveTemplate(int delta)
{
    const int row = m_model->moveTemplate(currentRow(), delta);
    if (row >= 0)
        setCurrentRow(row);
}

void QueryLibraryView::updateActions()
{
    const int row = currentRow();
    m_edit->setEnabled(row >= 0);
    m_delete->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_model->rowCount());
}

void QueryLibraryView::updateCount()
{
    const int count = m_model->rowCount(), invalid = m_model->invalidCount();
    // Plain forms: the plural forms of %n would need an entry in every .ts.
    QString text = count == 1 ? tr("1 template") : tr("%1 templates").arg(count);
    if (invalid > 0)
        text += QStringLiteral(" · ") + (invalid == 1 ? tr("1 with an error") : tr("%1 with errors").arg(invalid));
    m_count->setText(text);
    updateActions();
}

} // namespace crsw
