// core/synth: prompt templates (placeholders, escapes, the checks and where
// they point), the query-template library, the default templates and their
// workspace files.
#include "common/error.h"
#include "synth/default_templates.h"
#include "synth/prompt_template.h"
#include "synth/query_template_library.h"
#include "synth/synth_templates.h"

#include "error_text.h"
#include "test_files.h"
#include "test_paths.h"

#include <QtTest>

#include <tuple>

using namespace crsw;

namespace {

const PromptTemplate::Rules kRules{{"reviews", "metadata", "n"}, {"reviews"}};

using crsw::test::errorOf;

} // namespace

class TestPromptTemplate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validation_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error"); // empty = valid
        QTest::newRow("valid") << QStringLiteral("Reviews:\n{reviews}\nWrite {n}.") << QString();
        QTest::newRow("escaped braces") << QStringLiteral("{reviews} as {{\"a\": 1}}") << QString();
        QTest::newRow("unknown") << QStringLiteral("{reviews}\nsee {revews} here")
                                 << QStringLiteral("t.txt:2: column 5: unknown placeholder {revews}; this template knows {metadata}, {n}, {reviews}");
        QTest::newRow("missing required") << QStringLiteral("only {metadata}")
                                          << QStringLiteral("t.txt:1: required placeholder {reviews} is missing");
        QTest::newRow("unbalanced open") << QStringLiteral("{reviews}\n\nab {reviews")
                                         << QStringLiteral("t.txt:3: column 4: unbalanced '{'");
        QTest::newRow("open across lines") << QStringLiteral("{reviews} {n\n}")
                                           << QStringLiteral("t.txt:1: column 11: unbalanced '{'");
        QTest::newRow("unbalanced close") << QStringLiteral("{reviews} x }")
                                          << QStringLiteral("t.txt:1: column 13: unbalanced '}'");
        QTest::newRow("bad name") << QStringLiteral("{reviews} {a b}")
                                  << QStringLiteral("t.txt:1: column 11: '{a b}' is not a placeholder name");
        QTest::newRow("empty name") << QStringLiteral("{reviews} {}")
                                    << QStringLiteral("t.txt:1: column 11: '{}' is not a placeholder name");
    }

    void validation()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        const QString got = errorOf([&] { PromptTemplate(text.toStdString(), kRules, "t.txt"); });
        if (error.isEmpty())
            QVERIFY2(got.isEmpty(), qPrintable(got));
        else
            QVERIFY2(got.startsWith(error), qPrintable(got));
    }

    void linesCountFromFirstLine()
    {
        const QString got = errorOf([] { PromptTemplate("a {x}", kRules, "lib.txt", 12); });
        QVERIFY2(got.startsWith(QStringLiteral("lib.txt:12: column 3: unknown placeholder {x}")), qPrintable(got));
    }

    void rendering()
    {
        const PromptTemplate t("R: {reviews}; {{n}} = {n}; again {reviews}", kRules, "t.txt");
        QCOMPARE(t.placeholders(), (std::vector<std::string>{"reviews", "n"}));
        QVERIFY(t.uses("n") && !t.uses("metadata"));
        // Values are inserted as they are, never expanded again.
        QCOMPARE(QString::fromStdString(t.render({{"reviews", "{n}"}, {"n", "5"}})),
                 QStringLiteral("R: {n}; {n} = 5; again {n}"));
        QVERIFY(errorOf([&] { t.render({{"reviews", "x"}}); }).contains(QStringLiteral("no value for placeholder {n}")));
    }

    void emptyRender()
    {
        const PromptTemplate t(" {reviews}\n", kRules, "t.txt");
        QVERIFY(errorOf([&] { t.render({{"reviews", "  "}}); }).contains(QStringLiteral("renders to an empty text")));
    }

    void library()
    {
        const QueryTemplateLibrary lib = QueryTemplateLibrary::parse(
            "# comment\n\nLike {like} but {aspect}.\r\n  A {genre} please  \n", "q.txt");
        QCOMPARE(lib.size(), std::size_t(2));
        QCOMPARE(lib.entry(0).line, 3);
        QCOMPARE(QString::fromStdString(lib.example(0)), QStringLiteral("Like X but [aspect]."));
        QCOMPARE(QString::fromStdString(lib.fill(1, {{"genre", "western"}, {"aspect", ""}, {"aspect2", ""}, {"like", ""}})),
                 QStringLiteral("A western please"));
        // Columns count from the line's start, indentation included.
        QVERIFY(errorOf([] { QueryTemplateLibrary::parse("ok {genre}\n   A {bad}\n", "q.txt"); })
                    .startsWith(QStringLiteral("q.txt:2: column 6: unknown placeholder {bad}")));
        QVERIFY(errorOf([] { QueryTemplateLibrary::parse("# only comments\n", "q.txt"); })
                    .contains(QStringLiteral("q.txt: holds no query template")));
    }

    void libraryFixtureErrors()
    {
        const std::string path = test::fixture(QStringLiteral("synth/query_templates_bad.txt")).toStdString();
        const QString got = errorOf([&] { QueryTemplateLibrary::load(path); });
        QVERIFY2(got.endsWith(QStringLiteral("query_templates_bad.txt:4: column 24: unknown placeholder {mood}; this template knows "
                                             "{aspect}, {aspect2}, {genre}, {like}")),
                 qPrintable(got));
    }

    void scanMarksEveryProblem()
    {
        // The tokens an editor highlights: the constructor's grammar, going on past errors.
        using Kind = PromptTemplate::Token::Kind;
        const std::string text = "{{x}} {reviews} } {nope} {a b} {n";
        const std::vector<PromptTemplate::Token> tokens = PromptTemplate::scan(text, kRules);
        std::vector<std::tuple<Kind, std::size_t, std::size_t>> got;
        for (const PromptTemplate::Token &t : tokens)
            got.emplace_back(t.kind, t.begin, t.length);
        const std::vector<std::tuple<Kind, std::size_t, std::size_t>> expected{
            {Kind::Escape, 0, 2},   {Kind::Literal, 2, 1}, {Kind::Escape, 3, 2},  {Kind::Literal, 5, 1},
            {Kind::Placeholder, 6, 9}, {Kind::Literal, 15, 1}, {Kind::Error, 16, 1}, {Kind::Literal, 17, 1},
            {Kind::Error, 18, 6},   {Kind::Literal, 24, 1}, {Kind::Error, 25, 5}, {Kind::Literal, 30, 1},
            {Kind::Error, 31, 1},   {Kind::Literal, 32, 1}};
        QVERIFY(got == expected);
        QCOMPARE(tokens[4].name, std::string("reviews"));
        QCOMPARE(tokens[8].name, std::string("nope"));
        // The constructor fails at the first Error token, with its reason.
        QCOMPARE(errorOf([&] { PromptTemplate(text, kRules, "t.txt"); }),
                 QStringLiteral("t.txt:1: column 17: ") + QString::fromStdString(tokens[6].reason));
        QVERIFY(PromptTemplate::scan("", kRules).empty());
        // Library lines: blank and '#' lines hold no template.
        QVERIFY(QueryTemplateLibrary::isTemplateLine("  A {genre}"));
        QVERIFY(!QueryTemplateLibrary::isTemplateLine(" \t"));
        QVERIFY(!QueryTemplateLibrary::isTemplateLine("  # comment"));
        QCOMPARE(QueryTemplateLibrary::rules().allowed.size(), std::size_t(4));
    }

    void defaults()
    {
        const SynthTemplates t = SynthTemplates::defaults();
        QVERIFY(t.library.size() >= 40);
        QVERIFY(t.queries.uses("reviews") && t.queries.uses("metadata") && t.queries.uses("examples"));
        QVERIFY(!t.baselineQueries.uses("reviews") && !t.baselineQueries.uses("metadata"));
        // He et al.'s recommender prompt, verbatim (METHOD.md §4.3).
        QCOMPARE(QString::fromStdString(t.recommend.render({{"conversation", "C"}})),
                 QStringLiteral("Pretend you are a movie recommender system. I will give you a conversation between a user "
                                "and you (a recommender system). Based on the conversation, you reply me with 20 "
                                "recommendations without extra sentences. Here is the conversation: C"));
        // Every library template renders, and no two are the same.
        std::set<std::string> seen;
        for (std::size_t i = 0; i < t.library.size(); ++i)
            QVERIFY(seen.insert(t.library.example(i)).second);
    }

    void workspaceFiles()
    {
        QTemporaryDir dir;
        const std::string root = dir.filePath(QStringLiteral("templates")).toStdString();
        SynthTemplates::loadOrCreate(root);
        for (const char *name : {SynthTemplates::kQueriesFile, SynthTemplates::kBaselineQueriesFile,
                                 SynthTemplates::kRecommendFile, SynthTemplates::kQueryTemplatesFile})
            QVERIFY(QFile::exists(QString::fromStdString(root + "/" + name)));
        QCOMPARE(test::readBytes(QString::fromStdString(root + "/recommend.txt")), defaulttemplates::recommendPrompt());
        // An edit is kept and checked; its error names the file and place.
        test::writeBytes(QString::fromStdString(root + "/queries_baseline.txt"), "Examples:\n{examples}\nand {reviews}\n");
        const QString got = errorOf([&] { SynthTemplates::loadOrCreate(root); });
        QVERIFY2(got.startsWith(QString::fromStdString(root + "/queries_baseline.txt:3: column 5: unknown placeholder {reviews}")),
                 qPrintable(got));
    }
};

QTEST_APPLESS_MAIN(TestPromptTemplate)
#include "test_prompt_template.moc"
