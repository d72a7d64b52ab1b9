#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

namespace crsw {

/// A file path: a line edit and a "Browse…" button that opens a file dialog
/// with a name filter.
class PathField : public QWidget {
    Q_OBJECT
public:
    /// A field whose Browse button opens a dialog titled `dialogTitle` with `nameFilter`.
    PathField(const QString &dialogTitle, const QString &nameFilter, QWidget *parent = nullptr);

    /// The path as shown (native separators converted back).
    QString path() const;
    /// Shows `path` without emitting edited().
    void setPath(const QString &path);
    /// The folder the dialog starts in when the field is empty.
    void setStartFolder(const QString &folder) { m_startFolder = folder; }
    /// The line edit (placeholder text, tests).
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    /// The user typed or browsed to a new path.
    void edited(const QString &path);

private:
    void browse();

    QLineEdit *m_edit;
    QPushButton *m_browse;
    QString m_dialogTitle;
    QString m_nameFilter;
    QString m_startFolder;
};

} // namespace crsw
