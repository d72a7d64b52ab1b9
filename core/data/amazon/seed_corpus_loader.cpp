#include "data/amazon/seed_corpus_loader.h"

#include "common/error.h"
#include "common/line_reader.h"

#include <filesystem>
#include <limits>

namespace crsw {

SeedCorpusLoader::Result SeedCorpusLoader::load(const Sources &sources, const SeedCorpusBuilder::Options &options,
                                                LoadReport &report, Progress &progress,
                                                const AmazonReader::Options &readerOptions)
{
    if (sources.reviewFiles.size() > std::numeric_limits<std::uint16_t>::max())
        throw Error("too many review files (at most 65,535)");
    // Fail on a wrong path now rather than after minutes of reading metadata.
    std::vector<std::uint64_t> sizes;
    std::uint64_t total = 0;
    for (const auto *files : {&sources.metadataFiles, &sources.reviewFiles}) {
        for (const auto &path : *files) {
            LineReader probe(path); // throws crsw::Error naming the file
            sizes.push_back(probe.fileBytes());
            total += probe.fileBytes();
        }
    }

    Result result;
    SeedCorpusBuilder builder(options);
    std::uint64_t done = 0;
    std::size_t fileIndex = 0;
    // Each file gets the share of the progress bar its size deserves.
    const auto nextRange = [&]() {
        const std::uint64_t size = sizes[fileIndex++];
        const double from = total ? double(done) / double(total) : 0.0;
        done += size;
        const double to = total ? double(done) / double(total) : 1.0;
        return progress.subRange(from, to);
    };
    const auto record = [&](const std::string &path, bool metadata, const AmazonReader::Result &read) {
        result.malformedLines += read.malformed;
        if (!read.complete && result.complete) {
            result.complete = false;
            result.incompleteReason = read.stopReason;
        }
        result.files.push_back({path, metadata, read});
    };

    for (const auto &path : sources.metadataFiles) {
        Progress part = nextRange();
        const auto read = AmazonReader::readItems(
            path, [&](const AmazonItem &item, std::int64_t) { builder.addItem(item); }, report, part, readerOptions);
        record(path, true, read);
    }
    for (std::size_t f = 0; f < sources.reviewFiles.size(); ++f) {
        const auto &path = sources.reviewFiles[f];
        Progress part = nextRange();
        const auto file = static_cast<std::uint16_t>(f);
        const auto read = AmazonReader::readReviews(
            path, [&](const AmazonReview &review, std::int64_t line) { builder.addReview(review, file, line); },
            report, part, readerOptions);
        record(path, false, read);
    }
    result.counts = builder.counts();
    result.corpus = builder.finish();
    progress.reportNow(1.0, "Seed corpus loaded");
    return result;
}

} // namespace crsw
