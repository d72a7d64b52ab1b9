// Encode throughput of crsw::Tokenizer on a few MB of generated text (prose,
// numbers, code, accents, CJK, emoji), one call per ~1 KB document, against
// the Python `tokenizers` library in the same run (per-document encode and
// the multi-threaded encode_batch). Both must give the same ids.
//   bench_tokenizer [--smoke]      (python: $CRSW_PYTHON, else python3)
#include "bench_util.h"

#include "common/xoshiro256.h"
#include "model/tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace crsw;

namespace {

constexpr std::uint64_t kModulus = (1ULL << 31) - 1; // h * 1000003 stays within 64 bits

/// The hash tokenizer_reference.py computes over all ids in order.
std::uint64_t idsHash(const std::vector<std::vector<TokenId>> &batches)
{
    std::uint64_t h = 0;
    for (const auto &ids : batches)
        for (TokenId id : ids)
            h = (h * 1000003 + static_cast<unsigned>(id) + 1) % kModulus;
    return h;
}

/// Documents of about 1 KB of varied text, `totalBytes` in all.
std::vector<std::string> makeDocuments(std::size_t totalBytes)
{
    static const char *const kWords[] = {
        "the", "a", "movie", "film", "recommend", "thriller", "comedy", "I", "you", "we", "really", "loved", "it's",
        "don't", "they'll", "we'd", "director", "soundtrack", "plot", "twist", "characters", "acting", "scene",
        "because", "although", "however", "sequel", "series", "watch", "watched", "enjoy", "Nolan", "Villeneuve",
        "café", "naïve", "résumé", "Zürich", "Straße", "Ελληνικά", "Русский", "日本語", "中文", "🎬", "👍🏽", "😀",
        "and", "or", "but", "with", "without", "about", "over", "under", "night", "classic", "underrated",
        "masterpiece", "boring", "slow", "fast-paced", "2019", "1999", "10/10", "$12.99", "3.5", "1,000,000",
        "(spoilers)", "\"great\"", "e.g.", "lol", "OMG!!!", "...", "x**2", "def", "return", "==", "->", "#1"};
    const std::size_t wordCount = sizeof(kWords) / sizeof(kWords[0]);
    Xoshiro256 random(20250414);
    std::vector<std::string> documents;
    std::size_t total = 0;
    while (total < totalBytes) {
        std::string document;
        while (document.size() < 1000) {
            const std::size_t length = 4 + random.next() % 16;
            for (std::size_t i = 0; i < length; ++i) {
                document += kWords[random.next() % wordCount];
                const std::uint64_t gap = random.next() % 40;
                document += gap == 0 ? "  " : gap == 1 ? "\n" : gap == 2 ? ", " : " ";
            }
            document += random.next() % 4 == 0 ? ".\n\n" : ". ";
        }
        total += document.size();
        documents.push_back(std::move(document));
    }
    return documents;
}

template <typename F>
double bestSeconds(int repeats, F &&run)
{
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        run();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

/// Benchmarks one tokenizer; returns false when our ids differ from the reference's.
bool benchmark(const std::string &style, const std::vector<std::string> &documents, const std::string &documentsFile,
               const std::string &python, int repeats)
{
    const std::string path = std::string(CRSW_MODEL_GOLDEN_DIR) + "/" + style + ".tokenizer.json";
    const Tokenizer tokenizer = Tokenizer::fromFile(path);
    double megabytes = 0;
    for (const std::string &d : documents)
        megabytes += d.size() / 1e6;

    const EncodeOptions options{false, true};
    std::vector<std::vector<TokenId>> ids(documents.size());
    for (std::size_t i = 0; i < documents.size(); ++i) // warm-up: fills the word cache, as the reference's does
        ids[i] = tokenizer.encode(documents[i], options);
    const double oneThread = bestSeconds(repeats, [&] {
        for (std::size_t i = 0; i < documents.size(); ++i)
            ids[i] = tokenizer.encode(documents[i], options);
    });
    const unsigned threads = std::max(2u, std::thread::hardware_concurrency());
    const double allThreads = bestSeconds(repeats, [&] {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                for (std::size_t i = t; i < documents.size(); i += threads)
                    ids[i] = tokenizer.encode(documents[i], options);
            });
        for (std::thread &thread : pool)
            thread.join();
    });
    std::size_t tokens = 0;
    for (const auto &v : ids)
        tokens += v.size();
    const std::uint64_t hash = idsHash(ids);

    std::printf("%s: %.2f MB in %zu documents, %zu tokens\n", style.c_str(), megabytes, documents.size(), tokens);
    std::printf("  ours, 1 thread      %8.1f MB/s\n", megabytes / oneThread);
    std::printf("  ours, %u threads     %8.1f MB/s\n", threads, megabytes / allThreads);
    if (python.empty()) {
        std::printf("  SKIP reference: python3 with the `tokenizers` package not found (set CRSW_PYTHON)\n");
        return true;
    }
    int status = 0;
    const std::string output =
        bench::runCommand(bench::shellQuoted(python) + " " + bench::shellQuoted(CRSW_TOKENIZER_REFERENCE) + " "
                              + bench::shellQuoted(path) + " " + bench::shellQuoted(documentsFile) + " --repeats "
                              + std::to_string(repeats),
                          status);
    const std::size_t brace = output.rfind('{');
    if (status != 0 || brace == std::string::npos) {
        std::printf("  reference failed (exit %d): %s\n", status, output.c_str());
        return false;
    }
    const nlohmann::json reference = nlohmann::json::parse(output.substr(brace));
    const double single = reference.at("encode_mb_s"), batch = reference.at("batch_mb_s");
    std::printf("  tokenizers encode   %8.1f MB/s   (ours 1 thread: %.2fx)\n", single, megabytes / oneThread / single);
    std::printf("  tokenizers batch    %8.1f MB/s   (ours %u threads: %.2fx)\n", batch, threads,
                megabytes / allThreads / batch);
    const bool same = reference.at("tokens").get<std::size_t>() == tokens && reference.at("hash").get<std::uint64_t>() == hash;
    std::printf("  ids %s the reference's\n", same ? "identical to" : "DIFFER from");
    return same;
}

} // namespace

int main(int argc, char **argv)
{
    const bool smoke = argc > 1 && std::string(argv[1]) == "--smoke";
    const std::vector<std::string> documents = makeDocuments(smoke ? 200'000 : 4'000'000);
    // Per process: the smoke and the full run may run side by side under ctest -j.
    const std::string documentsFile =
        (std::filesystem::temp_directory_path() / ("crsw-bench-tokenizer-" + std::to_string(::getpid()) + ".txt"))
            .string();
    {
        std::ofstream out(documentsFile, std::ios::binary);
        for (std::size_t i = 0; i < documents.size(); ++i)
            out << (i ? "\x1e" : "") << documents[i];
    }
    std::string python = bench::referencePython();
    if (!bench::pythonImports(python, "tokenizers"))
        python.clear();

    bool ok = true;
    for (const char *style : {"llama3_style", "gemma_style"})
        ok = benchmark(style, documents, documentsFile, python, smoke ? 1 : 3) && ok;
    std::remove(documentsFile.c_str());
    return ok ? 0 : 1;
}
