// core/pipeline/select_stage: every strategy on a workspace's embeddings (the
// demo world, embedded small), the feature views of the variants, the file it
// writes, the CSV with ids, a bare .npy, and the errors.
#include "common/error.h"
#include "common/progress.h"
#include "pipeline/demo_workspace.h"
#include "pipeline/embed_stage.h"
#include "pipeline/select_stage.h"

#include <QtTest>

#include <filesystem>
#include <limits>

using namespace crsw;

class TestSelectStage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_root;

private Q_SLOTS:
    void initTestCase()
    {
        m_root = m_dir.filePath(QStringLiteral("ws")).toStdString();
        Progress progress;
        const Workspace workspace = createOrOpenDemoWorkspace(m_root, progress);
        EmbedOptions options;
        options.reviews.dimension = 24;
        options.items.dimension = 12;
        options.users.rank = 8;
        embedWorkspace(workspace, options, progress);
    }

    void everyStrategy_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("dimension");
        QTest::newRow("RANDOM_UNIFORM") << QStringLiteral("RANDOM_UNIFORM") << 24;
        QTest::newRow("JS") << QStringLiteral("JS") << 24;
        QTest::newRow("FISHER") << QStringLiteral("FISHER") << 24;
        QTest::newRow("METADATA_JS") << QStringLiteral("METADATA_JS") << 36;
        QTest::newRow("METADATA_FISHER") << QStringLiteral("METADATA_FISHER") << 36;
        QTest::newRow("USER_JS") << QStringLiteral("USER_JS") << 32;
        QTest::newRow("USER_FISHER") << QStringLiteral("USER_FISHER") << 32;
    }

    void everyStrategy()
    {
        QFETCH(QString, strategy);
        QFETCH(int, dimension);
        const Workspace workspace = Workspace::open(m_root);
        SelectStageOptions options;
        options.strategy = parseStrategy(strategy.toStdString());
        options.params.budget = 40;
        options.params.clusters = 8;
        options.params.metadataWeight = 0.5;
        options.params.seed = 3;
        Progress progress;
        std::size_t observed = 0;
        const SelectStageSummary summary =
            selectWorkspace(workspace, options, progress, [&](std::size_t, std::uint32_t, double) { ++observed; });
        QCOMPARE(observed, std::size_t(40));
        const std::string expected = workspace.selectionsDir() + "/" + strategy.toStdString() + "_B40_seed3.json";
        QCOMPARE(summary.path, std::filesystem::path(expected).lexically_normal().string());
        const SelectionRecord back = SelectionRecord::read(summary.path);
        QCOMPARE(back.result.strategy, options.strategy);
        QCOMPARE(back.result.picks, summary.record.result.picks);
        QCOMPARE(back.dimension, std::size_t(dimension));
        QCOMPARE(back.rows, std::size_t(20000));
        QVERIFY(back.manifest.is_object()); // which embeddings it came from
        if (baseAlgorithm(options.strategy) == SelectionStrategy::JS)
            QCOMPARE(back.clusterSizes.size(), std::size_t(8));
        // The view the stage builds for the variant.
        const WorkspaceEmbeddings embeddings = loadWorkspaceEmbeddings(workspace);
        const FeatureView view = makeWorkspaceFeatureView(embeddings, options.strategy, options.params);
        QCOMPARE(view.dimension(), std::size_t(dimension));
        if (options.strategy == SelectionStrategy::MetadataJS)
            QCOMPARE(view.findBlock(FeatureView::kMetadataBlock)->weight, 0.5f);
    }

    void listAndCsv()
    {
        const Workspace workspace = Workspace::open(m_root);
        const std::vector<std::string> files = listWorkspaceSelections(workspace);
        QCOMPARE(files.size(), std::size_t(7));
        QVERIFY(std::is_sorted(files.begin(), files.end()));
        const SelectionRecord record = SelectionRecord::read(files.front());
        const std::string csv = m_dir.filePath(QStringLiteral("trace.csv")).toStdString();
        Progress progress;
        writeWorkspaceSelectionCsv(workspace, record, csv, progress);
        QFile file(QString::fromStdString(csv));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QVERIFY(lines[0].startsWith("step,row,score"));
        QVERIFY(lines[0].contains("item,user,reviews_file,reviews_line,rating"));
        QVERIFY(lines[1].contains("CRSW")); // the demo world's ids
    }

    void cancelledWritesNothing()
    {
        const Workspace workspace = Workspace::open(m_root);
        SelectStageOptions options;
        options.strategy = SelectionStrategy::JS;
        options.params.budget = 50;
        options.params.clusters = 4;
        options.outputPath = m_dir.filePath(QStringLiteral("cancelled.json")).toStdString();
        Progress progress;
        QVERIFY_THROWS_EXCEPTION(Cancelled, selectWorkspace(workspace, options, progress,
                                                            [&](std::size_t step, std::uint32_t, double) {
                                                                if (step == 10)
                                                                    progress.cancel();
                                                            }));
        QVERIFY(!std::filesystem::exists(options.outputPath));
    }

    void bareEmbeddingsFile()
    {
        const std::string npy = m_dir.filePath(QStringLiteral("x.npy")).toStdString();
        EmbeddingMatrix x(30, 4);
        for (std::size_t i = 0; i < 30; ++i)
            for (std::size_t j = 0; j < 4; ++j)
                x.mutableRow(i)[j] = float((i * 7 + j * 3) % 11) + 1.0f;
        writeNpy(npy, x);
        SelectStageOptions options;
        options.strategy = SelectionStrategy::Fisher;
        options.params.budget = 5;
        options.outputPath = m_dir.filePath(QStringLiteral("out/fisher.json")).toStdString();
        Progress progress;
        const SelectStageSummary summary = selectEmbeddingsFile(npy, options, progress);
        QCOMPARE(SelectionRecord::read(options.outputPath).result.picks, summary.record.result.picks);
        QCOMPARE(summary.record.embeddings, std::filesystem::path(npy).lexically_normal().string());

        options.strategy = SelectionStrategy::UserJS;
        QVERIFY_THROWS_EXCEPTION(Error, selectEmbeddingsFile(npy, options, progress));
        // A bad row is named with the file.
        x.mutableRow(12)[1] = std::numeric_limits<float>::quiet_NaN();
        writeNpy(npy, x);
        options.strategy = SelectionStrategy::JS;
        options.params.clusters = 3;
        try {
            selectEmbeddingsFile(npy, options, progress);
            QFAIL("no error");
        } catch (const Error &e) {
            QCOMPARE(e.where().file, npy);
            QCOMPARE(e.where().field, std::string("row 12"));
        }
    }

    void missingEmbeddings()
    {
        const std::string other = m_dir.filePath(QStringLiteral("empty-ws")).toStdString();
        const Workspace workspace = Workspace::create(other, "empty");
        SelectStageOptions options;
        options.params.budget = 5;
        Progress progress;
        try {
            selectWorkspace(workspace, options, progress);
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("crsw embed")), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestSelectStage)
#include "test_select_stage.moc"
