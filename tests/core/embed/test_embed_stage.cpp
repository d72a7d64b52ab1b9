// The embed stage on a small generated workspace: the files and their
// manifest, what loadWorkspaceEmbeddings() maps, determinism, staleness and
// an interrupted run that leaves nothing loadable.
#include "common/error.h"
#include "data/amazon/seed_corpus_loader.h"
#include "data/demo/demo_world.h"
#include "pipeline/embed_stage.h"

#include "test_files.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace crsw;

namespace {

EmbedOptions smallOptions()
{
    EmbedOptions options;
    options.reviews.dimension = 24;
    options.items.dimension = 12;
    options.users.rank = 6;
    options.seed = 5;
    return options;
}

double squaredNorm(const float *row, std::size_t d)
{
    double sum = 0.0;
    for (std::size_t j = 0; j < d; ++j)
        sum += double(row[j]) * row[j];
    return sum;
}

} // namespace

class TestEmbedStage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void writesWhatLoadMaps();
    void numpyReadsTheFiles();
    void sameOptionsSameBytes();
    void changedSeedCorpusIsStale();
    void damagedFilesAreRefused();
    void interruptedRunLeavesNothingLoadable();
    void badWorkspaces();

private:
    std::string root() const { return m_dir->path().toStdString() + "/ws"; }
    Workspace workspace() const { return Workspace::open(root()); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestEmbedStage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Workspace ws = Workspace::create(root(), "embed test");
    DemoWorldOptions world;
    world.seed = 3;
    world.items = 30;
    world.users = 80;
    world.reviews = 700;
    world.testTurns = 10;
    Progress quiet;
    generateDemoWorld(DemoWorldPaths::inFolder(root() + "/data", root() + "/benchmarks/demo"), world, quiet);
    ws.setSeedCorpus({"data/reviews.jsonl.gz", "data/meta.jsonl.gz"});
    ws.save();
}

void TestEmbedStage::writesWhatLoadMaps()
{
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Missing);
    Progress quiet;
    const EmbedSummary summary = embedWorkspace(workspace(), smallOptions(), quiet);
    QCOMPARE(summary.reviews, std::size_t(700));
    QCOMPARE(summary.items, std::size_t(30));
    QCOMPARE(summary.users, std::size_t(80));
    QCOMPARE(summary.reviewDimension, std::size_t(24));
    QCOMPARE(summary.itemDimension, std::size_t(12));
    QCOMPARE(summary.userDimension, std::size_t(6));
    QVERIFY(summary.reviewNormKept > 0.0 && summary.reviewNormKept < 1.0);
    QCOMPARE(summary.files.size(), std::size_t(6));
    QVERIFY(QString::fromStdString(summary.files.back()).endsWith(QStringLiteral("manifest.json")));
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Ready);

    const WorkspaceEmbeddings e = loadWorkspaceEmbeddings(workspace());
    QVERIFY(e.reviews.isMapped() && e.items.isMapped() && e.users.isMapped());
    QCOMPARE(e.reviews.rows(), std::size_t(700));
    QCOMPARE(e.reviews.cols(), std::size_t(24));
    QCOMPARE(e.items.rows(), std::size_t(30));
    QCOMPARE(e.users.rows(), std::size_t(80));
    QCOMPARE(e.users.cols(), std::size_t(6));
    // Row i is review i of the corpus as SeedCorpusLoader reads it, with its item and user.
    SeedCorpusLoader::Sources sources{{root() + "/data/meta.jsonl.gz"}, {root() + "/data/reviews.jsonl.gz"}};
    LoadReport report;
    const auto corpus = SeedCorpusLoader::load(sources, {}, report, quiet).corpus;
    QCOMPARE(e.reviewItems.size(), corpus.reviewCount());
    for (std::size_t i = 0; i < corpus.reviewCount(); ++i) {
        QCOMPARE(e.reviewItems[i], corpus.review(i).item);
        QCOMPARE(e.reviewUsers[i], corpus.review(i).user);
    }
    for (std::size_t i = 0; i < e.reviews.rows(); ++i)
        QVERIFY(std::fabs(squaredNorm(e.reviews.row(i), 24) - 1.0) < 1e-4);
    for (std::size_t i = 0; i < e.items.rows(); ++i)
        QVERIFY(std::fabs(squaredNorm(e.items.row(i), 12) - 1.0) < 1e-4);
    for (std::size_t i = 0; i < e.users.rows(); ++i)
        QVERIFY(std::fabs(squaredNorm(e.users.row(i), 6) - 1.0) < 1e-4);

    const auto &m = e.manifest;
    QCOMPARE(m.at("embedder").get<std::string>(), std::string("tfidf-svd"));
    QCOMPARE(m.at("seed").get<int>(), 5);
    QCOMPARE(m.at("options").at("reviews").at("dimension").get<int>(), 24);
    QCOMPARE(m.at("options").at("users").at("value").get<std::string>(), std::string("rating"));
    QCOMPARE(m.at("corpus").at("reviews").get<int>(), 700);
    QCOMPARE(m.at("corpus").at("files").size(), std::size_t(2));
    QCOMPARE(m.at("corpus").at("files")[0].at("path").get<std::string>(), std::string("data/reviews.jsonl.gz"));
    QCOMPARE(m.at("reviews").at("singular_values").size(), std::size_t(24));
    QCOMPARE(m.at("files").at("review_users").at("shape")[0].get<int>(), 700);
}

void TestEmbedStage::numpyReadsTheFiles()
{
    QProcess probe;
    probe.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral("import numpy")});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
        QSKIP("python3 with numpy is not installed");
    Progress quiet;
    embedWorkspace(workspace(), smallOptions(), quiet);
    QProcess python;
    python.start(QStringLiteral("python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import sys, json, numpy as np\n"
                                 "d = sys.argv[1]; m = json.load(open(d + '/manifest.json'))\n"
                                 "r = np.load(d + '/reviews.npy'); i = np.load(d + '/items.npy'); u = np.load(d + '/users.npy')\n"
                                 "ri = np.load(d + '/review_items.npy'); ru = np.load(d + '/review_users.npy')\n"
                                 "assert list(r.shape) == m['files']['reviews']['shape'] and r.dtype == np.float32\n"
                                 "assert ri.dtype == np.int32 and ri.max() < i.shape[0] and ru.max() < u.shape[0]\n"
                                 "assert np.allclose(np.linalg.norm(r, axis=1), 1, atol=1e-4)\n"
                                 "print(r.shape, i.shape, u.shape, ri.shape, ru.shape)\n"),
                  QString::fromStdString(root() + "/embeddings")});
    QVERIFY(python.waitForFinished(60000));
    QCOMPARE(QString::fromUtf8(python.readAllStandardError()), QString());
    QCOMPARE(QString::fromUtf8(python.readAllStandardOutput()).trimmed(),
             QStringLiteral("(700, 24) (30, 12) (80, 6) (700,) (700,)"));
}

void TestEmbedStage::sameOptionsSameBytes()
{
    Progress quiet;
    EmbedOptions options = smallOptions();
    options.threads = 1;
    embedWorkspace(workspace(), options, quiet);
    const QString dir = QString::fromStdString(root() + "/embeddings/");
    const std::string firstReviews = test::readBytes(dir + QStringLiteral("reviews.npy"));
    const std::string first = firstReviews + test::readBytes(dir + QStringLiteral("items.npy"))
        + test::readBytes(dir + QStringLiteral("users.npy"));
    options.threads = 2;
    embedWorkspace(workspace(), options, quiet);
    const std::string second = test::readBytes(dir + QStringLiteral("reviews.npy")) + test::readBytes(dir + QStringLiteral("items.npy"))
        + test::readBytes(dir + QStringLiteral("users.npy"));
    QVERIFY(first.size() > 700 * 24 * 4);
    QVERIFY(first == second);
    options.seed = 6;
    embedWorkspace(workspace(), options, quiet);
    const std::string otherSeed = test::readBytes(dir + QStringLiteral("reviews.npy"));
    QCOMPARE(otherSeed.size(), firstReviews.size());
    QVERIFY(otherSeed != firstReviews);
}

void TestEmbedStage::changedSeedCorpusIsStale()
{
    Progress quiet;
    embedWorkspace(workspace(), smallOptions(), quiet);
    // A new modification time on the reviews file: the corpus may have changed.
    const std::filesystem::path reviews = root() + "/data/reviews.jsonl.gz";
    std::filesystem::last_write_time(reviews, std::filesystem::last_write_time(reviews) + std::chrono::seconds(5));
    const EmbeddingsStatus status = workspaceEmbeddingsStatus(workspace());
    QCOMPARE(status.state, EmbeddingsStatus::State::Stale);
    QVERIFY2(QString::fromStdString(status.reason).contains(QStringLiteral("reviews.jsonl.gz changed")), status.reason.c_str());
    try {
        loadWorkspaceEmbeddings(workspace());
        QFAIL("no error");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("stale")), e.what());
        QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("manifest.json")));
    }
    // Another seed corpus file altogether.
    embedWorkspace(workspace(), smallOptions(), quiet);
    Workspace ws = workspace();
    ws.setSeedCorpus({"data/reviews.jsonl.gz", ""});
    ws.save();
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Stale);
}

void TestEmbedStage::damagedFilesAreRefused()
{
    Progress quiet;
    embedWorkspace(workspace(), smallOptions(), quiet);
    const QString users = QString::fromStdString(root() + "/embeddings/users.npy");
    const std::string bytes = test::readBytes(users);
    test::writeBytes(users, bytes.substr(0, bytes.size() - 8));
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Stale);
    QVERIFY_THROWS_EXCEPTION(Error, loadWorkspaceEmbeddings(workspace()));
    QFile::remove(users);
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Missing);
    test::writeBytes(QString::fromStdString(root() + "/embeddings/manifest.json"), "{ not json");
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Stale);
    QVERIFY_THROWS_EXCEPTION(Error, loadWorkspaceEmbeddings(workspace()));
}

void TestEmbedStage::interruptedRunLeavesNothingLoadable()
{
    Progress quiet;
    embedWorkspace(workspace(), smallOptions(), quiet);
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Ready);
    // Cancel once the reviews are embedded (the old files are still there).
    Progress *self = nullptr;
    Progress cancelling([&](double fraction, const std::string &) {
        if (fraction >= 0.8)
            self->cancel();
    }, std::chrono::milliseconds(0));
    self = &cancelling;
    QVERIFY_THROWS_EXCEPTION(Cancelled, embedWorkspace(workspace(), smallOptions(), cancelling));
    const EmbeddingsStatus status = workspaceEmbeddingsStatus(workspace());
    QCOMPARE(status.state, EmbeddingsStatus::State::Missing);
    QVERIFY(QString::fromStdString(status.reason).contains(QStringLiteral("crsw embed")));
    QVERIFY_THROWS_EXCEPTION(Error, loadWorkspaceEmbeddings(workspace()));
    // No temporary file is left behind, and the next run completes.
    for (const auto &entry : std::filesystem::directory_iterator(root() + "/embeddings"))
        QVERIFY2(entry.path().string().find(".tmp") == std::string::npos, entry.path().c_str());
    embedWorkspace(workspace(), smallOptions(), quiet);
    QCOMPARE(workspaceEmbeddingsStatus(workspace()).state, EmbeddingsStatus::State::Ready);
}

void TestEmbedStage::badWorkspaces()
{
    Progress quiet;
    EmbedOptions options = smallOptions();
    options.embedder = "word2vec";
    QVERIFY_THROWS_EXCEPTION(Error, embedWorkspace(workspace(), options, quiet));
    Workspace empty = Workspace::create(m_dir->path().toStdString() + "/empty", "no corpus");
    try {
        embedWorkspace(empty, smallOptions(), quiet);
        QFAIL("no error");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("workspace.json: seed.reviews")), e.what());
    }
    QCOMPARE(workspaceEmbeddingsStatus(empty).state, EmbeddingsStatus::State::Missing);
    Workspace missing = workspace();
    missing.setSeedCorpus({"data/nope.jsonl", ""});
    missing.save();
    QVERIFY_THROWS_EXCEPTION(Error, embedWorkspace(workspace(), smallOptions(), quiet));
}

QTEST_APPLESS_MAIN(TestEmbedStage)
#include "test_embed_stage.moc"
