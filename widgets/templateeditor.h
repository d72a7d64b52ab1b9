#pragma once

#include "templatefiles.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTextDocument;

namespace crsw {

class MessageBanner;
class PlaceholderHighlighter;

/// The editor of one template file of a workspace's templates/ folder:
/// the text with its placeholders highlighted, the core's validation message
/// (file, line and column) updated as the user types, and Save (atomic;
/// refused while the text is invalid), Revert (to the file) and Restore
/// Default (the compiled-in text, as an undoable edit).
class TemplateEditor : public QWidget {
    Q_OBJECT
public:
    /// An empty editor for the file of `kind`; load() fills it.
    explicit TemplateEditor(TemplateFiles::Kind kind, QWidget *parent = nullptr);

    TemplateFiles::Kind kind() const { return m_kind; }
    /// Reads the file from `templatesDir` (W/templates); while the file does
    /// not exist yet the default text is shown and Save writes it. An empty
    /// `templatesDir` (no workspace) clears and disables the editor.
    void load(const QString &templatesDir);
    /// The file edited (empty without a workspace).
    QString filePath() const;
    /// True when the file exists on disk.
    bool fileExists() const { return m_fileExists; }

    /// The text being edited.
    QString text() const;
    /// Replaces the whole text as one undoable edit.
    void setText(const QString &text);
    /// True when the text differs from the file (or the file does not exist yet).
    bool isModified() const;
    /// The core's verdict on the current text.
    const TemplateFiles::Problem &problem() const { return m_problem; }
    bool isValid() const { return m_problem.valid(); }
    /// The validation line shown under the text.
    QString validationText() const;
    /// The last save's (or load's) message, empty when none is shown.
    QString bannerText() const;

    /// Writes the text to the file atomically. Refuses (false, with a
    /// message naming the problem) when the text is invalid or the write fails.
    bool save();
    /// Reloads the file, dropping the edits.
    void revert();
    /// Puts the default text in the editor (unsaved, undoable).
    void restoreDefault();
    /// Moves the cursor to the validation problem's line and column.
    void goToProblem();

    /// The text widget and its document (the library's table edits the document).
    QPlainTextEdit *textEdit() const { return m_edit; }
    QTextDocument *document() const;
    /// Puts `widget` above the text, in a splitter (the library's table).
    void setTopWidget(QWidget *widget);

Q_SIGNALS:
    /// The text changed (validation already updated).
    void textChanged();
    /// isModified() changed.
    void modificationChanged(bool modified);
    /// The file was written.
    void saved(const QString &path);

private:
    void validate();
    void updateActions();
    void updateCursorLabel();
    void resetText(const QString &text);

    TemplateFiles::Kind m_kind;
    QString m_dir;
    bool m_fileExists = false;
    TemplateFiles::Problem m_problem;

    QLabel *m_description;
    QSplitter *m_splitter;
    QPlainTextEdit *m_edit;
    PlaceholderHighlighter *m_highlighter;
    QLabel *m_validation;
    QLabel *m_cursorLabel;
    MessageBanner *m_banner;
    QLabel *m_pathLabel;
    QPushButton *m_restoreButton;
    QPushButton *m_revertButton;
    QPushButton *m_saveButton;
};

} // namespace crsw
