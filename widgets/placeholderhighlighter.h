#pragma once

#include "synth/prompt_template.h"

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace crsw {

/// Colours a template as the core's parser reads it (PromptTemplate::scan):
/// known placeholders in one colour, "{{" and "}}" escapes muted, and every
/// unknown placeholder, bad name and unbalanced brace marked as an error. In
/// library mode (query_templates.txt) comment and blank lines are muted and
/// each other line is one template. A placeholder never spans lines, so each
/// line is scanned on its own.
class PlaceholderHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    /// Highlights `document` against `rules`; `libraryLines`: the document is a query-template library.
    PlaceholderHighlighter(QTextDocument *document, PromptTemplate::Rules rules, bool libraryLines);

    /// The formats used (tests look at them).
    static QTextCharFormat placeholderFormat();
    static QTextCharFormat errorFormat();

protected:
    void highlightBlock(const QString &text) override;

private:
    PromptTemplate::Rules m_rules;
    bool m_libraryLines;
};

} // namespace crsw
