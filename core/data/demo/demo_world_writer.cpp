#include "data/demo/demo_world_writer.h"

#include "common/atomic_file.h"
#include "data/demo/demo_gzip.h"
#include "data/demo/demo_text.h"
#include "data/demo/demo_vocabulary.h"
#include "data/demo/demo_world_stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace crsw {

namespace {

using Json = nlohmann::ordered_json;

std::string joinList(const std::vector<std::string> &parts, const std::string &separator, const std::string &last)
{
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k)
        out += (k == 0 ? "" : (k + 1 == parts.size() ? last : separator)) + parts[k];
    return out;
}

bool endsWith(const std::string &text, const std::string &suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string parentFolder(const std::string &path)
{
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

} // namespace

const char *const DemoWorldWriter::kMainCategory = "Movies & TV (CRSW synthetic demo)";
const char *const DemoWorldWriter::kStore = "CRSW synthetic demo";

DemoWorldWriter::DemoWorldWriter(const DemoWorld &world) : m_world(world) {}

std::string DemoWorldWriter::synopsis(const DemoItem &item) const
{
    const DemoCluster &cluster = DemoVocabulary::clusters()[std::size_t(item.cluster)];
    std::vector<std::string> plots, moods, cast;
    for (int p : item.plots)
        plots.push_back(cluster.plots[std::size_t(p)]);
    for (int m : item.moods)
        moods.push_back(DemoVocabulary::moods()[std::size_t(m)]);
    for (int a : item.cast)
        cast.push_back(m_world.people[std::size_t(a)].name);
    return "In " + item.place + ", " + item.protagonist + " is caught up in " + joinList(plots, ", ", " and ") + ". A " + joinList(moods, ", ", " and ") +
           " " + demotext::lowerFirst(cluster.subgenre) + " film from " + std::to_string(item.year) + ", directed by " +
           m_world.people[std::size_t(item.director)].name + " and starring " + joinList(cast, ", ", " and ") + ". Watch for " + joinList(item.details, ", ", " and ") + ".";
}

std::string DemoWorldWriter::metadataLines() const
{
    const auto &clusters = DemoVocabulary::clusters();
    std::string out;
    for (const DemoItem &item : m_world.items) {
        const DemoCluster &cluster = clusters[std::size_t(item.cluster)];
        std::vector<std::string> moods, plots, cast;
        for (int m : item.moods)
            moods.push_back(DemoVocabulary::moods()[std::size_t(m)]);
        for (int p : item.plots)
            plots.push_back(cluster.plots[std::size_t(p)]);
        for (int a : item.cast)
            cast.push_back(m_world.people[std::size_t(a)].name);
        const std::string &director = m_world.people[std::size_t(item.director)].name;
        const std::string runtime = std::to_string(item.runtimeMinutes / 60) + " hour " +
                                    std::to_string(item.runtimeMinutes % 60) + " minutes";

        Json line;
        line["main_category"] = kMainCategory;
        line["title"] = item.title;
        line["subtitle"] = "Synthetic demo film, " + std::to_string(item.year);
        // Rounded to one decimal like the real metadata, in integer arithmetic.
        const int tenths = (20 * item.ratingSum + item.ratingCount) / (2 * item.ratingCount);
        line["average_rating"] = tenths / 10.0;
        line["rating_number"] = item.ratingCount;
        line["features"] = Json::array({"Genre: " + cluster.genre, "Sub-genre: " + cluster.subgenre,
                                        "Moods: " + joinList(moods, ", ", ", "),
                                        "Era: " + DemoVocabulary::decadeName(item.decade()), "Directed by " + director,
                                        "Starring " + joinList(cast, ", ", " and "),
                                        "Plot keywords: " + joinList(plots, "; ", "; "),
                                        "Look out for " + joinList(item.details, ", ", " and ")});
        line["description"] = Json::array(
            {synopsis(item), "This film does not exist: it is part of the CRSW Workbench synthetic demo world (seed " +
                                 std::to_string(m_world.seed) + ")."});
        if (item.priceCents < 0)
            line["price"] = nullptr;
        else
            line["price"] = item.priceCents / 100.0;
        line["images"] = Json::array();
        line["videos"] = Json::array();
        line["store"] = kStore;
        line["categories"] = Json::array({"Movies & TV", cluster.genre, cluster.subgenre});
        Json details;
        details["Release date"] = std::to_string(item.year);
        details["Run time"] = runtime;
        details["Director"] = director;
        details["Actors"] = joinList(cast, ", ", ", ");
        details["Genre"] = cluster.genre + ", " + cluster.subgenre;
        details["Mood"] = joinList(moods, ", ", ", ");
        details["Language"] = "English";
        details["Synthetic"] = "CRSW demo world, seed " + std::to_string(m_world.seed);
        line["details"] = details;
        line["parent_asin"] = item.asin;
        line["bought_together"] = nullptr;
        line["author"] = nullptr;
        out += line.dump() + '\n';
    }
    return out;
}

std::string DemoWorldWriter::reviewLines() const
{
    std::string out;
    for (const DemoReview &review : m_world.reviews) {
        const DemoItem &item = m_world.items[std::size_t(review.item)];
        Json line;
        line["rating"] = double(review.rating);
        line["title"] = review.title;
        line["text"] = review.text;
        line["images"] = Json::array();
        line["asin"] = item.asin;
        line["parent_asin"] = item.asin;
        line["user_id"] = m_world.users[std::size_t(review.user)].id;
        line["timestamp"] = review.timestamp;
        line["helpful_vote"] = review.helpfulVotes;
        line["verified_purchase"] = review.verified;
        out += line.dump() + '\n';
    }
    return out;
}

std::string DemoWorldWriter::userLines() const
{
    const auto &clusters = DemoVocabulary::clusters();
    const auto &moods = DemoVocabulary::moods();
    std::string out;
    for (const DemoUser &user : m_world.users) {
        Json line;
        line["user_id"] = user.id;
        line["home_subgenre"] = clusters[std::size_t(user.clusters.front())].subgenre;
        Json favourites = Json::array();
        for (int c : user.clusters)
            favourites.push_back(clusters[std::size_t(c)].subgenre);
        line["favourite_subgenres"] = favourites;
        Json liked = Json::array();
        for (int m : user.likedMoods)
            liked.push_back(moods[std::size_t(m)]);
        line["liked_moods"] = liked;
        line["disliked_mood"] = moods[std::size_t(user.dislikedMood)];
        line["favourite_decade"] = DemoVocabulary::decadeName(user.decade);
        Json people = Json::array();
        for (int p : user.people)
            people.push_back(m_world.people[std::size_t(p)].name);
        line["favourite_people"] = people;
        line["leniency"] = user.leniencyTenths / 10.0;
        line["review_count"] = user.reviewCount;
        line["test_dialogs"] = user.testDialogs;
        out += line.dump() + '\n';
    }
    return out;
}

std::string DemoWorldWriter::testLines() const
{
    std::string out;
    for (const DemoTestTurn &turn : m_world.turns) {
        Json line;
        line["context"] = turn.context;
        line["resp"] = turn.resp;
        line["rec"] = turn.rec;
        line["entity"] = turn.entity;
        line["prev_entity"] = turn.prevEntity;
        line["dialog_id"] = turn.dialogId;
        line["turn_id"] = turn.turnId;
        line["is_user"] = 0;
        line["entity_name"] = turn.entityName;
        line["input"] = turn.input;
        out += line.dump() + '\n';
    }
    return out;
}

std::string DemoWorldWriter::entity2IdJson() const
{
    Json map = Json::object();
    for (const auto &entity : m_world.entities)
        map[entity.first] = entity.second;
    return map.dump() + '\n';
}

std::string DemoWorldWriter::itemIdsJson() const
{
    std::vector<std::int64_t> ids;
    for (const DemoItem &item : m_world.items)
        ids.push_back(item.entityId);
    std::sort(ids.begin(), ids.end());
    return Json(ids).dump() + '\n';
}

std::string DemoWorldWriter::readme(const DemoWorldSummary &summary) const
{
    const std::string seed = std::to_string(m_world.seed);
    std::string out;
    out += "# CRSW Workbench demo world (synthetic)\n\n";
    out += "**Everything here is synthetic.** The films, people, users, reviews, ratings and conversations were "
           "invented by CRSW Workbench's demo world generator from seed " + seed + ". No title is a real film, no "
           "name is a real person, and no review was written by a person. The files only borrow the formats of real "
           "data (Amazon Reviews'23, He et al. 2023) so the whole pipeline runs offline, without downloads or an API "
           "key. Every film says so: `main_category` is \"" + std::string(kMainCategory) + "\", `store` is \"" +
           kStore + "\" and its description ends with a note that it does not exist.\n\n";
    out += "## Files\n\n";
    out += "- `reviews.jsonl.gz`: the reviews, Amazon Reviews'23 review format.\n";
    out += "- `meta.jsonl.gz`: the films, Amazon Reviews'23 item metadata format; `average_rating` and "
           "`rating_number` are computed from the reviews.\n";
    out += "- `users.jsonl`: the hidden truth, every user's taste (favourite sub-genres, liked and disliked moods, "
           "favourite decade and people, leniency) and the test conversations they hold. The method never reads "
           "it; it is there to inspect and to check results against.\n";
    out += "- In the benchmark folder: `test.jsonl`, `entity2id.json`, `item_ids.json` in He et al.'s format. "
           "Entity URIs look like `<http://crsw.demo/resource/Title_Words_(film)>`; the name He et al.'s rule "
           "derives from a film's URI is exactly its title.\n\n";
    out += "## The structure it was given (METHOD.md section 9)\n\n";
    out += "- Sub-genre clusters of very unequal size; a few popular clusters hold most films, most reviews and "
           "the blockbusters. Popularity follows a Zipf-Mandelbrot law over a popularity rank ((rank + 4)^-2), so a "
           "few films carry most reviews and many have a handful.\n";
    out += "- Reviews of popular clusters are mostly stock opinions, near-paraphrases of a few sentences per rating "
           "band; reviews of niche clusters are specific, built from the film's own plot elements, lead character, "
           "setting and concrete details, moods, credits and era. Random sampling over-spends a budget on the redundant reviews; "
           "diversity-seeking selection reaches the niches.\n";
    out += "- Users have latent tastes over sub-genre (a home cluster and two more), mood, decade and credits "
           "(directors and actors). What they review follows popularity x affinity^2, their ratings follow their "
           "affinity for the film plus its quality and their leniency, and their wording mentions what they "
           "like or dislike.\n";
    out += "- Niche tastes are held by many more users than their share of reviews suggests. Test conversations "
           "are drawn over users, not reviews: a niche taste appears in the test set as often as users hold it, and "
           "the ground truth follows the user's taste: films not mentioned before, drawn by sqrt(popularity) x "
           "affinity^4, four times in five among the films of the user's home cluster.\n\n";
    out += "## Figures of this world\n\n";
    out += DemoWorldStats::format(summary);
    out += "\n## Regenerating\n\n";
    out += "The generator is seeded and platform-independent (its own xoshiro256** generator and samplers, no "
           "standard-library distributions): the same seed and sizes give byte-identical files. This world used "
           "seed " + seed + ", " + std::to_string(summary.items) + " films, " + std::to_string(summary.users) +
           " users, " + std::to_string(summary.reviews) + " reviews and " + std::to_string(summary.testTurns) +
           " test turns.\n";
    return out;
}

void DemoWorldWriter::writeAll(const DemoWorldPaths &paths, const DemoWorldSummary &summary) const
{
    const auto write = [](const std::string &path, const std::string &text) {
        const std::string folder = parentFolder(path);
        if (!folder.empty())
            makeDirectories(folder);
        writeFileAtomically(path, endsWith(path, ".gz") ? gzipDeterministic(text) : text);
    };
    write(paths.metadata, metadataLines());
    write(paths.reviews, reviewLines());
    write(paths.users, userLines());
    write(paths.testSet, testLines());
    write(paths.entity2id, entity2IdJson());
    write(paths.itemIds, itemIdsJson());
    write(paths.readme, readme(summary));
}

} // namespace crsw
