#include "placeholderhighlighter.h"

#include "synth/query_template_library.h"

#include <QByteArray>
#include <QColor>

#include <vector>

namespace crsw {

namespace {

QTextCharFormat escapeFormat()
{
    QTextCharFormat format;
    format.setForeground(QColor(0x80, 0x80, 0x80));
    return format;
}

QTextCharFormat commentFormat()
{
    QTextCharFormat format;
    format.setForeground(QColor(0x6a, 0x73, 0x7d));
    format.setFontItalic(true);
    return format;
}

// The QString position of each UTF-8 byte offset of `utf8` (and of its end):
// the core counts bytes, a QTextBlock counts UTF-16 units. A byte inside a
// character maps to that character's start.
std::vector<int> utf16Positions(const QByteArray &utf8)
{
    std::vector<int> positions(std::size_t(utf8.size()) + 1, 0);
    int next = 0, current = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        if ((byte & 0xC0) != 0x80) { // a lead byte: 4-byte characters take two UTF-16 units
            current = next;
            next += byte >= 0xF0 ? 2 : 1;
        }
        positions[std::size_t(i)] = current;
    }
    positions.back() = next;
    return positions;
}

} // namespace

PlaceholderHighlighter::PlaceholderHighlighter(QTextDocument *document, PromptTemplate::Rules rules, bool libraryLines)
    : QSyntaxHighlighter(document), m_rules(std::move(rules)), m_libraryLines(libraryLines)
{
}

QTextCharFormat PlaceholderHighlighter::placeholderFormat()
{
    QTextCharFormat format;
    format.setForeground(QColor(0x0b, 0x5c, 0xad));
    format.setBackground(QColor(0xe3, 0xee, 0xf8));
    format.setFontWeight(QFont::DemiBold);
    return format;
}

QTextCharFormat PlaceholderHighlighter::errorFormat()
{
    QTextCharFormat format;
    format.setForeground(QColor(0xb0, 0x1c, 0x1c));
    format.setBackground(QColor(0xfb, 0xe3, 0xe3));
    format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    format.setUnderlineColor(QColor(0xd0, 0x20, 0x20));
    return format;
}

void PlaceholderHighlighter::highlightBlock(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (m_libraryLines && !QueryTemplateLibrary::isTemplateLine(utf8.toStdString())) {
        setFormat(0, int(text.size()), commentFormat());
        return;
    }
    const std::vector<int> at = utf16Positions(utf8);
    for (const PromptTemplate::Token &token : PromptTemplate::scan(utf8.toStdString(), m_rules)) {
        const int begin = at[token.begin];
        const int length = at[token.begin + token.length] - begin;
        switch (token.kind) {
        case PromptTemplate::Token::Kind::Placeholder:
            setFormat(begin, length, placeholderFormat());
            break;
        case PromptTemplate::Token::Kind::Escape:
            setFormat(begin, length, escapeFormat());
            break;
        case PromptTemplate::Token::Kind::Error:
            setFormat(begin, length, errorFormat());
            break;
        case PromptTemplate::Token::Kind::Literal:
            break;
        }
    }
}

} // namespace crsw
