#pragma once

#include "data/demo/demo_world.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace crsw::test {

using Json = nlohmann::ordered_json;

/// A generated demo world read back from its files, for the demo tests:
/// every check works on what was written, not on the generator's memory.
struct DemoWorldFiles {
    DemoWorldPaths paths;
    DemoWorldSummary summary;
    std::vector<Json> meta, reviews, users, test;
    Json entity2id, itemIds;
    std::map<std::string, std::size_t> metaByAsin; // parent_asin -> index into meta
    std::map<std::string, std::size_t> userById;   // user_id -> index into users

    /// Generates a world into root/seed and root/bench and reads every file.
    static DemoWorldFiles generate(const std::string &root, const DemoWorldOptions &options);

    const Json &itemOf(const Json &review) const;
    const Json &userOf(const Json &review) const;
    /// The sub-genre (third category) of a film.
    std::string subgenreOf(const std::string &asin) const;
    /// Reviews per sub-genre.
    std::map<std::string, int> reviewsPerSubgenre() const;
};

/// Parses every line of a (gzip) JSON lines file; throws on a bad line.
std::vector<Json> readJsonLines(const std::string &path);
/// The bytes of a file.
std::string readBytes(const std::string &path);
/// He et al.'s extract_movie_name, written out independently of the
/// benchmark reader: last '/' segment, '_' '-' '>' to spaces, "(...)"
/// removed, whitespace collapsed.
std::string heNameFromUri(const std::string &uri);

} // namespace crsw::test
