// The structure the demo world was built to have (METHOD.md §9), measured
// independently from its files: heavy-tailed popularity, clusters of unequal
// size, redundant popular reviews and distinctive niche ones, ratings and
// wording that follow the users' hidden tastes, and a test set drawn over
// users. Its first output is the world's figures (DEMO.md's section).
#include "data/demo/demo_world.h"
#include "demo_world_files.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace crsw;
using namespace crsw::test;

namespace {

double trigramRatio(const std::vector<std::string> &texts)
{
    std::set<std::string> distinct;
    std::size_t total = 0;
    for (const auto &text : texts) {
        std::vector<std::string> words;
        std::string word;
        for (char c : text + " ") {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'') {
                word += char(std::tolower(static_cast<unsigned char>(c)));
            } else if (!word.empty()) {
                words.push_back(word);
                word.clear();
            }
        }
        for (std::size_t k = 0; k + 2 < words.size(); ++k, ++total)
            distinct.insert(words[k] + ' ' + words[k + 1] + ' ' + words[k + 2]);
    }
    return total ? double(distinct.size()) / double(total) : 0.0;
}

double mean(const std::vector<double> &values)
{
    double sum = 0;
    for (double v : values)
        sum += v;
    return values.empty() ? 0.0 : sum / double(values.size());
}

// Sub-genres ordered by their number of reviews, most reviewed first.
std::vector<std::string> subgenresByReviews(const DemoWorldFiles &w)
{
    std::vector<std::pair<int, std::string>> byReviews;
    for (const auto &kv : w.reviewsPerSubgenre())
        byReviews.push_back({kv.second, kv.first});
    std::sort(byReviews.rbegin(), byReviews.rend());
    std::vector<std::string> names;
    for (const auto &p : byReviews)
        names.push_back(p.second);
    return names;
}

// Film entity id -> its sub-genre, through the film's title.
std::map<std::int64_t, std::string> subgenreOfFilmId(const DemoWorldFiles &w)
{
    std::map<std::string, std::string> subgenreOfTitle;
    for (const Json &m : w.meta)
        subgenreOfTitle[m["title"].get<std::string>()] = m["categories"][2].get<std::string>();
    std::map<std::int64_t, std::string> result;
    for (auto it = w.entity2id.begin(); it != w.entity2id.end(); ++it) {
        const auto found = subgenreOfTitle.find(heNameFromUri(it.key()));
        if (found != subgenreOfTitle.end())
            result[it.value().get<std::int64_t>()] = found->second;
    }
    return result;
}

} // namespace

class TestDemoWorldStructure : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void popularityIsHeavyTailed();
    void clusterSizesAreUnequal();
    void popularReviewsAreRedundant();
    void ratingsFollowTaste();
    void wordingFollowsTaste();
    void groundTruthFollowsTaste();
    void nichesWeighMoreInTestThanInReviews();
    void summaryAgreesWithFiles();

private:
    QTemporaryDir m_dir;
    DemoWorldFiles m_w;
};

void TestDemoWorldStructure::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_w = DemoWorldFiles::generate(m_dir.path().toStdString(), DemoWorldOptions{});
    qInfo().noquote() << "The demo world, seed" << m_w.summary.seed << "\n"
                      << QString::fromStdString(formatDemoWorldFigures(m_w.summary));
}

void TestDemoWorldStructure::popularityIsHeavyTailed()
{
    std::map<std::string, int> perItem;
    for (const Json &r : m_w.reviews)
        ++perItem[r["parent_asin"].get<std::string>()];
    std::vector<int> counts;
    for (const auto &kv : perItem)
        counts.push_back(kv.second);
    std::sort(counts.rbegin(), counts.rend());
    int top = 0;
    for (std::size_t k = 0; k < counts.size() / 10; ++k)
        top += counts[k];
    const double topShare = double(top) / double(m_w.reviews.size());
    const auto few = std::count_if(counts.begin(), counts.end(), [](int c) { return c <= 5; });
    qInfo("top 10%% of films: %.1f%% of reviews; %d films with <= 5 reviews; top film %d reviews", 100 * topShare,
          int(few), counts.front());
    QVERIFY(topShare > 0.5);
    QVERIFY(few >= std::int64_t(counts.size() / 8));             // many films with a handful
    QVERIFY(counts.front() < int(m_w.reviews.size()) / 10);       // but no single film dominates
}

void TestDemoWorldStructure::clusterSizesAreUnequal()
{
    std::map<std::string, int> sizes;
    for (const Json &m : m_w.meta)
        ++sizes[m["categories"][2].get<std::string>()];
    std::vector<int> s;
    for (const auto &kv : sizes)
        s.push_back(kv.second);
    std::sort(s.rbegin(), s.rend());
    QVERIFY(s.size() >= 10);
    QVERIFY(s.front() >= 10 * s.back());
    QVERIFY(s.front() + s[1] + s[2] > int(m_w.meta.size()) / 2); // three clusters hold most films
}

void TestDemoWorldStructure::popularReviewsAreRedundant()
{
    // Popular: the 3 sub-genres with the most reviews; niche: the 5 with the fewest.
    const std::vector<std::string> order = subgenresByReviews(m_w);
    const std::set<std::string> popular(order.begin(), order.begin() + 3);
    const std::set<std::string> niche(order.end() - 5, order.end());
    std::vector<std::string> popularTexts, nicheTexts;
    for (const Json &r : m_w.reviews) {
        const std::string cluster = m_w.subgenreOf(r["parent_asin"].get<std::string>());
        if (popular.count(cluster))
            popularTexts.push_back(r["text"].get<std::string>());
        else if (niche.count(cluster))
            nicheTexts.push_back(r["text"].get<std::string>());
    }
    const std::size_t n = std::min<std::size_t>({popularTexts.size(), nicheTexts.size(), 300});
    QVERIFY(n >= 100);
    popularTexts.resize(n);
    nicheTexts.resize(n);
    const double popularRatio = trigramRatio(popularTexts);
    const double nicheRatio = trigramRatio(nicheTexts);
    qInfo("distinct trigram ratio over %d reviews: popular %.3f, niche %.3f", int(n), popularRatio, nicheRatio);
    QVERIFY(popularRatio < 0.3);
    QVERIFY(nicheRatio > 2 * popularRatio);
}

void TestDemoWorldStructure::ratingsFollowTaste()
{
    std::vector<double> favourite, other;
    for (const Json &r : m_w.reviews) {
        const Json &user = m_w.userOf(r);
        const std::string cluster = m_w.subgenreOf(r["parent_asin"].get<std::string>());
        const auto &favs = user["favourite_subgenres"];
        const bool fav = std::find(favs.begin(), favs.end(), cluster) != favs.end();
        (fav ? favourite : other).push_back(r["rating"].get<double>());
    }
    qInfo("mean rating: favourite clusters %.2f (%d), others %.2f (%d)", mean(favourite), int(favourite.size()),
          mean(other), int(other.size()));
    QVERIFY(favourite.size() > 1000 && other.size() > 1000);
    QVERIFY(mean(favourite) - mean(other) > 0.5);
}

void TestDemoWorldStructure::wordingFollowsTaste()
{
    // Of the reviews of films crediting a person, those by the person's fans
    // name the person far more often than those by everyone else.
    int fanReviews = 0, fanMentions = 0, otherReviews = 0, otherMentions = 0;
    for (const Json &r : m_w.reviews) {
        const Json &item = m_w.itemOf(r);
        const Json &user = m_w.userOf(r);
        const std::string credits = item["details"]["Director"].get<std::string>() + ", " +
                                    item["details"]["Actors"].get<std::string>();
        const std::string text = r["text"].get<std::string>();
        for (const auto &person : user["favourite_people"]) {
            const std::string name = person.get<std::string>();
            if (credits.find(name) == std::string::npos)
                continue;
            ++fanReviews;
            fanMentions += text.find(name) != std::string::npos ? 1 : 0;
        }
        const std::string director = item["details"]["Director"].get<std::string>();
        const auto &favs = user["favourite_people"];
        if (std::find(favs.begin(), favs.end(), director) == favs.end()) {
            ++otherReviews;
            otherMentions += text.find(director) != std::string::npos ? 1 : 0;
        }
    }
    const double fanRate = double(fanMentions) / fanReviews;
    const double otherRate = double(otherMentions) / otherReviews;
    qInfo("credited person named: by fans %.2f (%d reviews), by others %.2f", fanRate, fanReviews, otherRate);
    QVERIFY(fanReviews > 300);
    QVERIFY(fanRate > 3 * otherRate);
}

void TestDemoWorldStructure::groundTruthFollowsTaste()
{
    std::map<std::string, std::size_t> userOfDialog;
    for (std::size_t u = 0; u < m_w.users.size(); ++u)
        for (const auto &d : m_w.users[u]["test_dialogs"])
            userOfDialog[d.get<std::string>()] = u;
    const std::map<std::int64_t, std::string> clusterOfId = subgenreOfFilmId(m_w);
    int inFavourites = 0, inHome = 0, total = 0;
    std::set<std::size_t> testUsers;
    for (const Json &t : m_w.test) {
        QVERIFY(userOfDialog.count(t["dialog_id"].get<std::string>()));
        const std::size_t u = userOfDialog[t["dialog_id"].get<std::string>()];
        testUsers.insert(u);
        const auto &favs = m_w.users[u]["favourite_subgenres"];
        for (const auto &id : t["rec"]) {
            const std::string cluster = clusterOfId.at(id.get<std::int64_t>());
            inFavourites += std::find(favs.begin(), favs.end(), cluster) != favs.end() ? 1 : 0;
            inHome += cluster == m_w.users[u]["home_subgenre"].get<std::string>() ? 1 : 0;
            ++total;
        }
    }
    qInfo("ground truth in the user's favourite clusters %.1f%%, in the home cluster %.1f%% (%d users)",
          100.0 * inFavourites / total, 100.0 * inHome / total, int(testUsers.size()));
    QVERIFY(double(inFavourites) / total > 0.85);
    QVERIFY(double(inHome) / total > 0.6);
    QVERIFY(testUsers.size() > 100); // drawn over many users
}

void TestDemoWorldStructure::nichesWeighMoreInTestThanInReviews()
{
    // Niche = the 7 sub-genres with the fewest reviews.
    const std::vector<std::string> order = subgenresByReviews(m_w);
    const std::set<std::string> niche(order.end() - 7, order.end());
    const std::map<std::string, int> perCluster = m_w.reviewsPerSubgenre();
    int nicheReviews = 0;
    for (const std::string &cluster : niche)
        nicheReviews += perCluster.at(cluster);
    int nicheUsers = 0;
    for (const Json &u : m_w.users)
        nicheUsers += niche.count(u["home_subgenre"].get<std::string>()) ? 1 : 0;
    const std::map<std::int64_t, std::string> clusterOfId = subgenreOfFilmId(m_w);
    int nicheTruth = 0, truth = 0;
    for (const Json &t : m_w.test)
        for (const auto &id : t["rec"]) {
            nicheTruth += niche.count(clusterOfId.at(id.get<std::int64_t>())) ? 1 : 0;
            ++truth;
        }
    const double reviewShare = double(nicheReviews) / m_w.reviews.size();
    const double userShare = double(nicheUsers) / m_w.users.size();
    const double truthShare = double(nicheTruth) / truth;
    qInfo("niche clusters: %.1f%% of reviews, %.1f%% of users' home tastes, %.1f%% of the test ground truth",
          100 * reviewShare, 100 * userShare, 100 * truthShare);
    QVERIFY(userShare > 4 * reviewShare);
    QVERIFY(truthShare > 4 * reviewShare);
    QVERIFY(truthShare > 0.5 * userShare); // in proportion to the users, roughly
}

void TestDemoWorldStructure::summaryAgreesWithFiles()
{
    // The figures DEMO.md states are those of the files.
    std::map<std::string, int> perItem;
    for (const Json &r : m_w.reviews)
        ++perItem[r["parent_asin"].get<std::string>()];
    std::vector<int> counts;
    for (const auto &kv : perItem)
        counts.push_back(kv.second);
    std::sort(counts.rbegin(), counts.rend());
    QCOMPARE(m_w.summary.maxItemReviews, counts.front());
    QCOMPARE(m_w.summary.itemsWithAtMost5Reviews, int(std::count_if(counts.begin(), counts.end(), [](int c) { return c <= 5; })));
    std::map<std::string, int> perCluster = m_w.reviewsPerSubgenre();
    for (const auto &cluster : m_w.summary.clusters)
        QCOMPARE(cluster.reviews, perCluster[cluster.subgenre]);
    int pairs = 0;
    for (const Json &t : m_w.test)
        pairs += int(t["rec"].size());
    QCOMPARE(m_w.summary.groundTruthPairs, pairs);
}

QTEST_APPLESS_MAIN(TestDemoWorldStructure)
#include "test_demo_world_structure.moc"
