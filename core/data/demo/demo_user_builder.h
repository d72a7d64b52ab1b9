#pragma once

#include "data/demo/demo_random.h"
#include "data/demo/demo_world_model.h"

namespace crsw {

/// Draws the demo world's users and their hidden tastes, and computes every
/// user's affinity for every film (DemoWorld::affinity).
class DemoUserBuilder {
public:
    DemoUserBuilder(DemoWorld &world, DemoRandom &random);

    /// Adds `userCount` users and fills the affinity matrix. Needs the catalogue.
    void build(int userCount);

    /// The affinity of a taste for a film: the cluster's place among the
    /// user's favourites, plus liked moods, the favourite decade and favourite
    /// people, minus a disliked mood; never below 0.02.
    static double affinity(const DemoUser &user, const DemoItem &item, const DemoWorld &world);

private:
    DemoUser makeUser(int index);

    DemoWorld &m_world;
    DemoRandom &m_random;
};

} // namespace crsw
