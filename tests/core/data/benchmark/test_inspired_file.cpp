// Raw INSPIRED TSV: columns by name, Python dict cells, dialogues, clean text, damaged rows.
#include "common/atomic_file.h"
#include "common/error.h"
#include "data/benchmark/he_test_set.h"
#include "data/benchmark/inspired_file.h"
#include "reader_test_util.h"
#include "test_paths.h"

#include <QtTest>

#include <algorithm>

using namespace crsw;
using crsw::test::located;
using crsw::test::problemTexts;
using crsw::test::writeBytes;

namespace {

const char *const kHeader = "dialog_id\tutt_id\tspeaker\tturn_id\ttext\ttext_with_placeholder\tmovies\tgenres\tpeople_names\t"
                            "movie_dict\tgenre_dict\tactor_dict\tdirector_dict\tothers_dict\texpert_label\tsecond_label\t"
                            "fine_label\tcoarse_label\tmovie_id";

InspiredFile readFile(const QString &path)
{
    Progress progress;
    return readInspiredTsv(path.toStdString(), progress);
}

std::vector<std::string> split(const std::string &line, char sep)
{
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (std::size_t at; (at = line.find(sep, from)) != std::string::npos; from = at + 1)
        parts.push_back(line.substr(from, at - from));
    parts.push_back(line.substr(from));
    return parts;
}

std::string join(const std::vector<std::string> &parts, char sep)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? std::string(1, sep) : std::string()) + parts[i];
    return out;
}

// The fixture's lines with each row's columns rearranged by `transform`.
std::string rewriteColumns(const std::function<void(std::vector<std::string> &)> &transform)
{
    std::string out;
    for (const std::string &line : split(readWholeFile(crsw::test::fixture(QStringLiteral("benchmark/inspired_small.tsv")).toStdString()), '\n')) {
        if (line.empty())
            continue;
        std::vector<std::string> cells = split(line, '\t');
        transform(cells);
        out += join(cells, '\t') + "\n";
    }
    return out;
}

// A good row of 19 cells with one cell replaced.
std::string rowWith(int column, const std::string &value)
{
    std::vector<std::string> cells{"d1", "1", "SEEKER", "1", "hello", "hello", "", "", "", "{'A (2000)': 0}", "{}", "{}", "{}", "", "", "", "", "", "x"};
    cells[std::size_t(column)] = value;
    return join(cells, '\t');
}

std::string summaryOf(const InspiredUtterance &u)
{
    std::string s = u.dialogId + "|" + std::to_string(u.uttId) + "|" + toString(u.speaker) + "|" + std::to_string(u.turnId) + "|" + u.text + "|"
        + u.textWithPlaceholder + "|" + join(u.movies, ';') + "|" + join(u.genres, ';') + "|" + join(u.peopleNames, ';') + "|";
    for (const auto *dict : {&u.movieDict, &u.genreDict, &u.actorDict, &u.directorDict, &u.othersDict})
        for (const auto &[k, v] : *dict)
            s += k + "=" + std::to_string(v) + ",";
    return s + "|" + u.expertLabel + "|" + u.secondLabel + "|" + u.fineLabel + "|" + u.coarseLabel + "|" + u.movieId;
}

} // namespace

class TestInspiredFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsFixture();
    void cleanText_data();
    void cleanText();
    void mentionCounts();
    void columnsFoundByName();
    void missingRequiredColumn_data();
    void missingRequiredColumn();
    void optionalColumnsMayBeAbsent();
    void badRow_data();
    void badRow();
    void badDictKeepsRow();
    void truncatedLastRow();
    void emptyFileAndHeaderOnly();
    void tenMegabyteLines();
    void directoryAndMissingFile();
    void realFiles_data();
    void realFiles();
    void realTextMatchesHeTestSet();

private:
    QTemporaryDir m_dir;
};

void TestInspiredFile::readsFixture()
{
    const InspiredFile file = readFile(crsw::test::fixture(QStringLiteral("benchmark/inspired_small.tsv")));
    QVERIFY2(file.problems.empty(), file.problems.summary().c_str());
    QCOMPARE(file.columns.size(), size_t(19));
    QCOMPARE(file.dialogues.size(), size_t(2));
    QCOMPARE(file.utteranceCount(), size_t(7));
    const InspiredDialogue &a = file.dialogues[0];
    QCOMPARE(a.dialogId, std::string("20200101-000000_001_live.pkl"));
    QCOMPARE(a.utterances.size(), size_t(4));
    const InspiredUtterance &u = a.utterances[1];
    QCOMPARE(u.line, 3);
    QCOMPARE(u.uttId, 2);
    QCOMPARE(u.turnId, 1);
    QVERIFY(u.isSeeker());
    QCOMPARE(u.movies, std::vector<std::string>{"Heat (1995)"});
    QCOMPARE(u.genres, (std::vector<std::string>{"action", "drama"}));
    QCOMPARE(u.movieDict, (PythonStrIntDict{{"Heat (1995)", 0}, {"Ronin (1998)", 1}, {"Ender's Game (2013)", 2}}));
    QCOMPARE(u.actorDict, (PythonStrIntDict{{"Robert De Niro", 0}}));
    QVERIFY(u.othersDict.empty());
    QCOMPARE(u.fineLabel, std::string("accept_rating_good"));
    QCOMPARE(u.movieId, std::string("abc123XYZ_-"));
    QCOMPARE(a.utterances[3].movies, (std::vector<std::string>{"Heat (1995)", "Ronin (1998)"}));
    QCOMPARE(a.utterances[2].peopleNames, std::vector<std::string>{"Robert De Niro"});
    QCOMPARE(a.utterances[2].expertLabel, std::string("credibility"));
    const InspiredUtterance &b = file.dialogues[1].utterances[1];
    QVERIFY(!b.isSeeker());
    QCOMPARE(b.movies, std::vector<std::string>{"I, Robot (2004)"}); // commas belong to titles
    QCOMPARE(b.movieDict, (PythonStrIntDict{{"I, Robot (2004)", 0}, {"Am\u00e9lie (2001)", 1}, {"Back\\slash 'quoted'", 2}}));
    QVERIFY(b.fineLabel.empty() && b.coarseLabel.empty() && b.movieId.empty()); // pandas' "nan"
    QCOMPARE(b.expertLabel, std::string("transparency"));
}

void TestInspiredFile::cleanText_data()
{
    QTest::addColumn<int>("dialogue");
    QTest::addColumn<int>("utterance");
    QTest::addColumn<QString>("clean");
    QTest::addColumn<QString>("withQuotes");
    QTest::newRow("glued tokens") << 0 << 1 << QStringLiteral("I like action and drama, like Heat")
                                  << QStringLiteral("I like action and drama, like \"Heat\"");
    QTest::newRow("spaced tokens") << 0 << 2 << QStringLiteral("Then watch Ronin with Robert De Niro")
                                   << QStringLiteral("Then watch \" Ronin \"  with Robert De Niro");
    QTest::newRow("no token") << 1 << 0 << QString::fromUtf8("Something French like Am\u00e9lie?")
                              << QString::fromUtf8("Something French like Am\u00e9lie?");
}

void TestInspiredFile::cleanText()
{
    QFETCH(int, dialogue);
    QFETCH(int, utterance);
    QFETCH(QString, clean);
    QFETCH(QString, withQuotes);
    const InspiredFile file = readFile(crsw::test::fixture(QStringLiteral("benchmark/inspired_small.tsv")));
    const InspiredUtterance &u = file.dialogues[size_t(dialogue)].utterances[size_t(utterance)];
    QCOMPARE(QString::fromStdString(u.cleanText()), clean);
    QCOMPARE(QString::fromStdString(u.textWithQuotes()), withQuotes);
}

void TestInspiredFile::mentionCounts()
{
    const InspiredFile file = readFile(crsw::test::fixture(QStringLiteral("benchmark/inspired_small.tsv")));
    const auto counts = countInspiredMentions(file.dialogues);
    QStringList got;
    for (const MovieMentionCount &c : counts)
        got.append(QString::fromStdString(c.movie + " " + std::to_string(c.mentions) + " " + std::to_string(c.bySeeker) + " "
                                          + std::to_string(c.byRecommender) + " " + std::to_string(c.dialogues)));
    QCOMPARE(got, (QStringList{QStringLiteral("Heat (1995) 3 2 1 2"), QString::fromUtf8("Am\u00e9lie (2001) 2 1 1 1"),
                               QStringLiteral("Ronin (1998) 2 1 1 1"), QStringLiteral("I, Robot (2004) 1 0 1 1")}));
    QCOMPARE(counts[0].title, counts[0].movie);
}

void TestInspiredFile::columnsFoundByName()
{
    const QString path = m_dir.filePath(QStringLiteral("reversed.tsv"));
    writeBytes(path, rewriteColumns([](std::vector<std::string> &cells) { std::reverse(cells.begin(), cells.end()); }));
    const InspiredFile reversed = readFile(path);
    const InspiredFile original = readFile(crsw::test::fixture(QStringLiteral("benchmark/inspired_small.tsv")));
    QVERIFY(reversed.problems.empty());
    QCOMPARE(reversed.columns.front(), std::string("movie_id"));
    QCOMPARE(reversed.utteranceCount(), original.utteranceCount());
    for (std::size_t d = 0; d < original.dialogues.size(); ++d)
        for (std::size_t i = 0; i < original.dialogues[d].utterances.size(); ++i)
            QCOMPARE(summaryOf(reversed.dialogues[d].utterances[i]), summaryOf(original.dialogues[d].utterances[i]));
}

void TestInspiredFile::missingRequiredColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("name");
    const char *names[] = {"dialog_id", "utt_id", "speaker", "turn_id", "text"};
    for (int i = 0; i < 5; ++i)
        QTest::newRow(names[i]) << i << QString::fromLatin1(names[i]);
    QTest::newRow("movies") << 6 << QStringLiteral("movies");
}

void TestInspiredFile::missingRequiredColumn()
{
    QFETCH(int, column);
    QFETCH(QString, name);
    const QString path = m_dir.filePath(QStringLiteral("missing_column.tsv"));
    writeBytes(path, rewriteColumns([&](std::vector<std::string> &cells) { cells.erase(cells.begin() + column); }));
    try {
        readFile(path);
        QFAIL("a missing required column must be refused");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()), located(path, "1: " + name.toStdString() + ": missing required column"));
    }
}

void TestInspiredFile::optionalColumnsMayBeAbsent()
{
    const QString path = m_dir.filePath(QStringLiteral("fewer.tsv"));
    // Keep dialog_id, utt_id, speaker, turn_id, text, movies only.
    writeBytes(path, rewriteColumns([](std::vector<std::string> &cells) { cells.resize(7); cells.erase(cells.begin() + 5); }));
    const InspiredFile file = readFile(path);
    QVERIFY2(file.problems.empty(), file.problems.summary().c_str());
    QCOMPARE(file.utteranceCount(), size_t(7));
    QVERIFY(file.dialogues[0].utterances[1].movieDict.empty());
    QCOMPARE(file.dialogues[0].utterances[3].movies.size(), size_t(2));
    const QString dup = m_dir.filePath(QStringLiteral("dup.tsv"));
    writeBytes(dup, std::string(kHeader) + "\ttext\n");
    try {
        readFile(dup);
        QFAIL("a duplicated column must be refused");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()), located(dup, "1: text: duplicated column"));
    }
}

void TestInspiredFile::badRow_data()
{
    QTest::addColumn<QByteArray>("row");
    QTest::addColumn<QString>("expected"); // after "<path>:3: "
    const auto row = [](const char *tag, const std::string &text, const char *expected) {
        QTest::newRow(tag) << QByteArray::fromStdString(text) << QString::fromUtf8(expected);
    };
    row("too few fields", "d1\t2\tSEEKER\t1\thello", "expected 19 tab-separated fields, got 5");
    row("stray tab", rowWith(4, "hel\tlo"), "expected 19 tab-separated fields, got 20");
    row("bad speaker", rowWith(2, "seeker"), "speaker: expected SEEKER or RECOMMENDER, got 'seeker'");
    row("utt_id text", rowWith(1, "one"), "utt_id: expected an integer, got 'one'");
    row("turn_id empty", rowWith(3, ""), "turn_id: expected an integer, got ''");
    row("turn_id float", rowWith(3, "1.0"), "turn_id: expected an integer, got '1.0'");
    row("empty dialog_id", rowWith(0, ""), "dialog_id: empty");
    row("long value cut", rowWith(2, std::string(100, 'S')), "speaker: expected SEEKER or RECOMMENDER, got 'SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS...'");
    row("long value cut at a character", rowWith(2, std::string(39, 'S') + "\u00e9\u00e9"),
        "speaker: expected SEEKER or RECOMMENDER, got 'SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS...'");
    row("invalid UTF-8", rowWith(4, "caf\xe9"), "invalid UTF-8: byte 0xe9 at offset 17");
    row("empty line", "", "empty line");
}

void TestInspiredFile::badRow()
{
    QFETCH(QByteArray, row);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("bad.tsv"));
    writeBytes(path, std::string(kHeader) + "\n" + rowWith(1, "1") + "\n" + row.toStdString() + "\n" + rowWith(1, "3") + "\n");
    const InspiredFile file = readFile(path);
    QCOMPARE(file.dialogues.size(), size_t(1));
    QCOMPARE(file.dialogues[0].utterances.size(), size_t(2)); // the rows around it stay
    QCOMPARE(file.dialogues[0].utterances[1].uttId, 3);
    QCOMPARE(problemTexts(file.problems), QStringList{located(path, "3: " + expected.toStdString())});
}

void TestInspiredFile::badDictKeepsRow()
{
    const QString path = m_dir.filePath(QStringLiteral("bad_dict.tsv"));
    writeBytes(path, std::string(kHeader) + "\n" + rowWith(9, "{'Murder Mystery (2019)': 0, 'Office Space (1999): 1}") + "\n"
                         + rowWith(12, "{'Nolan': zero}") + "\n");
    const InspiredFile file = readFile(path);
    QCOMPARE(file.utteranceCount(), size_t(2));
    QVERIFY(file.dialogues[0].utterances[0].movieDict.empty());
    QCOMPARE(file.dialogues[0].utterances[1].movieDict, (PythonStrIntDict{{"A (2000)", 0}}));
    QCOMPARE(problemTexts(file.problems),
             (QStringList{located(path, "2: movie_dict: invalid dict literal: unterminated string starting at offset 29"),
                          located(path, "3: director_dict: invalid dict literal: expected an integer value at offset 10")}));
}

void TestInspiredFile::truncatedLastRow()
{
    const QString path = m_dir.filePath(QStringLiteral("truncated.tsv"));
    const std::string last = rowWith(1, "2");
    writeBytes(path, std::string(kHeader) + "\n" + rowWith(1, "1") + "\n" + last.substr(0, last.find("{'A (2000)'") + 4));
    const InspiredFile file = readFile(path);
    QCOMPARE(file.utteranceCount(), size_t(1));
    QCOMPARE(problemTexts(file.problems), QStringList{located(path, "3: expected 19 tab-separated fields, got 10")});
}

void TestInspiredFile::emptyFileAndHeaderOnly()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.tsv"));
    writeBytes(path, "");
    try {
        readFile(path);
        QFAIL("an empty file has no header and must be refused");
    } catch (const Error &e) {
        QCOMPARE(QString::fromStdString(e.what()), path + QStringLiteral(": empty file: no header row"));
    }
    writeBytes(path, std::string(kHeader) + "\n");
    const InspiredFile file = readFile(path);
    QVERIFY(file.dialogues.empty());
    QVERIFY(file.problems.empty());
}

void TestInspiredFile::tenMegabyteLines()
{
    const std::string big(10 << 20, 't');
    const QString path = m_dir.filePath(QStringLiteral("big.tsv"));
    writeBytes(path, std::string(kHeader) + "\n" + rowWith(4, big) + "\n" + big + "\n" + rowWith(1, "4") + "\n");
    const InspiredFile file = readFile(path);
    QCOMPARE(file.utteranceCount(), size_t(2));
    QCOMPARE(file.dialogues[0].utterances[0].text.size(), big.size());
    QCOMPARE(problemTexts(file.problems), QStringList{located(path, "3: expected 19 tab-separated fields, got 1")});
}

void TestInspiredFile::directoryAndMissingFile()
{
    try {
        readFile(m_dir.path());
        QFAIL("a directory must be refused");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("is a directory") != std::string::npos, e.what());
    }
    try {
        readFile(m_dir.filePath(QStringLiteral("absent.tsv")));
        QFAIL("a missing file must be refused");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("absent.tsv: cannot open") != std::string::npos, e.what());
    }
}

void TestInspiredFile::realFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("utterances");
    QTest::addColumn<int>("problems");
    QTest::addColumn<int>("distinctMovies");
    QTest::addColumn<QString>("top");
    // Checked against python3 (split at tabs, ast.literal_eval, collections.Counter).
    QTest::newRow("dev") << QStringLiteral("dev.tsv") << 3538 << 41 << 336 << QStringLiteral("Joker (2019) 27 12 15 11");
    QTest::newRow("test") << QStringLiteral("test.tsv") << 3438 << 0 << 311 << QStringLiteral("Joker (2019) 16 5 11 9");
}

void TestInspiredFile::realFiles()
{
    CRSW_REQUIRE_BENCH_DATA(data);
    QFETCH(QString, name);
    QFETCH(int, utterances);
    QFETCH(int, problems);
    QFETCH(int, distinctMovies);
    QFETCH(QString, top);
    const InspiredFile file = readFile(data + QStringLiteral("/raw/inspired/") + name);
    QCOMPARE(file.dialogues.size(), size_t(99));
    QCOMPARE(int(file.utteranceCount()), utterances);
    QCOMPARE(int(file.problems.count()), problems);
    // The only damage in the real files: one dev dialogue's movie_dict lost a closing quote.
    for (const InputProblem &p : file.problems.problems()) {
        QCOMPARE(p.field, std::string("movie_dict"));
        QCOMPARE(p.reason, std::string("invalid dict literal: unterminated string starting at offset 29"));
    }
    const auto counts = countInspiredMentions(file.dialogues);
    QCOMPARE(int(counts.size()), distinctMovies);
    const MovieMentionCount &c = counts[0];
    QCOMPARE(QString::fromStdString(c.movie + " " + std::to_string(c.mentions) + " " + std::to_string(c.bySeeker) + " "
                                    + std::to_string(c.byRecommender) + " " + std::to_string(c.dialogues)),
             top);
}

void TestInspiredFile::realTextMatchesHeTestSet()
{
    CRSW_REQUIRE_BENCH_DATA(data);
    // He et al.'s first INSPIRED test turn comes from the first test.tsv dialogue: its
    // context is our cleanText of those rows (QUOTATION_MARK removed).
    const InspiredFile file = readFile(data + QStringLiteral("/raw/inspired/test.tsv"));
    Progress progress;
    const HeTestSet he = readHeTestSet(crsw::test::joinPath(data, QStringLiteral("inspired/test.jsonl")), progress);
    const std::vector<InspiredUtterance> &rows = file.dialogues[0].utterances;
    QCOMPARE(rows[5].text, std::string("the last movie i saw in the theater was QUOTATION_MARKHustlersQUOTATION_MARK ."));
    QVERIFY(he.turns[0].context[4].rfind(rows[5].cleanText(), 0) == 0);
    QCOMPARE(he.turns[0].context[3].substr(0, rows[3].cleanText().size()), rows[3].cleanText());
}

QTEST_GUILESS_MAIN(TestInspiredFile)
#include "test_inspired_file.moc"
