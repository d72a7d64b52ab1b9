#include "data/demo/demo_world.h"

#include "common/error.h"
#include "data/demo/demo_catalog_builder.h"
#include "data/demo/demo_conversation_builder.h"
#include "data/demo/demo_random.h"
#include "data/demo/demo_review_builder.h"
#include "data/demo/demo_user_builder.h"
#include "data/demo/demo_vocabulary.h"
#include "data/demo/demo_world_model.h"
#include "data/demo/demo_world_stats.h"
#include "data/demo/demo_world_writer.h"

#include <chrono>

namespace crsw {

namespace {

// Each stage draws from its own stream, so a change in one stage (say, more
// test turns) leaves the others' draws, and their files, as they were.
enum Stream : std::uint64_t { CatalogStream = 1, UserStream = 2, ReviewStream = 3, TestStream = 4 };

void validate(const DemoWorldOptions &o)
{
    const int clusters = int(DemoVocabulary::clusters().size());
    if (o.items < clusters)
        throw Error("demo world: items must be at least " + std::to_string(clusters));
    if (o.users < 1)
        throw Error("demo world: users must be at least 1");
    if (o.reviews < o.items + o.users)
        throw Error("demo world: reviews must be at least items + users (" + std::to_string(o.items + o.users) + ")");
    if (std::int64_t(o.reviews) > std::int64_t(o.items) * o.users / 2)
        throw Error("demo world: reviews must be at most items x users / 2");
    if (o.testTurns < 1 || o.testTurns > o.users)
        throw Error("demo world: test turns must be between 1 and the number of users");
}

} // namespace

DemoWorldPaths DemoWorldPaths::inFolder(const std::string &seedDir, const std::string &benchmarkDir)
{
    DemoWorldPaths paths;
    paths.reviews = seedDir + "/reviews.jsonl.gz";
    paths.metadata = seedDir + "/meta.jsonl.gz";
    paths.users = seedDir + "/users.jsonl";
    paths.readme = seedDir + "/DEMO.md";
    paths.testSet = benchmarkDir + "/test.jsonl";
    paths.entity2id = benchmarkDir + "/entity2id.json";
    paths.itemIds = benchmarkDir + "/item_ids.json";
    return paths;
}

DemoWorldSummary generateDemoWorld(const DemoWorldPaths &paths, const DemoWorldOptions &options, Progress &progress)
{
    validate(options);
    const auto started = std::chrono::steady_clock::now();
    DemoWorld world;
    world.seed = options.seed;

    progress.reportNow(0.0, "Inventing films and people");
    DemoRandom catalogRandom = DemoRandom::stream(options.seed, CatalogStream);
    DemoCatalogBuilder(world, catalogRandom).build(options.items);
    progress.throwIfCancelled();

    progress.reportNow(0.1, "Drawing users and their tastes");
    DemoRandom userRandom = DemoRandom::stream(options.seed, UserStream);
    DemoUserBuilder(world, userRandom).build(options.users);
    progress.throwIfCancelled();

    DemoRandom reviewRandom = DemoRandom::stream(options.seed, ReviewStream);
    Progress reviewProgress = progress.subRange(0.15, 0.6);
    DemoReviewBuilder(world, reviewRandom).build(options.reviews, reviewProgress);

    DemoRandom testRandom = DemoRandom::stream(options.seed, TestStream);
    Progress testProgress = progress.subRange(0.6, 0.7);
    DemoConversationBuilder(world, testRandom).build(options.testTurns, testProgress);

    progress.reportNow(0.7, "Measuring the world");
    DemoWorldSummary summary = DemoWorldStats::summarize(world);
    progress.throwIfCancelled();

    progress.reportNow(0.75, "Writing files");
    DemoWorldWriter(world).writeAll(paths, summary);
    summary.generationSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress.reportNow(1.0, "Demo world written");
    return summary;
}

std::string formatDemoWorldFigures(const DemoWorldSummary &summary)
{
    return DemoWorldStats::format(summary);
}

} // namespace crsw
