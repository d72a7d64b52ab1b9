#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTextDocument;

namespace crsw {

class QueryLibraryModel;

/// The query-template library as a list: one template a row with what the
/// teacher sees of it, Add / Edit / Delete / Move Up / Move Down, and the
/// count. It edits the query_templates.txt document of the library's
/// TemplateEditor, which saves it.
class QueryLibraryView : public QWidget {
    Q_OBJECT
public:
    /// A view editing `document` (the library editor's).
    explicit QueryLibraryView(QTextDocument *document, QWidget *parent = nullptr);

    QueryLibraryModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    /// The selected row, or -1.
    int currentRow() const;
    /// Selects `row`.
    void setCurrentRow(int row);
    /// The count line ("44 templates").
    QString countText() const;

    /// Adds a template after the selected row (at the end without one), selects it and opens its editor.
    void addTemplate();
    /// Opens the selected row's editor.
    void editTemplate();
    /// Deletes the selected row.
    void deleteTemplate();
    /// Moves the selected row up (-1) or down (+1).
    void moveTemplate(int delta);

private:
    void updateActions();
    void updateCount();

    QueryLibraryModel *m_model;
    QTableView *m_table;
    QLabel *m_count;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_delete;
    QPushButton *m_up;
    QPushButton *m_down;
};

} // namespace crsw
