#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

namespace crsw {

/// A folder path: a line edit and a "Browse…" button that opens a folder
/// dialog (PathField's counterpart for folders: model and run folders).
class TrainingFolderField : public QWidget {
    Q_OBJECT
public:
    explicit TrainingFolderField(const QString &dialogTitle, QWidget *parent = nullptr);

    /// The path as shown (native separators converted back).
    QString path() const;
    /// Shows `path` without emitting edited().
    void setPath(const QString &path);
    /// The line edit (placeholder text, tests).
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    /// The user typed (on finishing the edit) or browsed to a new path.
    void edited(const QString &path);

private:
    QLineEdit *m_edit;
    QPushButton *m_browse;
    QString m_dialogTitle;
};

} // namespace crsw
