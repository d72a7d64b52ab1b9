#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "pipeline/embed_stage.h"

#include <cstdio>

namespace crsw::cli {

namespace {

std::size_t positive(const ArgParser &parser, const std::string &name, long long minimum)
{
    const long long value = parser.integer(name);
    if (value < minimum)
        throw UsageError("--" + name + " must be at least " + std::to_string(minimum));
    return static_cast<std::size_t>(value);
}

} // namespace

int commandEmbed(const std::vector<std::string> &args)
{
    const EmbedOptions defaults;
    ArgParser parser("crsw embed --workspace W [--embedder tfidf-svd] [--dim D] [--seed N] [--max-features N]\n"
                     "           [--min-df N] [--max-df X] [--item-dim D] [--user-rank R] [--user-value rating|presence]",
                     "Embeds the workspace's seed corpus for active selection (METHOD.md §2-3) and writes\n"
                     "W/embeddings/: reviews.npy (one L2-normalised float32 row per review, in corpus order),\n"
                     "items.npy (item metadata text: title, categories, description, features), users.npy\n"
                     "(collaborative factors: truncated SVD of the user x item matrix), review_items.npy and\n"
                     "review_users.npy (int32: each review's row in items.npy / users.npy) and manifest.json,\n"
                     "written last. tfidf-svd: TF-IDF of unigrams and bigrams (sublinear tf, smooth idf, as\n"
                     "scikit-learn's TfidfVectorizer) reduced by randomized truncated SVD; deterministic for a seed.");
    parser.option("workspace", "DIR", "the workspace", true);
    parser.option("embedder", "NAME", "the embedder", false, defaults.embedder);
    parser.option("dim", "D", "dimension of the review embeddings", false, std::to_string(defaults.reviews.dimension));
    parser.option("item-dim", "D", "dimension of the item metadata embeddings", false, std::to_string(defaults.items.dimension));
    parser.option("seed", "N", "seed of the randomized SVDs", false, std::to_string(defaults.seed));
    parser.option("max-features", "N", "vocabulary size limit, by corpus frequency (0 = none)", false,
                  std::to_string(defaults.reviews.tfidf.maxFeatures));
    parser.option("min-df", "N", "keep terms in at least N reviews (items: N items)", false,
                  std::to_string(defaults.reviews.tfidf.minDf));
    parser.option("max-df", "X", "keep terms in at most this share of the texts", false, "1.0");
    parser.option("user-rank", "R", "rank of the user factors", false, std::to_string(defaults.users.rank));
    parser.option("user-value", "V", "entries of the user x item matrix: rating or presence (1)", false,
                  UserFactors::valueName(defaults.users.value));
    parser.option("power-iterations", "Q", "power iterations of the randomized SVDs", false,
                  std::to_string(defaults.reviews.powerIterations));
    parser.option("threads", "N", "worker threads (0 = all cores)", false, "0");
    if (!parser.parse(args))
        return 0;

    EmbedOptions options;
    options.embedder = parser.value("embedder");
    if (options.embedder != "tfidf-svd")
        throw UsageError("unknown --embedder '" + options.embedder + "' (available: tfidf-svd)");
    options.seed = static_cast<std::uint64_t>(positive(parser, "seed", 0));
    options.threads = static_cast<int>(positive(parser, "threads", 0));
    options.reviews.dimension = positive(parser, "dim", 1);
    options.items.dimension = positive(parser, "item-dim", 1);
    for (TfidfSvdEmbedder::Options *part : {&options.reviews, &options.items}) {
        part->tfidf.maxFeatures = positive(parser, "max-features", 0);
        part->tfidf.minDf = positive(parser, "min-df", 1);
        part->tfidf.maxDf = parser.number("max-df");
        part->powerIterations = positive(parser, "power-iterations", 0);
    }
    if (!(options.reviews.tfidf.maxDf > 0.0 && options.reviews.tfidf.maxDf <= 1.0))
        throw UsageError("--max-df must be in (0, 1]");
    options.users.rank = positive(parser, "user-rank", 1);
    options.users.powerIterations = options.reviews.powerIterations;
    try {
        options.users.value = UserFactors::parseValue(parser.value("user-value"));
    } catch (const Error &) {
        throw UsageError("--user-value must be rating or presence");
    }

    const Workspace workspace = Workspace::open(parser.value("workspace"));
    TerminalProgress terminal("embed");
    const EmbedSummary summary = embedWorkspace(workspace, options, terminal.progress());
    terminal.finish();

    std::printf("Embedded %zu reviews, %zu items and %zu users in %.1f s (seed %llu)\n", summary.reviews, summary.items,
                summary.users, summary.seconds, static_cast<unsigned long long>(options.seed));
    std::printf("  reviews: %zu x %zu, vocabulary %zu terms, keeping %.1f%% of the TF-IDF squared norm\n", summary.reviews,
                summary.reviewDimension, summary.reviewVocabulary, 100.0 * summary.reviewNormKept);
    std::printf("  items:   %zu x %zu, vocabulary %zu terms, keeping %.1f%% of the TF-IDF squared norm\n", summary.items,
                summary.itemDimension, summary.itemVocabulary, 100.0 * summary.itemNormKept);
    std::printf("  users:   %zu x %zu (%s)\n", summary.users, summary.userDimension,
                UserFactors::valueName(options.users.value).c_str());
    std::printf("Files:\n");
    for (const std::string &file : summary.files)
        std::printf("  %s\n", file.c_str());
    return 0;
}

} // namespace crsw::cli
