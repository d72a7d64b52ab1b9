#include "templateeditor.h"

#include "messagebanner.h"
#include "placeholderhighlighter.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace crsw {

TemplateEditor::TemplateEditor(TemplateFiles::Kind kind, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_description(new QLabel(TemplateFiles::description(kind), this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_edit(new QPlainTextEdit(this))
    , m_highlighter(new PlaceholderHighlighter(m_edit->document(), TemplateFiles::rules(kind),
                                               kind == TemplateFiles::Kind::Library))
    , m_validation(new QLabel(this))
    , m_cursorLabel(new QLabel(this))
    , m_banner(new MessageBanner(this))
    , m_pathLabel(new QLabel(this))
    , m_restoreButton(new QPushButton(tr("Restore Default"), this))
    , m_revertButton(new QPushButton(tr("Revert"), this))
    , m_saveButton(new QPushButton(tr("Save"), this))
{
    const QString id = TemplateFiles::fileName(kind).section(QLatin1Char('.'), 0, 0);
    setObjectName(QStringLiteral("templateEditor_") + id);
    m_edit->setObjectName(QStringLiteral("templateText"));
    m_validation->setObjectName(QStringLiteral("templateValidation"));
    m_saveButton->setObjectName(QStringLiteral("saveTemplate"));
    m_revertButton->setObjectName(QStringLiteral("revertTemplate"));
    m_restoreButton->setObjectName(QStringLiteral("restoreDefaultTemplate"));

    m_description->setWordWrap(true);
    m_description->setForegroundRole(QPalette::PlaceholderText);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // A library line is one template: wrapping would hide where lines end.
    m_edit->setLineWrapMode(kind == TemplateFiles::Kind::Library ? QPlainTextEdit::NoWrap
                                                                 : QPlainTextEdit::WidgetWidth);
    m_edit->setTabChangesFocus(true);
    m_validation->setWordWrap(true);
    m_validation->setTextFormat(Qt::RichText);
    m_validation->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_pathLabel->setForegroundRole(QPalette::PlaceholderText);
    // A long path must not widen the window: the label gives up its width (the tooltip has it all).
    m_pathLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_pathLabel->setMinimumWidth(40);
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cursorLabel->setForegroundRole(QPalette::PlaceholderText);
    m_saveButton->setToolTip(tr("Write the file (atomically); refused while the template has an error (Ctrl+S)"));
    m_revertButton->setToolTip(tr("Drop the edits and read the file again"));
    m_restoreButton->setToolTip(tr("Put the built-in default text in the editor (Save writes it; Undo takes it back)"));

    m_splitter->addWidget(m_edit);
    m_splitter->setChildrenCollapsible(false);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_validation, 1);
    statusRow->addWidget(m_cursorLabel, 0, Qt::AlignTop);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pathLabel, 1);
    buttons->addWidget(m_restoreButton);
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_saveButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_description);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(statusRow);
    layout->addWidget(m_banner);
    layout->addLayout(buttons);

    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        validate();
        updateActions();
        Q_EMIT textChanged();
    });
    connect(m_edit, &QPlainTextEdit::cursorPositionChanged, this, &TemplateEditor::updateCursorLabel);
    connect(m_edit->document(), &QTextDocument::modificationChanged, this, [this] {
        updateActions();
        Q_EMIT modificationChanged(isModified());
    });
    connect(m_validation, &QLabel::linkActivated, this, &TemplateEditor::goToProblem);
    connect(m_saveButton, &QPushButton::clicked, this, &TemplateEditor::save);
    connect(m_revertButton, &QPushButton::clicked, this, &TemplateEditor::revert);
    connect(m_restoreButton, &QPushButton::clicked, this, &TemplateEditor::restoreDefault);
    auto *saveShortcut = new QShortcut(QKeySequence::Save, this, this, &TemplateEditor::save);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    load(QString());
}

QTextDocument *TemplateEditor::document() const
{
    return m_edit->document();
}

void TemplateEditor::setTopWidget(QWidget *widget)
{
    m_splitter->insertWidget(0, widget);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
}

QString TemplateEditor::filePath() const
{
    return m_dir.isEmpty() ? QString() : QDir(m_dir).filePath(TemplateFiles::fileName(m_kind));
}

QString TemplateEditor::text() const
{
    return m_edit->toPlainText();
}

bool TemplateEditor::isModified() const
{
    return !m_dir.isEmpty() && (!m_fileExists || m_edit->document()->isModified());
}

QString TemplateEditor::bannerText() const
{
    return m_banner->text();
}

void TemplateEditor::load(const QString &templatesDir)
{
    m_dir = templatesDir;
    m_banner->clear();
    m_fileExists = false;
    setEnabled(!m_dir.isEmpty());
    if (m_dir.isEmpty()) {
        resetText(QString());
        m_pathLabel->setText(tr("No workspace is open."));
        return;
    }
    const QString path = filePath();
    m_pathLabel->setText(QDir::toNativeSeparators(path));
    m_pathLabel->setToolTip(m_pathLabel->text());
    if (!QFileInfo::exists(path)) {
        resetText(TemplateFiles::defaultText(m_kind));
        m_banner->showMessage(MessageBanner::Kind::Info,
                              tr("%1 does not exist yet: this is the default text, which `crsw synth` would write. "
                                 "Save writes it.")
                                  .arg(TemplateFiles::sourceName(m_kind)));
        updateActions();
        return;
    }
    try {
        resetText(QString::fromStdString(readWholeFile(path.toStdString())));
        m_fileExists = true;
    } catch (const Error &e) {
        resetText(QString());
        m_banner->showMessage(MessageBanner::Kind::Error, QString::fromStdString(e.what()));
    }
    updateActions();
}

void TemplateEditor::resetText(const QString &text)
{
    // Not an edit: the undo history starts here and the document is unmodified.
    m_edit->setPlainText(text);
    m_edit->document()->setModified(false);
    validate();
    updateActions();
}

void TemplateEditor::setText(const QString &text)
{
    QTextCursor cursor(m_edit->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
    cursor.endEditBlock();
}

void TemplateEditor::validate()
{
    m_problem = TemplateFiles::validate(m_kind, text());
    if (m_problem.valid()) {
        m_validation->setText(QStringLiteral("<span style=\"color:#1e7b34\">&#x2714;</span> ")
                              + tr("No problems: %1 is ready to save.").arg(TemplateFiles::sourceName(m_kind)));
        return;
    }
    QString where;
    if (m_problem.line > 0)
        where = QStringLiteral(" <a href=\"goto\">%1</a>")
                    .arg(m_problem.column > 0 ? tr("Go to line %1, column %2").arg(m_problem.line).arg(m_problem.column)
                                              : tr("Go to line %1").arg(m_problem.line));
    m_validation->setText(QStringLiteral("<span style=\"color:#b01c1c\">&#x2716; %1</span>%2")
                              .arg(m_problem.message.toHtmlEscaped(), where));
}

QString TemplateEditor::validationText() const
{
    return m_problem.valid() ? tr("No problems: %1 is ready to save.").arg(TemplateFiles::sourceName(m_kind))
                             : m_problem.message;
}

void TemplateEditor::goToProblem()
{
    if (m_problem.line <= 0)
        return;
    const QTextBlock block = m_edit->document()->findBlockByNumber(m_problem.line - 1);
    if (!block.isValid())
        return;
    // The core counts columns in UTF-8 bytes.
    const QByteArray utf8 = block.text().toUtf8();
    const int bytes = qBound(0, m_problem.column - 1, int(utf8.size()));
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor,
                        int(QString::fromUtf8(utf8.left(bytes)).size()));
    m_edit->setTextCursor(cursor);
    m_edit->setFocus();
}

bool TemplateEditor::save()
{
    if (m_dir.isEmpty())
        return false;
    if (!m_problem.valid()) {
        m_banner->showMessage(MessageBanner::Kind::Error,
                              tr("Not saved: the template has an error, and `crsw synth` would refuse it.\n%1")
                                  .arg(m_problem.message));
        return false;
    }
    const QString path = filePath();
    try {
        makeDirectories(m_dir.toStdString());
        writeFileAtomically(path.toStdString(), text().toStdString());
    } catch (const Error &e) {
        m_banner->showMessage(MessageBanner::Kind::Error, tr("Not saved: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    m_fileExists = true;
    m_edit->document()->setModified(false);
    m_banner->showMessage(MessageBanner::Kind::Info, tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    updateActions();
    Q_EMIT modificationChanged(false);
    Q_EMIT saved(path);
    return true;
}

void TemplateEditor::revert()
{
    load(m_dir); // setPlainText() emits textChanged()
}

void TemplateEditor::restoreDefault()
{
    setText(TemplateFiles::defaultText(m_kind));
}

void TemplateEditor::updateActions()
{
    const bool open = !m_dir.isEmpty();
    m_saveButton->setEnabled(open && isModified());
    m_revertButton->setEnabled(open && m_fileExists && m_edit->document()->isModified());
    m_restoreButton->setEnabled(open && text() != TemplateFiles::defaultText(m_kind));
}

void TemplateEditor::updateCursorLabel()
{
    const QTextCursor cursor = m_edit->textCursor();
    m_cursorLabel->setText(tr("Line %1, column %2").arg(cursor.blockNumber() + 1).arg(cursor.positionInBlock() + 1));
}

} // namespace crsw
