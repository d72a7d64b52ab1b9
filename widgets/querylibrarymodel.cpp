#include "querylibrarymodel.h"

#include "common/error.h"
#include "synth/query_template_library.h"

#include <QBrush>
#include <QColor>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace crsw {

QueryLibraryModel::QueryLibraryModel(QTextDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document)
{
    connect(m_document, &QTextDocument::contentsChanged, this, &QueryLibraryModel::rebuild);
    rebuild();
}

void QueryLibraryModel::rebuild()
{
    QList<Row> rows;
    for (QTextBlock block = m_document->begin(); block.isValid(); block = block.next()) {
        const std::string line = block.text().toStdString();
        if (!QueryTemplateLibrary::isTemplateLine(line))
            continue;
        Row row;
        row.block = block.blockNumber();
        row.text = block.text().trimmed();
        try {
            // The core's own parse of this one line: the example it gives the teacher, or its error.
            const QueryTemplateLibrary one = QueryTemplateLibrary::parse(line, std::string());
            row.example = QString::fromStdString(one.example(0));
        } catch (const Error &e) {
            const std::string &field = e.where().field;
            row.error = QString::fromStdString(field.empty() ? e.reason() : field + ": " + e.reason());
        }
        rows.push_back(std::move(row));
    }
    const int oldInvalid = invalidCount();
    if (rows.size() == m_rows.size()) {
        // Same shape (an edit within lines): keep the view's selection and editor.
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, 0, int(m_rows.size()) - 1);
        if (invalidCount() != oldInvalid)
            Q_EMIT countChanged(int(m_rows.size()), invalidCount());
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT countChanged(int(m_rows.size()), invalidCount());
}

int QueryLibraryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QueryLibraryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryLibraryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == TemplateColumn)
            return row.text;
        return row.error.isEmpty() ? row.example : row.error;
    case Qt::EditRole:
        return index.column() == TemplateColumn ? QVariant(row.text) : QVariant();
    case Qt::ToolTipRole:
        return row.error.isEmpty() ? row.example : row.error;
    case Qt::ForegroundRole:
        if (!row.error.isEmpty())
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        if (index.column() == ExampleColumn)
            return QBrush(QColor(0x55, 0x5d, 0x66));
        return {};
    case Qt::BackgroundRole:
        return row.error.isEmpty() ? QVariant() : QVariant(QBrush(QColor(0xfb, 0xe3, 0xe3)));
    default:
        return {};
    }
}

bool QueryLibraryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.column() != TemplateColumn)
        return false;
    return setTemplate(index.row(), value.toString());
}

Qt::ItemFlags QueryLibraryModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == TemplateColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant QueryLibraryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        // The template's number (the preview names templates by it); its line in the tooltip.
        if (section < 0 || section >= m_rows.size())
            return {};
        if (role == Qt::DisplayRole)
            return section + 1;
        if (role == Qt::ToolTipRole)
            return tr("Line %1 of query_templates.txt").arg(lineOf(section));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    return section == TemplateColumn ? tr("Template") : tr("As the teacher sees it");
}

QString QueryLibraryModel::templateAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].text : QString();
}

int QueryLibraryModel::lineOf(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].block + 1 : 0;
}

QString QueryLibraryModel::errorAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].error : QString();
}

int QueryLibraryModel::invalidCount() const
{
    int count = 0;
    for (const Row &row : m_rows)
        count += row.error.isEmpty() ? 0 : 1;
    return count;
}

bool QueryLibraryModel::acceptable(const QString &text)
{
    return !text.contains(QLatin1Char('\n')) && !text.contains(QChar::ParagraphSeparator)
        && QueryTemplateLibrary::isTemplateLine(text.toStdString());
}

bool QueryLibraryModel::setTemplate(int row, const QString &text)
{
    const QString line = text.trimmed();
    if (row < 0 || row >= m_rows.size() || !acceptable(line))
        return false;
    if (line == m_rows[row].text)
        return true;
    QTextCursor cursor(m_document->findBlockByNumber(m_rows[row].block));
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    cursor.insertText(line);
    return true;
}

int QueryLibraryModel::insertTemplate(int row, const QString &text)
{
    const QString line = text.trimmed();
    if (!acceptable(line) || row >= m_rows.size())
        return -1;
    QTextCursor cursor(m_document);
    if (row >= 0) {
        cursor = QTextCursor(m_document->findBlockByNumber(m_rows[row].block));
        cursor.movePosition(QTextCursor::EndOfBlock);
        cursor.insertText(QLatin1Char('\n') + line);
    } else {
        // At the end; a file ending in a newline keeps ending in one.
        cursor.movePosition(QTextCursor::End);
        if (cursor.block().text().isEmpty())
            cursor.insertText(line + QLatin1Char('\n'));
        else
            cursor.insertText(QLatin1Char('\n') + line);
    }
    return row >= 0 ? row + 1 : int(m_rows.size()) - 1;
}

bool QueryLibraryModel::removeTemplate(int row)
{
    if (row < 0 || row >= m_rows.size())
        return false;
    const QTextBlock block = m_document->findBlockByNumber(m_rows[row].block);
    QTextCursor cursor(block);
    if (block.next().isValid()) {
        cursor.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
    } else if (block.previous().isValid()) {
        // The last line, with no line break after it: take the one before it.
        cursor.setPosition(block.position() - 1);
        cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    } else {
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    }
    cursor.removeSelectedText();
    return true;
}

int QueryLibraryModel::moveTemplate(int row, int delta)
{
    const int other = row + delta;
    if ((delta != -1 && delta != 1) || row < 0 || row >= m_rows.size() || other < 0 || other >= m_rows.size())
        return -1;
    // The two lines trade texts; the comment lines between them stay put.
    const QString a = m_rows[row].text, b = m_rows[other].text;
    const int blockA = m_rows[row].block, blockB = m_rows[other].block;
    QTextCursor cursor(m_document);
    cursor.beginEditBlock();
    for (const auto &[block, text] : {std::pair<int, QString>{blockA, b}, std::pair<int, QString>{blockB, a}}) {
        QTextCursor line(m_document->findBlockByNumber(block));
        line.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        line.insertText(text);
    }
    cursor.endEditBlock();
    return other;
}

} // namespace crsw
