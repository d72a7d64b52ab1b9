// Streaming line reading (plain and gzip, damaged input), atomic writes and CSV.
#include "common/atomic_file.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/line_reader.h"

#include "test_files.h"

#include <QtTest>


using namespace crsw;

namespace {

using test::gzipBytes;
using test::writeBytes;

std::vector<std::string> readAll(const QString &path, LineReader::Options options = {})
{
    LineReader reader(path.toStdString(), options);
    std::vector<std::string> lines;
    LineReader::Line line;
    while (reader.next(line))
        lines.push_back(line.tooLong ? std::string("<too long>") : std::string(line.text));
    return lines;
}

} // namespace

class TestCommonIo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void plainLines_data();
    void plainLines();
    void gzipSingleAndMultiMember();
    void truncatedGzipThrowsWithLine();
    void corruptGzipThrows();
    void directoryAndMissingFile();
    void overLongLineIsFlaggedNotFatal();
    void tenMegabyteLineIsRead();
    void smallChunksGiveSameLines();
    void atomicWriteReplaces();
    void csvRoundTrip();
    void csvUnterminatedQuote();

private:
    QTemporaryDir m_dir;
};

void TestCommonIo::plainLines_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty file") << QByteArray() << QStringList();
    QTest::newRow("one line no newline") << QByteArray("abc") << QStringList{QStringLiteral("abc")};
    QTest::newRow("trailing newline") << QByteArray("a\nb\n") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("blank lines kept") << QByteArray("a\n\n\nb") << QStringList{QStringLiteral("a"), QString(), QString(), QStringLiteral("b")};
}

void TestCommonIo::plainLines()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    const QString path = m_dir.filePath(QStringLiteral("plain.txt"));
    writeBytes(path, bytes.toStdString());
    const auto lines = readAll(path);
    QCOMPARE(int(lines.size()), expected.size());
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(QString::fromStdString(lines[size_t(i)]), expected[i]);
}

void TestCommonIo::gzipSingleAndMultiMember()
{
    const QString path = m_dir.filePath(QStringLiteral("multi.jsonl.gz"));
    writeBytes(path, gzipBytes("one\ntwo\n") + gzipBytes("three\n"));
    LineReader reader(path.toStdString());
    QVERIFY(reader.isGzip());
    const auto lines = readAll(path);
    QCOMPARE(lines, (std::vector<std::string>{"one", "two", "three"}));
}

void TestCommonIo::truncatedGzipThrowsWithLine()
{
    std::string plain;
    for (int i = 0; i < 20000; ++i)
        plain += "{\"line\": " + std::to_string(i) + ", \"text\": \"some words to compress\"}\n";
    const std::string gz = gzipBytes(plain);
    const QString path = m_dir.filePath(QStringLiteral("truncated.jsonl.gz"));
    writeBytes(path, gz.substr(0, gz.size() / 2));
    LineReader reader(path.toStdString(), {64 << 20, 4096});
    LineReader::Line line;
    std::int64_t good = 0;
    try {
        while (reader.next(line))
            good = line.number;
        QFAIL("a truncated gzip stream must throw");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("truncated gzip") != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find("truncated.jsonl.gz:") != std::string::npos, e.what());
        QCOMPARE(e.where().line, good + 1);
    }
    QVERIFY(good > 100); // lines before the damage were delivered
}

void TestCommonIo::corruptGzipThrows()
{
    std::string gz = gzipBytes(std::string(100000, 'x') + "\n");
    for (std::size_t i = 20; i < gz.size() - 8; i += 7)
        gz[i] = char(gz[i] ^ 0x5a);
    const QString path = m_dir.filePath(QStringLiteral("corrupt.gz"));
    writeBytes(path, gz);
    QVERIFY_THROWS_EXCEPTION(Error, readAll(path));
}

void TestCommonIo::directoryAndMissingFile()
{
    try {
        LineReader reader(m_dir.path().toStdString());
        QFAIL("a directory must be refused");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("is a directory") != std::string::npos, e.what());
    }
    try {
        LineReader reader(m_dir.filePath(QStringLiteral("nope.jsonl")).toStdString());
        QFAIL("a missing file must be refused");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("nope.jsonl: cannot open") != std::string::npos, e.what());
    }
}

void TestCommonIo::overLongLineIsFlaggedNotFatal()
{
    const QString path = m_dir.filePath(QStringLiteral("long.txt"));
    writeBytes(path, "short\n" + std::string(50000, 'y') + "\nafter\n" + std::string(50000, 'z'));
    const auto lines = readAll(path, {10000, 1024});
    QCOMPARE(lines, (std::vector<std::string>{"short", "<too long>", "after", "<too long>"}));
}

void TestCommonIo::tenMegabyteLineIsRead()
{
    const QString path = m_dir.filePath(QStringLiteral("ten.txt"));
    const std::string big(10 << 20, 'q');
    writeBytes(path, "a\n" + big + "\nb\n");
    const auto lines = readAll(path);
    QCOMPARE(lines.size(), size_t(3));
    QCOMPARE(lines[1].size(), big.size());
    QCOMPARE(lines[2], std::string("b"));
}

void TestCommonIo::smallChunksGiveSameLines()
{
    std::string plain;
    for (int i = 0; i < 5000; ++i)
        plain += std::string(size_t(i % 97), char('a' + i % 26)) + "\n";
    const QString path = m_dir.filePath(QStringLiteral("chunks.txt.gz"));
    writeBytes(path, gzipBytes(plain));
    const auto big = readAll(path);
    const auto small = readAll(path, {64 << 20, 17});
    QCOMPARE(big.size(), size_t(5000));
    QCOMPARE(small, big);
}

void TestCommonIo::atomicWriteReplaces()
{
    const std::string path = m_dir.filePath(QStringLiteral("sub/dir/out.json")).toStdString();
    writeFileAtomically(path, "first");
    writeFileAtomically(path, "second");
    QCOMPARE(readWholeFile(path), std::string("second"));
    QCOMPARE(QDir(m_dir.filePath(QStringLiteral("sub/dir"))).entryList(QDir::Files).size(), 1);
}

void TestCommonIo::csvRoundTrip()
{
    const std::vector<std::string> fields{"plain", "with,comma", "with \"quote\"", "multi\nline", ""};
    const std::string text = csvLine(fields) + "\n" + csvLine({"a", "b"}) + "\n";
    const auto rows = parseCsv(text);
    QCOMPARE(rows.size(), size_t(2));
    QCOMPARE(rows[0], fields);
    QCOMPARE(rows[1], (std::vector<std::string>{"a", "b"}));
}

void TestCommonIo::csvUnterminatedQuote()
{
    try {
        parseCsv("a,b\nc,\"never closed\n", "x.csv");
        QFAIL("must throw");
    } catch (const Error &e) {
        QCOMPARE(std::string(e.what()), std::string("x.csv:2: unterminated quoted field"));
    }
}

QTEST_APPLESS_MAIN(TestCommonIo)
#include "test_common_io.moc"
