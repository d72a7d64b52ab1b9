// k-means: inertia against scikit-learn's KMeans on the same data (goldens
// made by tests/golden/select/make_kmeans_golden.py), determinism for a seed
// whatever the thread count, mini-batch mode, empty clusters, bad input.
#include "common/error.h"
#include "common/progress.h"
#include "select/kmeans.h"

#include "synthetic_embeddings.h"
#include "test_paths.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

using namespace crsw;

namespace {

QString golden(const QString &name)
{
    return test::fixturesDir() + QStringLiteral("/../golden/select/") + name;
}

nlohmann::json readGolden()
{
    std::ifstream in(golden(QStringLiteral("kmeans_golden.json")).toStdString());
    return nlohmann::json::parse(in);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

KMeans::Result cluster(const FeatureView &view, std::size_t k, std::uint64_t seed, int threads = 0,
                       KMeans::Algorithm algorithm = KMeans::Algorithm::Lloyd)
{
    KMeans::Options o;
    o.clusters = k;
    o.seed = seed;
    o.threads = threads;
    o.algorithm = algorithm;
    Progress progress;
    return KMeans::run(view, o, progress);
}

} // namespace

class TestKMeans : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noWorseThanScikitLearn_data()
    {
        QTest::addColumn<QString>("set");
        QTest::newRow("blobs") << QStringLiteral("blobs");
        QTest::newRow("embeddings") << QStringLiteral("embeddings");
    }

    // scikit-learn's default (n_init = 1 for k-means++ since 1.4) with seeds
    // 0..9 against ours with seeds 0..9: the seeds of two different random
    // generators cannot be paired, so the runs are compared as samples: our
    // median inertia must not exceed its median (+ 0.1% for the float32
    // centres). On the blobs (one optimum) every run of ours must reach
    // scikit-learn's best to 1e-6. Its n_init = 10 is printed for reference.
    void noWorseThanScikitLearn()
    {
        QFETCH(QString, set);
        const nlohmann::json g = readGolden().at("sets").at(set.toStdString());
        const EmbeddingMatrix x =
            EmbeddingMatrix::mapNpy(golden(QString::fromStdString(g.at("file").get<std::string>())).toStdString());
        QCOMPARE(x.rows(), g.at("rows").get<std::size_t>());
        const FeatureView view(x);
        const std::size_t k = g.at("clusters").get<std::size_t>();
        const std::vector<double> theirs = g.at("n_init_1").get<std::vector<double>>();
        std::vector<double> ours;
        for (std::uint64_t seed = 0; seed < 10; ++seed) {
            const KMeans::Result r = cluster(view, k, seed);
            QVERIFY(r.converged);
            ours.push_back(r.inertia);
        }
        const double bestTheirs = std::min(g.at("n_init_10").get<double>(), *std::min_element(theirs.begin(), theirs.end()));
        qInfo("%s: ours median %.6g best %.6g | scikit-learn median %.6g, n_init=10 %.6g", qPrintable(set),
              median(ours), *std::min_element(ours.begin(), ours.end()), median(theirs), g.at("n_init_10").get<double>());
        QVERIFY(median(ours) <= median(theirs) * 1.001);
        if (set == QStringLiteral("blobs"))
            for (double inertia : ours)
                QVERIFY(inertia <= bestTheirs * (1.0 + 1e-6));
    }

    void sameForAnyThreadCountAndSeeded()
    {
        test::SyntheticEmbeddings::Options o;
        o.rows = 10000; // several reduction blocks
        o.dimension = 24;
        const EmbeddingMatrix x = test::SyntheticEmbeddings::generate(o);
        const FeatureView view(x);
        for (KMeans::Algorithm algorithm : {KMeans::Algorithm::Lloyd, KMeans::Algorithm::MiniBatch}) {
            const KMeans::Result one = cluster(view, 12, 3, 1, algorithm);
            for (int threads : {2, 3}) {
                const KMeans::Result many = cluster(view, 12, 3, threads, algorithm);
                QCOMPARE(many.centers, one.centers); // bit for bit
                QCOMPARE(many.assignment, one.assignment);
                QCOMPARE(many.inertia, one.inertia);
                QCOMPARE(many.iterations, one.iterations);
            }
            const KMeans::Result other = cluster(view, 12, 4, 2, algorithm);
            QVERIFY(other.centers != one.centers);
            std::size_t total = 0;
            for (std::size_t s : one.sizes)
                total += s;
            QCOMPARE(total, x.rows());
        }
    }

    void miniBatchCloseToLloyd()
    {
        const nlohmann::json g = readGolden().at("sets").at("embeddings");
        const EmbeddingMatrix x = EmbeddingMatrix::mapNpy(golden(QStringLiteral("kmeans_embeddings.npy")).toStdString());
        const FeatureView view(x);
        KMeans::Options o;
        o.clusters = 20;
        o.algorithm = KMeans::Algorithm::MiniBatch;
        o.batchSize = 256;
        Progress progress;
        std::vector<double> inertias;
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            o.seed = seed;
            const KMeans::Result r = KMeans::run(view, o, progress);
            QCOMPARE(r.algorithm, KMeans::Algorithm::MiniBatch);
            inertias.push_back(r.inertia);
        }
        const double lloyd = median(g.at("n_init_1").get<std::vector<double>>());
        qInfo("mini-batch median inertia %.6g, scikit-learn Lloyd median %.6g", median(inertias), lloyd);
        QVERIFY(median(inertias) <= lloyd * 1.05);
        // Auto switches at miniBatchAbove.
        o.algorithm = KMeans::Algorithm::Auto;
        o.miniBatchAbove = x.rows();
        QCOMPARE(KMeans::run(view, o, progress).algorithm, KMeans::Algorithm::MiniBatch);
        o.miniBatchAbove = x.rows() + 1;
        QCOMPARE(KMeans::run(view, o, progress).algorithm, KMeans::Algorithm::Lloyd);
    }

    void emptyClusterTakesTheFarthestSample()
    {
        // 1-D: {0, 0.1, 0.2} and {10, 10.1}; the third centre starts far away
        // and gets nothing, so it moves onto the sample farthest from its
        // centre: rows 0 and 2 tie at 0.01, row 0 (the lowest) goes.
        EmbeddingMatrix x(5, 1);
        const float values[] = {0.0f, 0.1f, 0.2f, 10.0f, 10.1f};
        std::copy(values, values + 5, x.mutableData());
        const FeatureView view(x);
        KMeans::Options o;
        o.clusters = 3;
        o.algorithm = KMeans::Algorithm::Lloyd;
        o.initialCenters = {0.1f, 10.05f, 100.0f};
        Progress progress;
        const KMeans::Result r = KMeans::run(view, o, progress);
        QVERIFY(r.emptyClustersMoved >= 1);
        QCOMPARE(r.assignment[0], std::uint32_t(2));
        QCOMPARE(r.assignment[1], r.assignment[2]);
        QCOMPARE(r.assignment[3], r.assignment[4]);
        QVERIFY(std::abs(r.inertia - 0.01) < 1e-6);
        // Fewer distinct points than K: duplicates centres, still a valid result.
        EmbeddingMatrix few(12, 2);
        for (std::size_t i = 0; i < 12; ++i)
            few.mutableRow(i)[0] = float(i % 3);
        const KMeans::Result d = cluster(FeatureView(few), 5, 0);
        QCOMPARE(d.inertia, 0.0);
        for (float c : d.centers)
            QVERIFY(std::isfinite(c));
    }

    void badInput()
    {
        EmbeddingMatrix x(4, 3), empty;
        Progress progress;
        KMeans::Options o;
        o.clusters = 0;
        QVERIFY_THROWS_EXCEPTION(Error, KMeans::run(FeatureView(x), o, progress));
        o.clusters = 5;
        QVERIFY_THROWS_EXCEPTION(Error, KMeans::run(FeatureView(x), o, progress));
        o.clusters = 1;
        QVERIFY_THROWS_EXCEPTION(Error, KMeans::run(FeatureView(empty), o, progress));
        o.initialCenters = {1.0f, 2.0f};
        QVERIFY_THROWS_EXCEPTION(Error, KMeans::run(FeatureView(x), o, progress));
        try {
            o.initialCenters.clear();
            o.clusters = 9;
            KMeans::run(FeatureView(x), o, progress);
        } catch (const Error &e) {
            QCOMPARE(QString::fromStdString(e.where().field), QStringLiteral("clusters"));
        }
        Progress cancelled;
        cancelled.cancel();
        o.clusters = 2;
        QVERIFY_THROWS_EXCEPTION(Cancelled, KMeans::run(FeatureView(x), o, cancelled));
    }
};

QTEST_APPLESS_MAIN(TestKMeans)
#include "test_kmeans.moc"
