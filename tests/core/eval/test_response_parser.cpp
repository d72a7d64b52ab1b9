// The answer parser against cases whose expected titles were produced by
// Python's re/str running the protocol (tests/data/eval/make_parser_cases.py).
#include "eval/response_parser.h"

#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace crsw;

class TestResponseParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPython_data();
    void matchesPython();
    void removeParenthesizedIsOnePass();
};

void TestResponseParser::matchesPython_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QStringList>("expected");
    std::ifstream in(test::fixture(QStringLiteral("eval/parser_cases.jsonl")).toStdString());
    QVERIFY(in.good());
    std::string line;
    int rows = 0;
    while (std::getline(in, line)) {
        const auto value = nlohmann::json::parse(line);
        QStringList expected;
        for (const auto &title : value["expected"])
            expected << QString::fromStdString(title.get<std::string>());
        QTest::newRow(value["name"].get<std::string>().c_str())
            << QString::fromStdString(value["answer"].get<std::string>()) << expected;
        ++rows;
    }
    QVERIFY(rows >= 20);
}

void TestResponseParser::matchesPython()
{
    QFETCH(QString, answer);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const std::string &title : parseRecommendations(answer.toStdString()))
        got << QString::fromStdString(title);
    QCOMPARE(got, expected);
}

void TestResponseParser::removeParenthesizedIsOnePass()
{
    QCOMPARE(removeParenthesized(U"a ((b)) c"), std::u32string(U"a () c"));
    QCOMPARE(removeParenthesized(U"(x)(y)z"), std::u32string(U"z"));
    QCOMPARE(removeParenthesized(U"open ( (inner) close"), std::u32string(U"open (  close"));
    QCOMPARE(removeParenthesized(U")("), std::u32string(U")("));
}

QTEST_APPLESS_MAIN(TestResponseParser)
#include "test_response_parser.moc"
