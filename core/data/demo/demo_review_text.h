#pragma once

#include "data/demo/demo_random.h"
#include "data/demo/demo_world_model.h"

#include <string>
#include <vector>

namespace crsw {

/// Words the demo world's reviews.
///
/// A stock review is one of a few fixed opinions per rating band, each with a
/// couple of near-paraphrases: reviews of popular clusters are mostly stock,
/// so they repeat each other. A specific review is built from the film's own
/// plot elements, lead character, moods, credits and era, so it shares little
/// with any other review. Both kinds add first-person sentences that follow
/// the reviewer's taste (liked or disliked moods, favourite people, decade).
class DemoReviewText {
public:
    DemoReviewText(const DemoWorld &world, DemoRandom &random);

    /// Sets review.title and review.text from its user, item, rating and `stock` flag.
    void write(DemoReview &review);

private:
    struct Fill;
    std::string stockText(const DemoReview &review, const Fill &fill);
    std::string specificText(const DemoReview &review, const Fill &fill);
    std::vector<std::string> tasteSentences(const DemoReview &review, const Fill &fill);
    std::string title(const DemoReview &review, const Fill &fill);
    std::string expand(const std::string &pattern, const Fill &fill) const;

    const DemoWorld &m_world;
    DemoRandom &m_random;
};

} // namespace crsw
