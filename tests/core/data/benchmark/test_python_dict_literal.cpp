// Python dict literals of the INSPIRED *_dict columns: what ast.literal_eval accepts, exactly.
#include "common/error.h"
#include "data/benchmark/python_dict_literal.h"

#include <QtTest>

using namespace crsw;

Q_DECLARE_METATYPE(crsw::PythonStrIntDict)

class TestPythonDictLiteral : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
};

void TestPythonDictLiteral::valid_data()
{
    // Expected values are what python3's ast.literal_eval returns for the same text.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<PythonStrIntDict>("expected");
    const auto row = [](const char *tag, const char *text, PythonStrIntDict expected) {
        QTest::newRow(tag) << QByteArray(text) << expected;
    };
    row("empty", "{}", {});
    row("empty with spaces", " { } ", {});
    row("one entry", "{'a': 1}", {{"a", 1}});
    row("trailing comma", "{'a': 1,}", {{"a", 1}});
    row("real INSPIRED cell", "{'Hustlers (2019)': 0, 'Deadpool (2016)': 1}", {{"Hustlers (2019)", 0}, {"Deadpool (2016)", 1}});
    row("double quotes for an apostrophe", "{\"Ender's Game (2013)\": 2}", {{"Ender's Game (2013)", 2}});
    row("escaped quote", "{'It\\'s': 1}", {{"It's", 1}});
    row("escaped double quote", "{\"say \\\"hi\\\"\": 1}", {{"say \"hi\"", 1}});
    row("tab escape", "{'tab\\there': 1}", {{"tab\there", 1}});
    row("hex, u and U escapes", "{'\\x41\\u00e9\\U0001F600': 1}", {{"A\u00e9\U0001F600", 1}});
    row("octal escape", "{'\\101\\0': 1}", {{std::string("A\0", 2), 1}});
    row("unknown escape kept", "{'\\d': 1}", {{"\\d", 1}});
    row("backslash", "{'Back\\\\slash': 1}", {{"Back\\slash", 1}});
    row("line continuation", "{'line\\\ncont': 1}", {{"linecont", 1}});
    row("adjacent literals", "{'a' \"b\": 1}", {{"ab", 1}});
    row("repeated key: first place, last value", "{'a': 1, 'b': 3, 'a': 2}", {{"a", 2}, {"b", 3}});
    row("signs and separators", "{'a': -5, 'b': +7, 'c': 1_000}", {{"a", -5}, {"b", 7}, {"c", 1000}});
    row("zeros", "{'a': 00}", {{"a", 0}});
    row("multi-line", "{\n 'a': 1,\n 'b': 2\n}", {{"a", 1}, {"b", 2}});
    row("int64 limits", "{'a': 9223372036854775807, 'b': -9223372036854775808}",
        {{"a", std::numeric_limits<std::int64_t>::max()}, {"b", std::numeric_limits<std::int64_t>::min()}});
    row("raw UTF-8", "{'Am\u00e9lie': 1}", {{"Am\u00e9lie", 1}});
}

void TestPythonDictLiteral::valid()
{
    QFETCH(QByteArray, text);
    QFETCH(PythonStrIntDict, expected);
    const PythonStrIntDict got = parsePythonStrIntDict(text.toStdString());
    QCOMPARE(got.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(got[i].first, expected[i].first);
        QCOMPARE(got[i].second, expected[i].second);
    }
}

void TestPythonDictLiteral::invalid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason");
    const auto row = [](const char *tag, const char *text, const char *reason) {
        QTest::newRow(tag) << QByteArray(text) << QString::fromUtf8(reason);
    };
    row("empty text", "", "expected '{', found the end at offset 0");
    row("real broken cell", "{'Murder Mystery (2019)': 0, 'Office Space (1999): 1}", "unterminated string starting at offset 29");
    row("missing colon", "{'a' 1}", "expected ':' at offset 5");
    row("missing comma", "{'a': 1 'b': 2}", "expected ',' or '}' at offset 8");
    row("float value", "{'a': 1.5}", "expected an integer value at offset 6");
    row("name value", "{'a': x}", "expected an integer value at offset 6");
    row("bool value", "{'a': True}", "expected an integer value at offset 6");
    row("leading zero", "{'a': 01}", "leading zeros in an integer at offset 6");
    row("too big", "{'a': 9223372036854775808}", "integer out of range at offset 6");
    row("unquoted key", "{a: 1}", "expected a quoted key at offset 1");
    row("integer key", "{1: 2}", "expected a quoted key at offset 1");
    row("text after", "{'a': 1} extra", "unexpected text after '}' at offset 9");
    row("short hex escape", "{'a\\x4': 1}", "truncated \\x escape at offset 3");
    row("named escape", "{'\\N{DASH}': 1}", "\\N{...} escapes are not supported at offset 2");
    row("lone surrogate", "{'\\ud800': 1}", "escape gives no valid character at offset 2");
    row("newline in string", "{'a\nb': 1}", "unterminated string starting at offset 1");
    row("cut after value", "{'a': 1", "expected ',' or '}', found the end at offset 7");
    row("cut after colon", "{'a':", "expected an integer value at offset 5");
    row("a list", "[('a', 1)]", "expected '{' at offset 0");
}

void TestPythonDictLiteral::invalid()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    try {
        parsePythonStrIntDict(text.toStdString());
        QFAIL("must be refused");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()), QStringLiteral("invalid dict literal: ") + reason);
    }
}

QTEST_GUILESS_MAIN(TestPythonDictLiteral)
#include "test_python_dict_literal.moc"
