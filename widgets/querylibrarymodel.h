#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

class QTextDocument;

namespace crsw {

/// The query-template library as a table: one row per template line of the
/// query_templates.txt text being edited (comment and blank lines are not
/// rows), with the template, what the teacher sees of it in {examples}, and
/// the core's error when the line is invalid. The document is the one truth:
/// the model reads it on every change, and its edits (set, add, delete,
/// move) are undoable edits of the document, so the table and the text
/// editor always agree. Comment lines stay where they are.
class QueryLibraryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TemplateColumn, ExampleColumn, ColumnCount };

    /// A model of `document` (not owned; it must outlive the model).
    explicit QueryLibraryModel(QTextDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /// Columns: "Template", "As the teacher sees it"; rows: the template's number (its line in the tooltip).
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The template of `row` as written.
    QString templateAt(int row) const;
    /// The 1-based line of `row` in the file.
    int lineOf(int row) const;
    /// The core's error for `row` ("column 9: unknown placeholder {genr}; ..."), empty when valid.
    QString errorAt(int row) const;
    /// How many rows are invalid.
    int invalidCount() const;

    /// Replaces the template of `row`. Refuses (false) text that would not be
    /// a template line: empty, starting with '#', or spanning lines.
    bool setTemplate(int row, const QString &text);
    /// Inserts a template line after `row` (-1: after the last line); returns its row, or -1 if refused.
    int insertTemplate(int row, const QString &text);
    /// Deletes the line of `row`.
    bool removeTemplate(int row);
    /// Moves `row` up (delta -1) or down (+1) past its neighbouring template;
    /// returns its new row, or -1 when it cannot move.
    int moveTemplate(int row, int delta);

Q_SIGNALS:
    /// The number of templates or of invalid ones changed.
    void countChanged(int count, int invalid);

private:
    struct Row {
        int block = 0;      ///< the line's block number in the document
        QString text;       ///< the line as written
        QString example;    ///< as the teacher sees it
        QString error;      ///< the core's error, empty when valid
    };
    void rebuild();
    static bool acceptable(const QString &text);

    QTextDocument *m_document;
    QList<Row> m_rows;
};

} // namespace crsw
