// The tokenizer against scikit-learn's default analyzer: Python's str.lower()
// then re.findall(r"(?u)\b\w\w+\b"). Expected tokens were printed by Python 3.11.
#include "embed/text_tokenizer.h"

#include <QtTest>

using namespace crsw;

class TestTextTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokensAsPython_data();
    void tokensAsPython();
    void wordCharacters();
    void viewsPointIntoTheBuffer();
};

void TestTextTokenizer::tokensAsPython_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("tokens");
    const auto row = [](const char *name, const char *text, std::initializer_list<const char *> tokens) {
        QStringList list;
        for (const char *token : tokens)
            list << QString::fromUtf8(token);
        QTest::newRow(name) << QString::fromUtf8(text) << list;
    };
    row("ascii", "Hello, World! It's 2024.", {"hello", "world", "it", "2024"});
    row("apostrophe, hyphen, underscore, 1-letter", "Don't stop-me now_ok x y zz", {"don", "stop", "me", "now_ok", "zz"});
    row("final sigma", "ΣΊΣΥΦΟΣ ΟΔΟΣ.", {"σίσυφος", "οδος"});
    row("final sigma of a two-letter word", "ŉ ΑΣ", {"ας"});
    row("dotted capital I lowers to i + combining dot", "İstanbul naïve CAFÉ", {"stanbul", "naïve", "café"});
    row("digits and numerics", "１２３ 日本語 ½½ Ⅻ ٣٤", {"１２３", "日本語", "½½", "٣٤"});
    row("ligature, sharp s, titlecase digraph", "ﬁne Straße ǅungla", {"ﬁne", "straße", "ǆungla"});
    row("html and punctuation", "<br />e-mail o'clock", {"br", "mail", "clock"});
    row("combining accent splits a word", "caf\xc3\xa9 cafe\xcc\x81", {"café", "cafe"});
    row("roman numeral twelve is one character", "Ⅻ", {});
    row("nothing", " ... — !", {});
    row("empty", "", {});
    row("line breaks and tabs", "one\ntwo\tthree\r\nfour", {"one", "two", "three", "four"});
    row("curly apostrophe", "it’s here", {"it", "here"});
}

void TestTextTokenizer::tokensAsPython()
{
    QFETCH(QString, text);
    QFETCH(QStringList, tokens);
    std::string buffer;
    std::vector<std::string_view> views;
    const QByteArray utf8 = text.toUtf8();
    TextTokenizer::tokenize(std::string_view(utf8.constData(), std::size_t(utf8.size())), buffer, views);
    QStringList got;
    for (std::string_view token : views)
        got << QString::fromUtf8(token.data(), qsizetype(token.size()));
    QCOMPARE(got, tokens);
}

void TestTextTokenizer::wordCharacters()
{
    QVERIFY(TextTokenizer::isWordChar(U'a'));
    QVERIFY(TextTokenizer::isWordChar(U'_'));
    QVERIFY(TextTokenizer::isWordChar(U'9'));
    QVERIFY(TextTokenizer::isWordChar(0x00E9));  // é
    QVERIFY(TextTokenizer::isWordChar(0x00BD));  // ½ (numeric)
    QVERIFY(TextTokenizer::isWordChar(0x65E5));  // 日
    QVERIFY(!TextTokenizer::isWordChar(U'-'));
    QVERIFY(!TextTokenizer::isWordChar(0x0301)); // combining acute: a mark, not alphanumeric
    QVERIFY(!TextTokenizer::isWordChar(0x2019)); // ’
    QVERIFY(!TextTokenizer::isWordChar(0x00A0)); // no-break space
    QVERIFY(!TextTokenizer::isWordChar(0xFFFD));
}

void TestTextTokenizer::viewsPointIntoTheBuffer()
{
    std::string buffer;
    std::vector<std::string_view> tokens{"stale"};
    TextTokenizer::tokenize("Crème BRÛLÉE, crème brûlée", buffer, tokens);
    QCOMPARE(tokens.size(), std::size_t(4));
    for (std::string_view token : tokens)
        QVERIFY(token.data() >= buffer.data() && token.data() + token.size() <= buffer.data() + buffer.size());
    QCOMPARE(tokens[0], tokens[2]);
    QCOMPARE(tokens[1], std::string_view("brûlée"));
}

QTEST_APPLESS_MAIN(TestTextTokenizer)
#include "test_text_tokenizer.moc"
