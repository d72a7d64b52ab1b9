#pragma once

#include "data/demo/demo_name_generator.h"
#include "data/demo/demo_random.h"
#include "data/demo/demo_world_model.h"

#include <string>

namespace crsw {

/// Builds the demo world's catalogue: genres, people, films with their
/// attributes and popularity, and the entity ids of all of them.
class DemoCatalogBuilder {
public:
    DemoCatalogBuilder(DemoWorld &world, DemoRandom &random);

    /// Fills world.genres, clusterGenre, people, clusterPeople and `itemCount`
    /// items, then numbers every entity (films, genres, sub-genres, people).
    void build(int itemCount);

    /// The entity URI of a film title: "<http://crsw.demo/resource/The_Velmora_Protocol_(film)>".
    static std::string filmUri(const std::string &title);
    /// The entity URI of a person or genre: "<http://crsw.demo/resource/Folk_horror>".
    static std::string plainUri(const std::string &name);

private:
    std::vector<int> clusterSizes(int itemCount) const;
    void buildGenres();
    void buildPeople(const std::vector<int> &sizes);
    void buildItems(const std::vector<int> &sizes);
    void rankPopularity();
    void numberEntities();
    int pickPerson(const std::vector<int> &pool);

    DemoWorld &m_world;
    DemoRandom &m_random;
    DemoNameGenerator m_names;
};

} // namespace crsw
