// EntityCatalog: He et al.'s name rule, entity2id.json / item_ids.json and their damage.
#include "common/error.h"
#include "data/benchmark/entity_catalog.h"
#include "reader_test_util.h"
#include "test_paths.h"

#include <QtTest>

using namespace crsw;
using crsw::test::writeBytes;

namespace {

// FNV-1a 64 over "id\tname\n" in id order, the same digest Python computes over its names.
quint64 namesDigest(const EntityCatalog &catalog)
{
    quint64 h = 0xcbf29ce484222325ULL;
    const auto mix = [&](const std::string &s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 0x100000001b3ULL;
        }
    };
    for (const auto &e : catalog.entities())
        mix(std::to_string(e.id) + "\t" + e.name + "\n");
    return h;
}

std::string errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const Error &e) {
        return e.what();
    }
    return "<no error>";
}

} // namespace

class TestEntityCatalog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nameFromUri_data();
    void nameFromUri();
    void readsFixture();
    void distinctNamesKeepLowestId();
    void badEntity2Id_data();
    void badEntity2Id();
    void missingFileAndDirectory();
    void unknownItemIdIsRefused();
    void tenMegabyteUri();
    void realCatalogs_data();
    void realCatalogs();

private:
    QTemporaryDir m_dir;
};

void TestEntityCatalog::nameFromUri_data()
{
    // Expected values are what He et al.'s Python code gives (checked with python3).
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("name");
    const auto row = [](const char *tag, const char *uri, const char *name) {
        QTest::newRow(tag) << QString::fromUtf8(uri) << QString::fromUtf8(name);
    };
    row("film suffix", "<http://dbpedia.org/resource/Hoffa_(film)>", "Hoffa");
    row("nested: inner only", "<http://dbpedia.org/resource/Alien_(Weaver_(actress)_film)>", "Alien (Weaver film)");
    row("double nested", "<http://dbpedia.org/resource/A_((B))_C>", "A () C");
    row("unclosed", "<http://dbpedia.org/resource/Unbalanced_(open>", "Unbalanced (open");
    row("stray close", "<http://dbpedia.org/resource/Close)_only>", "Close) only");
    row("several groups", "<http://dbpedia.org/resource/(a)(b)_Both_()>", "Both");
    row("two levels in one pass", "<http://x/X_(a_(b)_(c))_Y>", "X (a ) Y");
    row("hyphens", "<http://dbpedia.org/resource/Spider-Man:_Into_the_Spider-Verse>", "Spider Man: Into the Spider Verse");
    row("no slash", "No slash at all", "No slash at all");
    row("trailing slash", "<http://dbpedia.org/resource/Trailing/>", "");
    row("slash in name", "<http://dbpedia.org/resource/AC/DC>", "DC");
    row("inner >", "<http://x/a>b>c", "a b c");
    row("unicode spaces", "<http://dbpedia.org/resource/Nbsp\u00a0and\u3000ideographic\u2028line\u0085nel\x1c" "fs>",
        "Nbsp and ideographic line nel fs");
    row("zero width is not space", "<http://x/\u200bzero\u200bwidth>", "\u200bzero\u200bwidth");
    row("accents", "<http://dbpedia.org/resource/Am\u00e9lie_(2001_film)>", "Am\u00e9lie");
}

void TestEntityCatalog::nameFromUri()
{
    QFETCH(QString, uri);
    QFETCH(QString, name);
    QCOMPARE(QString::fromStdString(EntityCatalog::nameFromUri(uri.toStdString())), name);
}

void TestEntityCatalog::readsFixture()
{
    auto catalog = EntityCatalog::readEntity2Id(crsw::test::fixture(QStringLiteral("benchmark/entity2id_small.json")).toStdString());
    QCOMPARE(catalog.size(), size_t(13));
    QCOMPARE(catalog.entities().front().id, 0);
    QCOMPARE(catalog.entities().back().id, 12);
    QCOMPARE(catalog.name(0), std::string("Hoffa"));
    QCOMPARE(catalog.name(6), std::string("Alien (Weaver film)"));
    QCOMPARE(catalog.name(10), std::string("Am\u00e9lie"));
    QCOMPARE(catalog.find(7)->uri, std::string("<http://dbpedia.org/resource/The_Thing_(1982_film)>"));
    QVERIFY(!catalog.contains(13));
    QVERIFY(catalog.find(13) == nullptr);
    QVERIFY_THROWS_EXCEPTION(Error, catalog.name(13));
    QVERIFY(catalog.itemIds().empty());
    catalog.readItemIds(crsw::test::fixture(QStringLiteral("benchmark/item_ids_small.json")).toStdString());
    QCOMPARE(catalog.itemIds().size(), size_t(8));
    QVERIFY(catalog.isItem(9));
    QVERIFY(!catalog.isItem(2));
}

void TestEntityCatalog::distinctNamesKeepLowestId()
{
    const auto catalog = EntityCatalog::readEntity2Id(crsw::test::fixture(QStringLiteral("benchmark/entity2id_small.json")).toStdString());
    const auto names = catalog.distinctNames();
    // "Hoffa" (0 and 11) and "Alien" (1 and 12) appear once each, with their lowest id.
    QCOMPARE(names.size(), size_t(11));
    QCOMPARE(names[0], (std::pair<std::string, std::int64_t>("Hoffa", 0)));
    QCOMPARE(names[1], (std::pair<std::string, std::int64_t>("Alien", 1)));
    QCOMPARE(names.back(), (std::pair<std::string, std::int64_t>("Am\u00e9lie", 10)));
    for (std::size_t i = 1; i < names.size(); ++i)
        QVERIFY(names[i - 1].second < names[i].second);
}

void TestEntityCatalog::badEntity2Id_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected"); // what() after "<path>: "
    QTest::newRow("empty file") << QByteArray()
        << QStringLiteral("invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal (offset 0)");
    QTest::newRow("truncated") << QByteArray("{\"<a/X>\": 0, \"<a/Y>\": 1")
        << QStringLiteral("invalid JSON: syntax error while parsing object - unexpected end of input; expected '}' (offset 23)");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"<a/X\xc3\x28>\": 0}")
        << QStringLiteral("invalid UTF-8: byte 0xc3 at offset 6");
    QTest::newRow("not an object") << QByteArray("[1, 2]")
        << QStringLiteral("expected a JSON object mapping URIs to ids, got an array");
    QTest::newRow("string id") << QByteArray("{\"<a/X>\": 0, \"<a/Y>\": \"1\"}")
        << QStringLiteral("<a/Y>: expected an integer id, got a string");
    QTest::newRow("float id") << QByteArray("{\"<a/X>\": 1.0}")
        << QStringLiteral("<a/X>: expected an integer id, got a float");
    QTest::newRow("duplicated id") << QByteArray("{\"<a/X>\": 4, \"<a/Y>\": 4}")
        << QStringLiteral("<a/Y>: duplicated id 4 (also <a/X>)");
}

void TestEntityCatalog::badEntity2Id()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("entity2id.json"));
    writeBytes(path, bytes.toStdString());
    const std::string what = errorOf([&] { EntityCatalog::readEntity2Id(path.toStdString()); });
    QCOMPARE(QString::fromStdString(what), path + QStringLiteral(": ") + expected);
}

void TestEntityCatalog::missingFileAndDirectory()
{
    const std::string missing = errorOf([&] { EntityCatalog::readEntity2Id(m_dir.filePath(QStringLiteral("none.json")).toStdString()); });
    QVERIFY2(missing.find("none.json: cannot open") != std::string::npos, missing.c_str());
    const std::string dir = errorOf([&] { EntityCatalog::readEntity2Id(m_dir.path().toStdString()); });
    QVERIFY2(dir.find("is a directory") != std::string::npos, dir.c_str());
    auto catalog = EntityCatalog::fromPairs({{"<a/X>", 1}});
    const std::string items = errorOf([&] { catalog.readItemIds(m_dir.path().toStdString()); });
    QVERIFY2(items.find("is a directory") != std::string::npos, items.c_str());
}

void TestEntityCatalog::unknownItemIdIsRefused()
{
    auto catalog = EntityCatalog::fromPairs({{"<a/X>", 1}, {"<a/Y>", 2}});
    const QString path = m_dir.filePath(QStringLiteral("item_ids.json"));
    writeBytes(path, "[2, 7]");
    QCOMPARE(QString::fromStdString(errorOf([&] { catalog.readItemIds(path.toStdString()); })),
             path + QStringLiteral(": [1]: id 7 is not in the entity catalog"));
    writeBytes(path, "[2, \"1\"]");
    QCOMPARE(QString::fromStdString(errorOf([&] { catalog.readItemIds(path.toStdString()); })),
             path + QStringLiteral(": [1]: expected an integer id, got a string"));
    writeBytes(path, "{\"2\": 2}");
    QCOMPARE(QString::fromStdString(errorOf([&] { catalog.readItemIds(path.toStdString()); })),
             path + QStringLiteral(": expected a JSON array of ids, got an object"));
    QVERIFY(catalog.itemIds().empty()); // a failed read leaves the items as they were
    QCOMPARE(QString::fromStdString(errorOf([&] { EntityCatalog::fromPairs({{"<a/X>", 1}, {"<a/X>", 2}}); })),
             QStringLiteral("<a/X>: duplicated URI"));
}

void TestEntityCatalog::tenMegabyteUri()
{
    const std::string longName(10 << 20, 'x');
    const QString path = m_dir.filePath(QStringLiteral("big.json"));
    writeBytes(path, "{\"<http://dbpedia.org/resource/" + longName + "_(film)>\": 3, \"<a/B>\": 4}");
    const auto catalog = EntityCatalog::readEntity2Id(path.toStdString());
    QCOMPARE(catalog.size(), size_t(2));
    QCOMPARE(catalog.name(3), longName);
}

void TestEntityCatalog::realCatalogs_data()
{
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("entities");
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("distinct");
    QTest::addColumn<quint64>("digest");
    // Digests of Python's names for every entity (He et al.'s rule run by python3).
    QTest::newRow("redial") << QStringLiteral("redial") << 31161 << 6281 << 30483 << quint64(0xc27b0feb4c853a03ULL);
    QTest::newRow("inspired") << QStringLiteral("inspired") << 17320 << 1123 << 17225 << quint64(0x94bc1c903a55b3a0ULL);
}

void TestEntityCatalog::realCatalogs()
{
    CRSW_REQUIRE_BENCH_DATA(data);
    QFETCH(QString, dataset);
    QFETCH(int, entities);
    QFETCH(int, items);
    QFETCH(int, distinct);
    QFETCH(quint64, digest);
    auto catalog = EntityCatalog::readEntity2Id(crsw::test::joinPath(data, dataset + QStringLiteral("/entity2id.json")));
    catalog.readItemIds(crsw::test::joinPath(data, dataset + QStringLiteral("/item_ids.json")));
    QCOMPARE(int(catalog.size()), entities);
    QCOMPARE(int(catalog.itemIds().size()), items);
    QCOMPARE(int(catalog.distinctNames().size()), distinct);
    QCOMPARE(namesDigest(catalog), digest);
    if (dataset == QStringLiteral("inspired"))
        QCOMPARE(catalog.name(0), std::string("Hoffa"));
}

QTEST_GUILESS_MAIN(TestEntityCatalog)
#include "test_entity_catalog.moc"
