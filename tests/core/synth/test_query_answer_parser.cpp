// core/synth: parsing the teacher's answer to prompt 1 into queries (JSON
// arrays, numbered and bulleted lists, code fences, prose around, junk).
#include "synth/query_answer_parser.h"

#include <QtTest>

using namespace crsw;

Q_DECLARE_METATYPE(std::vector<std::string>)

class TestQueryAnswerParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        using V = std::vector<std::string>;
        QTest::addColumn<QString>("answer");
        QTest::addColumn<V>("queries");
        QTest::newRow("json array") << QStringLiteral("[\"A dark thriller?\", \"Something cozy\"]")
                                    << V{"A dark thriller?", "Something cozy"};
        QTest::newRow("json in fence with prose")
            << QStringLiteral("Sure! Here they are:\n```json\n[\n  \"One\",\n  \"Two, with a comma\"\n]\n```\nEnjoy.")
            << V{"One", "Two, with a comma"};
        QTest::newRow("json objects") << QStringLiteral("[{\"query\": \"Q1\"}, {\"request\": \"Q2\"}, {\"x\": 1}]")
                                      << V{"Q1", "Q2"};
        QTest::newRow("numbered list") << QStringLiteral("Here you go:\n1. \"First one\"\n2) Second one\n\n3. Third")
                                       << V{"First one", "Second one", "Third"};
        QTest::newRow("bullets") << QStringLiteral("- alpha\n* beta\n\u2022 gamma\n-not a bullet")
                                 << V{"alpha", "beta", "gamma"};
        QTest::newRow("fenced list") << QStringLiteral("```\n1. a\n2. b\n```") << V{"a", "b"};
        QTest::newRow("broken json falls back to list") << QStringLiteral("[\"a\", \"b\"\n1. c") << V{"c"};
        QTest::newRow("typographic quotes, trailing commas, repeats")
            << QStringLiteral("1. \u201cQuoted\u201d,\n2. Quoted\n3. Other") << V{"Quoted", "Other"};
        QTest::newRow("junk") << QStringLiteral("I cannot help with that.") << V{};
        QTest::newRow("empty") << QString() << V{};
        QTest::newRow("numbers without text") << QStringLiteral("1.\n2. ") << V{};
        QTest::newRow("any number starts a list item") << QStringLiteral("1999. A year\n2001 Space") << V{"A year"};
    }

    void parse()
    {
        QFETCH(QString, answer);
        QFETCH(std::vector<std::string>, queries);
        QCOMPARE(parseQueryList(answer.toStdString()), queries);
    }
};

QTEST_APPLESS_MAIN(TestQueryAnswerParser)
#include "test_query_answer_parser.moc"
