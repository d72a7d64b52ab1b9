#pragma once

#include "common/progress.h"
#include "data/demo/demo_random.h"
#include "data/demo/demo_world_model.h"

namespace crsw {

/// Decides who reviews what in the demo world, with which rating, when, and
/// in which words (through DemoReviewText); fills DemoWorld::reviews and the
/// items' rating counts.
///
/// Who reviews what: every film gets at least one review and every user
/// writes at least one; the rest go to users in proportion to their (heavy-
/// tailed) activity, each choosing a film they have not reviewed with
/// probability proportional to popularity x affinity^2, so popularity makes
/// the counts Zipf-like while taste decides which films a user picks.
class DemoReviewBuilder {
public:
    DemoReviewBuilder(DemoWorld &world, DemoRandom &random);

    /// Generates `reviewCount` reviews (>= items + users). Cancellable.
    void build(int reviewCount, Progress &progress);

    /// The star rating a user gives a film: taste, the film's quality and the
    /// user's leniency, plus noise, rounded into 1..5.
    int rating(int user, int item);

private:
    void addReview(int user, int item);
    int chooseItem(int user);
    std::int64_t timestampFor(const DemoItem &item);

    DemoWorld &m_world;
    DemoRandom &m_random;
    std::vector<std::uint8_t> m_reviewed; // users x items: 1 when reviewed
};

} // namespace crsw
