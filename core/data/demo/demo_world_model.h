#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// A film of the demo world (one metadata line).
struct DemoItem {
    std::string asin;              ///< parent_asin: "CRSW000017"
    std::string title;
    int cluster = 0;               ///< index into DemoVocabulary::clusters()
    int year = 0;
    std::vector<int> moods;        ///< indices into DemoVocabulary::moods()
    std::vector<int> plots;        ///< indices into the cluster's plots
    std::string protagonist;       ///< the lead character's given name
    std::string place;             ///< where it is set (an invented name)
    std::vector<std::string> details; ///< concrete things only this film has ("the silver accordion")
    int director = 0;              ///< index into DemoWorld::people
    std::vector<int> cast;         ///< indices into DemoWorld::people
    int popularityRank = 0;        ///< 0 = the most popular item
    double popularity = 0;         ///< Zipf weight of the rank
    double quality = 0;            ///< intrinsic rating offset, -0.5 .. 0.5
    int priceCents = -1;           ///< -1: no price (null in the metadata)
    int runtimeMinutes = 0;
    std::int64_t entityId = -1;    ///< id in entity2id.json
    int ratingCount = 0;           ///< from the generated reviews
    int ratingSum = 0;

    int decade() const { return year - year % 10; }
};

/// A fictional director or actor (a person entity).
struct DemoPerson {
    std::string name;
    bool director = false;
    int cluster = 0;               ///< the cluster whose films they mostly make
    std::int64_t entityId = -1;
};

/// A user and the hidden taste that drives what they review, how they rate
/// and what they ask for in test conversations.
struct DemoUser {
    std::string id;                ///< user_id: "CRSWUSER00017"
    std::vector<int> clusters;     ///< favourite clusters: home first, then two secondary
    std::vector<int> likedMoods;
    int dislikedMood = 0;
    int decade = 0;                ///< favourite decade (1970 = the 1970s)
    std::vector<int> people;       ///< favourite directors/actors (indices into people)
    int leniencyTenths = 0;        ///< rating offset in tenths of a star
    double activity = 1;           ///< relative propensity to write reviews
    int reviewCount = 0;
    std::vector<std::string> testDialogs; ///< dialog_ids of this user's test conversations
};

/// One generated review.
struct DemoReview {
    int user = 0;
    int item = 0;
    int rating = 0;                ///< 1..5
    bool stock = false;            ///< a stock (redundant) opinion rather than a specific one
    std::string title;
    std::string text;
    std::int64_t timestamp = 0;    ///< ms since the epoch
    int helpfulVotes = 0;
    bool verified = true;
};

/// One recommendation turn of the test set, in He et al.'s fields.
struct DemoTestTurn {
    std::vector<std::string> context;
    std::string resp;
    std::vector<std::int64_t> rec;
    std::vector<std::int64_t> entity;
    std::vector<std::int64_t> prevEntity;
    std::string dialogId;
    std::string turnId;
    std::vector<std::string> entityName;
    std::string input;
    int user = 0;                  ///< the user whose taste the turn follows
    std::vector<int> recItems;     ///< rec as item indices
};

/// The whole generated world in memory, filled stage by stage.
struct DemoWorld {
    std::uint64_t seed = 0;
    std::vector<DemoItem> items;
    std::vector<DemoPerson> people;
    std::vector<DemoUser> users;
    std::vector<DemoReview> reviews;
    std::vector<DemoTestTurn> turns;
    std::vector<std::string> genres;              ///< distinct genre names, first-seen cluster order
    std::vector<int> clusterGenre;                ///< cluster -> index into genres
    std::vector<std::int64_t> genreEntityIds;     ///< per genre
    std::vector<std::int64_t> subgenreEntityIds;  ///< per cluster
    std::vector<std::vector<int>> clusterPeople;  ///< per cluster: its directors, then its actors
    std::vector<std::pair<std::string, std::int64_t>> entities; ///< (URI, id) in id order
    std::vector<double> affinity;                 ///< users x items, row-major

    /// How much user u likes item i (>= 0.02; about 1 to 2.5 for the home cluster).
    double affinityOf(int user, int item) const { return affinity[std::size_t(user) * items.size() + std::size_t(item)]; }
    /// Whether item i belongs to one of user u's favourite clusters.
    bool isFavourite(int user, int item) const;
};

} // namespace crsw
