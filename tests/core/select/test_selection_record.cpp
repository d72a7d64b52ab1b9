// SEL.json: a JS selection round trip, what the file holds, every reader
// error naming the file and field, the CSV export with and without a corpus.
#include "common/atomic_file.h"
#include "common/csv.h"
#include "common/error.h"
#include "common/load_report.h"
#include "data/amazon/seed_corpus_loader.h"
#include "select/selection_record.h"

#include "test_paths.h"

#include <QtTest>

using namespace crsw;

namespace {

SelectionRecord sampleRecord()
{
    SelectionResult r;
    r.strategy = SelectionStrategy::MetadataJS;
    r.params.budget = 3;
    r.params.clusters = 2;
    r.params.tau = 0.5;
    r.params.metadataWeight = 0.25;
    r.params.seed = 42;
    r.picks = {4, 0, 2};
    r.scores = {1.0986122886681098, 0.1, 1.0 / 3.0};
    r.clusterOf = {0, 1, 1, 0, 1};
    r.kmeansInertia = 2.5;
    r.kmeansIterations = 7;
    r.clusterSeconds = 0.25;
    r.selectSeconds = 0.5;
    SelectionRecord record = SelectionRecord::fromResult(r, 5, 12);
    record.embeddings = "/w/embeddings";
    record.manifest = {{"embedder", "tfidf-svd"}};
    return record;
}

} // namespace

class TestSelectionRecord : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("sel.json")).toStdString();
        const SelectionRecord record = sampleRecord();
        QCOMPARE(record.clusterSizes, (std::vector<std::size_t>{2, 3}));
        QCOMPARE(record.pickClusters, (std::vector<std::uint32_t>{1, 0, 1}));
        record.write(path);
        const nlohmann::json json = nlohmann::json::parse(readWholeFile(path));
        QCOMPARE(json.at("strategy").get<std::string>(), std::string("METADATA_JS"));
        QCOMPARE(json.at("picks"), nlohmann::json({4, 0, 2}));
        QVERIFY(json.at("params").contains("metadata_weight"));
        QVERIFY(json.at("params").contains("tau"));
        QVERIFY(!json.at("params").contains("lambda")); // only what the strategy uses
        QVERIFY(!json.at("params").contains("user_weight"));
        QCOMPARE(json.at("source").at("manifest").at("embedder").get<std::string>(), std::string("tfidf-svd"));

        const SelectionRecord back = SelectionRecord::read(path);
        QCOMPARE(back.result.strategy, SelectionStrategy::MetadataJS);
        QCOMPARE(back.result.picks, record.result.picks);
        QCOMPARE(back.result.scores, record.result.scores); // doubles round-trip exactly
        QCOMPARE(back.result.params.tau, 0.5);
        QCOMPARE(back.result.params.metadataWeight, 0.25);
        QCOMPARE(back.result.params.seed, std::uint64_t(42));
        QCOMPARE(back.rows, std::size_t(5));
        QCOMPARE(back.dimension, std::size_t(12));
        QCOMPARE(back.clusterSizes, record.clusterSizes);
        QCOMPARE(back.pickClusters, record.pickClusters);
        QCOMPARE(back.result.kmeansIterations, 7);
        QCOMPARE(back.embeddings, std::string("/w/embeddings"));
        QCOMPARE(back.created, record.created);
    }

    void readerErrors_data()
    {
        QTest::addColumn<QString>("edit");  // a JSON merge patch applied to a good file, or raw text
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        QTest::newRow("not JSON") << QStringLiteral("RAW:{\"strategy\": ") << QString() << QStringLiteral("not valid JSON");
        QTest::newRow("no picks") << QStringLiteral("{\"picks\": null}") << QStringLiteral("picks") << QStringLiteral("missing");
        QTest::newRow("pick out of range") << QStringLiteral("{\"picks\": [4, 0, 5]}") << QStringLiteral("picks[2]")
                                           << QStringLiteral("outside the 5 rows");
        QTest::newRow("pick twice") << QStringLiteral("{\"picks\": [4, 0, 4]}") << QStringLiteral("picks[2]")
                                    << QStringLiteral("picked twice");
        QTest::newRow("scores short") << QStringLiteral("{\"scores\": [1, 2]}") << QStringLiteral("scores")
                                      << QStringLiteral("2 scores for 3 picks");
        QTest::newRow("budget differs") << QStringLiteral("{\"params\": {\"budget\": 4}}") << QStringLiteral("picks")
                                        << QStringLiteral("3 picks for a budget of 4");
        QTest::newRow("unknown strategy") << QStringLiteral("{\"strategy\": \"GREEDY\"}") << QStringLiteral("strategy")
                                          << QStringLiteral("unknown strategy");
        QTest::newRow("picks not numbers") << QStringLiteral("{\"picks\": [\"a\"]}") << QStringLiteral("picks")
                                           << QStringLiteral("wrong type");
        QTest::newRow("another format") << QStringLiteral("{\"format\": \"other\"}") << QStringLiteral("format")
                                        << QStringLiteral("not a crsw selection");
    }

    void readerErrors()
    {
        QFETCH(QString, edit);
        QFETCH(QString, field);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("sel.json")).toStdString();
        if (edit.startsWith(QStringLiteral("RAW:"))) {
            writeFileAtomically(path, edit.mid(4).toStdString());
        } else {
            nlohmann::json json = nlohmann::json::parse(sampleRecord().toJson().dump());
            json.merge_patch(nlohmann::json::parse(edit.toStdString()));
            writeFileAtomically(path, json.dump());
        }
        try {
            SelectionRecord::read(path);
            QFAIL("no error");
        } catch (const Error &e) {
            QCOMPARE(QString::fromStdString(e.where().file), QString::fromStdString(path));
            QCOMPARE(QString::fromStdString(e.where().field), field);
            QVERIFY2(QString::fromUtf8(e.what()).contains(says), e.what());
        }
    }

    void csv()
    {
        const SelectionRecord record = sampleRecord();
        const auto rows = parseCsv(record.toCsv());
        QCOMPARE(rows.size(), std::size_t(4));
        QCOMPARE(rows[0], (std::vector<std::string>{"step", "row", "score", "cluster"}));
        QCOMPARE(rows[1], (std::vector<std::string>{"0", "4", "1.0986122886681098", "1"}));
        QCOMPARE(rows[3][2], std::string("0.3333333333333333")); // shortest round trip, as Python repr

        // With the corpus the rows came from: item and user ids, provenance.
        SeedCorpusLoader::Sources sources;
        sources.reviewFiles = {test::fixture(QStringLiteral("amazon/reviews_small.jsonl")).toStdString()};
        sources.metadataFiles = {test::fixture(QStringLiteral("amazon/meta_small.jsonl")).toStdString()};
        LoadReport report;
        Progress progress;
        const SeedCorpus corpus = SeedCorpusLoader::load(sources, {}, report, progress).corpus;
        QVERIFY(corpus.reviewCount() >= 3);
        SelectionRecord onCorpus = record;
        onCorpus.rows = corpus.reviewCount();
        const auto withIds = parseCsv(onCorpus.toCsv(&corpus));
        QCOMPARE(withIds[0].size(), std::size_t(9));
        QCOMPARE(withIds[0][4], std::string("item"));
        const CorpusReview &first = corpus.review(4 % corpus.reviewCount());
        if (corpus.reviewCount() > 4) {
            QCOMPARE(withIds[1][4], std::string(corpus.itemAsin(first.item)));
            QCOMPARE(withIds[1][5], std::string(corpus.userId(first.user)));
            QCOMPARE(withIds[1][7], std::to_string(first.sourceLine));
        }
        // A corpus of another size is refused.
        QVERIFY_THROWS_EXCEPTION(Error, record.toCsv(&corpus));
    }

    void nonFiniteScoreIsNotWritten()
    {
        SelectionRecord record = sampleRecord();
        record.result.scores[1] = std::nan("");
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(Error, record.write(dir.filePath(QStringLiteral("x.json")).toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestSelectionRecord)
#include "test_selection_record.moc"
