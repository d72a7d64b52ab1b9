#include "arg_parser.h"
#include "commands.h"
#include "terminal_progress.h"

#include "common/error.h"
#include "data/amazon/corpus_stats.h"
#include "data/amazon/seed_corpus_loader.h"
#include "pipeline/workspace.h"

#include <cstdio>
#include <fstream>
#include <memory>

namespace crsw::cli {

int commandData(const std::vector<std::string> &args)
{
    ArgParser parser("crsw data (--workspace W | --reviews FILE... --metadata FILE...) [filters] [--report FILE]",
                     "Loads an Amazon Reviews'23 seed corpus (.jsonl or .jsonl.gz, streamed), joins reviews to item\n"
                     "metadata on parent_asin, applies the filters and prints the corpus statistics, what each\n"
                     "filter removed and every malformed line (file:line: field: reason). A malformed line never\n"
                     "stops the load.");
    parser.option("workspace", "DIR", "load this workspace's seed corpus");
    parser.repeatable("reviews", "FILE", "a reviews file (repeatable)");
    parser.repeatable("metadata", "FILE", "an item metadata file (repeatable)");
    parser.option("min-rating", "X", "keep reviews rated at least X");
    parser.option("min-length", "N", "keep reviews with at least N characters of text");
    parser.repeatable("category", "NAME", "keep items in this category (repeatable; case-insensitive)");
    parser.option("max-per-item", "N", "keep at most the first N reviews of each item");
    parser.flag("keep-without-metadata", "keep reviews whose item has no metadata");
    parser.option("report", "FILE", "write every malformed line to FILE (the screen shows the first ones)");
    if (!parser.parse(args))
        return 0;

    SeedCorpusLoader::Sources sources;
    if (parser.has("workspace")) {
        if (parser.has("reviews") || parser.has("metadata"))
            throw UsageError("give --workspace or --reviews/--metadata, not both");
        const Workspace workspace = Workspace::open(parser.value("workspace"));
        const SeedCorpusEntry seed = workspace.seedCorpus();
        if (seed.reviews.empty())
            throw Error({workspace.root() + "/workspace.json", 0, "seed.reviews"}, "the workspace has no seed corpus");
        sources.reviewFiles.push_back(workspace.resolve(seed.reviews));
        if (!seed.metadata.empty())
            sources.metadataFiles.push_back(workspace.resolve(seed.metadata));
    } else {
        sources.reviewFiles = parser.values("reviews");
        sources.metadataFiles = parser.values("metadata");
        if (sources.reviewFiles.empty())
            throw UsageError("give --workspace or at least one --reviews file");
    }
    SeedCorpusBuilder::Options filters;
    if (parser.has("min-rating"))
        filters.minRating = static_cast<float>(parser.number("min-rating"));
    if (parser.has("min-length"))
        filters.minTextChars = static_cast<std::size_t>(parser.integer("min-length"));
    if (parser.has("max-per-item"))
        filters.maxReviewsPerItem = static_cast<std::size_t>(parser.integer("max-per-item"));
    filters.categories = parser.values("category");
    filters.keepReviewsWithoutMetadata = parser.isSet("keep-without-metadata");

    LoadReport report;
    std::unique_ptr<std::ofstream> reportFile;
    if (parser.has("report")) {
        reportFile = std::make_unique<std::ofstream>(parser.value("report"));
        if (!*reportFile)
            throw Error({parser.value("report"), 0, {}}, "cannot write the report");
        report.setSink([&](const InputProblem &problem) { *reportFile << problem.toString() << '\n'; });
    }

    TerminalProgress terminal("data");
    const SeedCorpusLoader::Result result = SeedCorpusLoader::load(sources, filters, report, terminal.progress());
    terminal.finish();

    const CorpusStats stats = CorpusStats::compute(result.corpus);
    std::printf("%s\n", stats.toText().c_str());
    const auto &c = result.counts;
    std::printf("Filters: %lld of %lld reviews kept; dropped: %lld without item metadata, %lld outside the categories,\n"
                "         %lld below the minimum rating, %lld too short, %lld over the per-item limit\n",
                (long long)c.reviewsKept, (long long)c.reviewsRead, (long long)c.reviewsDroppedNoMetadata,
                (long long)c.reviewsOfExcludedItems, (long long)c.reviewsBelowMinRating,
                (long long)c.reviewsTextTooShort, (long long)c.reviewsOverItemLimit);
    std::printf("Items: %lld of %lld kept (%lld duplicates, %lld outside the categories)\n", (long long)c.itemsKept,
                (long long)c.itemsRead, (long long)c.itemsDuplicate, (long long)c.itemsOutsideCategories);
    std::printf("Malformed: %s\n", report.summary(20).c_str());
    if (reportFile)
        std::printf("Every malformed line is in %s\n", parser.value("report").c_str());
    if (!result.complete) {
        std::fprintf(stderr, "crsw data: the load is incomplete: %s\n", result.incompleteReason.c_str());
        return 1;
    }
    return 0;
}

} // namespace crsw::cli
