#pragma once

#include "common/progress.h"
#include "embed/embedding_matrix.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crsw {

/// Collaborative factors of users for the USER_ variants (METHOD.md §3.3):
/// the rank-r truncated SVD (RandomizedSvd) of the user x item matrix X;
/// a user's factors are its row of X·V_r (= U_r Σ_r), L2-normalised.
class UserFactors {
public:
    /// What an entry of X holds.
    enum class Value {
        Rating,   ///< the star rating (1 to 5); the mean when a user reviewed an item twice
        Presence, ///< 1 when the user reviewed the item
    };

    struct Options {
        std::size_t rank = 32;           ///< r (lowered to min(users, items))
        Value value = Value::Rating;
        std::size_t oversampling = 10;
        std::size_t powerIterations = 5;
        std::uint64_t seed = 0;
        int threads = 0;                 ///< 0 = all cores
    };

    /// One review: who rated what.
    struct Interaction {
        std::uint32_t user = 0;
        std::uint32_t item = 0;
        float rating = 0.0f;
    };

    struct Result {
        EmbeddingMatrix factors;           ///< users x r, rows L2-normalised
        std::vector<float> singularValues; ///< r, falling
    };

    /// Factors of `users` users over `items` items. Throws crsw::Error for an
    /// index out of range, a non-finite rating or no interactions. Cancellable.
    static Result compute(std::size_t users, std::size_t items, const std::vector<Interaction> &interactions,
                          const Options &options, Progress &progress);

    /// "rating" / "presence".
    static std::string valueName(Value value);
    /// Parses "rating" or "presence"; throws crsw::Error naming the valid values.
    static Value parseValue(const std::string &name);
};

} // namespace crsw
