#include "data/amazon/corpus_search.h"

#include "common/parallel.h"
#include "data/amazon/case_insensitive_finder.h"

#include <atomic>
#include <functional>
#include <numeric>

namespace crsw {

namespace {

constexpr std::size_t kBlock = 8192;

// Runs `test(row)` over [0, rows) in blocks on `threads` threads; blocks
// collect their own hits and are concatenated in order, so the result is
// sorted without a sort.
std::vector<std::uint32_t> scan(std::size_t rows, int threads, Progress &progress, const char *message,
                                const std::function<bool(std::size_t)> &test)
{
    const std::size_t blocks = (rows + kBlock - 1) / kBlock;
    std::vector<std::vector<std::uint32_t>> hits(blocks);
    std::atomic<std::size_t> blocksDone{0};
    parallelFor(rows, threads, kBlock,
                [&](std::size_t begin, std::size_t end, int) {
                    progress.throwIfCancelled();
                    auto &out = hits[begin / kBlock];
                    for (std::size_t row = begin; row < end; ++row)
                        if (test(row))
                            out.push_back(static_cast<std::uint32_t>(row));
                    progress.report(double(++blocksDone) / double(blocks), message);
                });
    progress.throwIfCancelled();
    std::size_t total = 0;
    for (const auto &block : hits)
        total += block.size();
    std::vector<std::uint32_t> result;
    result.reserve(total);
    for (const auto &block : hits)
        result.insert(result.end(), block.begin(), block.end());
    return result;
}

// Marks the interned strings (ids, category names) that contain the query:
// each distinct id is tested once rather than once per row that uses it.
std::vector<char> matchingStrings(const StringInterner &strings, const CaseInsensitiveFinder &finder, int threads,
                                  const Progress &progress)
{
    std::vector<char> match(strings.size(), 0);
    parallelFor(strings.size(), threads, kBlock * 4, [&](std::size_t begin, std::size_t end, int) {
        progress.throwIfCancelled();
        for (std::size_t i = begin; i < end; ++i)
            match[i] = finder.matches(strings.text(static_cast<std::uint32_t>(i)));
    });
    return match;
}

std::vector<std::uint32_t> everyRow(std::size_t rows)
{
    std::vector<std::uint32_t> all(rows);
    std::iota(all.begin(), all.end(), 0u);
    return all;
}

} // namespace

std::vector<std::uint32_t> CorpusSearch::reviews(const SeedCorpus &corpus, std::string_view query,
                                                 Progress &progress, int threads)
{
    const CaseInsensitiveFinder finder(query);
    if (finder.empty())
        return everyRow(corpus.reviewCount());
    threads = threads > 0 ? threads : defaultThreadCount();
    const std::vector<char> userMatch = matchingStrings(corpus.users(), finder, threads, progress);
    const std::vector<char> asinMatch = matchingStrings(corpus.asins(), finder, threads, progress);
    // Per item too, so the scan never touches the (large, randomly accessed) item records.
    std::vector<char> itemMatch(corpus.itemCount());
    for (std::size_t i = 0; i < itemMatch.size(); ++i)
        itemMatch[i] = asinMatch[corpus.item(i).asin];
    const auto &reviews = corpus.reviews();
    return scan(reviews.size(), threads, progress, "Searching reviews", [&](std::size_t row) {
        const CorpusReview &r = reviews[row];
        return userMatch[r.user] || asinMatch[r.asin] || itemMatch[r.item] || finder.matches(r.title)
               || finder.matches(r.text);
    });
}

std::vector<std::uint32_t> CorpusSearch::items(const SeedCorpus &corpus, std::string_view query, Progress &progress,
                                               int threads)
{
    const CaseInsensitiveFinder finder(query);
    if (finder.empty())
        return everyRow(corpus.itemCount());
    threads = threads > 0 ? threads : defaultThreadCount();
    const std::vector<char> asinMatch = matchingStrings(corpus.asins(), finder, threads, progress);
    const std::vector<char> categoryMatch = matchingStrings(corpus.categories(), finder, threads, progress);
    const auto &items = corpus.items();
    return scan(items.size(), threads, progress, "Searching items", [&](std::size_t row) {
        const CorpusItem &it = items[row];
        if (asinMatch[it.asin] || (it.mainCategory != CorpusItem::kNone && categoryMatch[it.mainCategory]))
            return true;
        for (const std::uint32_t category : corpus.itemCategories(row))
            if (categoryMatch[category])
                return true;
        return finder.matches(it.title) || finder.matches(it.subtitle) || finder.matches(it.store)
               || finder.matches(it.author);
    });
}

} // namespace crsw
