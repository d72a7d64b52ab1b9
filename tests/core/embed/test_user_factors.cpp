// User collaborative factors: the rank-r SVD of the user x item matrix,
// checked against Eigen's exact SVD; rating versus presence; bad input.
#include "common/error.h"
#include "embed/user_factors.h"

#include <QtTest>

#include <Eigen/SVD>

#include <cmath>

using namespace crsw;

namespace {

// Users in two taste groups: group g reviews mostly items of half g.
std::vector<UserFactors::Interaction> twoGroups(std::size_t users, std::size_t items)
{
    std::vector<UserFactors::Interaction> out;
    std::uint64_t state = 5;
    const auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::size_t>(state >> 33);
    };
    for (std::size_t u = 0; u < users; ++u) {
        const std::size_t group = u % 2;
        for (int r = 0; r < 6; ++r) {
            const bool ownHalf = next() % 10 < 8;
            const std::size_t half = ownHalf ? group : 1 - group;
            const std::size_t item = half * (items / 2) + next() % (items / 2);
            out.push_back({std::uint32_t(u), std::uint32_t(item), float(1 + next() % 5)});
        }
    }
    return out;
}

} // namespace

class TestUserFactors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equalsExactProjection_data();
    void equalsExactProjection();
    void tastesSeparate();
    void badInput();
};

void TestUserFactors::equalsExactProjection_data()
{
    QTest::addColumn<bool>("presence");
    QTest::newRow("rating") << false;
    QTest::newRow("presence") << true;
}

void TestUserFactors::equalsExactProjection()
{
    QFETCH(bool, presence);
    const std::size_t users = 120, items = 30, rank = 30; // full rank: exact
    std::vector<UserFactors::Interaction> interactions = twoGroups(users, items);
    interactions.push_back({3, 2, 5.0f});
    interactions.push_back({3, 2, 2.0f}); // reviewed twice: the mean (or 1)
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(Eigen::Index(users), Eigen::Index(items));
    Eigen::MatrixXd count = x;
    for (const auto &i : interactions) {
        x(i.user, i.item) += i.rating;
        count(i.user, i.item) += 1;
    }
    for (Eigen::Index i = 0; i < x.size(); ++i)
        if (count.data()[i] > 0)
            x.data()[i] = presence ? 1.0 : x.data()[i] / count.data()[i];
    UserFactors::Options options;
    options.rank = rank;
    options.value = presence ? UserFactors::Value::Presence : UserFactors::Value::Rating;
    Progress quiet;
    const UserFactors::Result result = UserFactors::compute(users, items, interactions, options, quiet);
    QCOMPARE(result.factors.rows(), users);
    QCOMPARE(result.factors.cols(), rank);
    const Eigen::JacobiSVD<Eigen::MatrixXd> exact(x, Eigen::ComputeThinU);
    // Full rank: X V = U Σ, normalised = the rows of U Σ normalised; equal up to each column's sign.
    Eigen::MatrixXd us = exact.matrixU() * exact.singularValues().asDiagonal();
    for (std::size_t j = 0; j < 5; ++j)
        QVERIFY(std::fabs(result.singularValues[j] - exact.singularValues()(Eigen::Index(j))) < 1e-4 * exact.singularValues()(0));
    for (std::size_t u = 0; u < users; ++u) {
        double ours = 0.0;
        for (std::size_t j = 0; j < rank; ++j)
            ours += double(result.factors.row(u)[j]) * result.factors.row(u)[j];
        QVERIFY(std::fabs(ours - 1.0) < 1e-5);
    }
    // The leading coordinates agree with the exact ones up to each column's sign.
    for (std::size_t j = 0; j < 4; ++j) {
        double agreement = 0.0;
        for (std::size_t u = 0; u < users; ++u)
            agreement += result.factors.row(u)[j] * us(Eigen::Index(u), Eigen::Index(j));
        const double sign = agreement < 0 ? -1.0 : 1.0;
        for (std::size_t u = 0; u < users; ++u) {
            const double want = sign * us(Eigen::Index(u), Eigen::Index(j)) / us.row(Eigen::Index(u)).norm();
            QVERIFY2(std::fabs(result.factors.row(u)[j] - want) < 1e-3,
                     qPrintable(QStringLiteral("user %1 coordinate %2: ours %3, exact %4").arg(u).arg(j).arg(result.factors.row(u)[j]).arg(want)));
        }
    }
}

void TestUserFactors::tastesSeparate()
{
    const std::size_t users = 400, items = 60;
    UserFactors::Options options;
    options.rank = 8;
    Progress quiet;
    const UserFactors::Result result = UserFactors::compute(users, items, twoGroups(users, items), options, quiet);
    QCOMPARE(result.factors.cols(), std::size_t(8));
    double same = 0.0, other = 0.0;
    for (std::size_t u = 0; u + 2 < users; u += 2) {
        for (std::size_t j = 0; j < 8; ++j) {
            same += double(result.factors.row(u)[j]) * result.factors.row(u + 2)[j];
            other += double(result.factors.row(u)[j]) * result.factors.row(u + 1)[j];
        }
    }
    QVERIFY2(same > other, qPrintable(QStringLiteral("same group %1, other group %2").arg(same).arg(other)));
}

void TestUserFactors::badInput()
{
    Progress quiet;
    UserFactors::Options options;
    QVERIFY_THROWS_EXCEPTION(Error, UserFactors::compute(3, 3, {}, options, quiet));
    QVERIFY_THROWS_EXCEPTION(Error, UserFactors::compute(3, 3, {{3, 0, 1.0f}}, options, quiet));
    QVERIFY_THROWS_EXCEPTION(Error, UserFactors::compute(3, 3, {{0, 5, 1.0f}}, options, quiet));
    QVERIFY_THROWS_EXCEPTION(Error, UserFactors::compute(3, 3, {{0, 0, std::nanf("")}}, options, quiet));
    QCOMPARE(UserFactors::parseValue("presence"), UserFactors::Value::Presence);
    QCOMPARE(UserFactors::valueName(UserFactors::Value::Rating), std::string("rating"));
    QVERIFY_THROWS_EXCEPTION(Error, UserFactors::parseValue("stars"));
}

QTEST_APPLESS_MAIN(TestUserFactors)
#include "test_user_factors.moc"
