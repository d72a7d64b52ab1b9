// Benchmark: the Amazon Reviews'23 reviews reader against Python's json module.
//
// Generates a realistic reviews file (seeded; default 1 GB, plus 256 MB and a
// 256 MB .jsonl.gz, in the system temp dir, deleted afterwards), then times in
// the same run (a) AmazonReader over it, parsing every field into the record,
// and (b) reference_json_reader.py (json.loads per line, the same fields).
// Each measurement runs in a fresh process (this binary with --measure), so
// its peak resident memory (VmHWM) is the reader's own: reading 256 MB and
// 1 GB shows whether memory grows with the file. Both sides fold the same
// fields into one order-dependent checksum, which must agree; timings are
// printed, never asserted.
//
//   bench_amazon_reader [--smoke] [--size-mb N] [--small-mb N] [--gz-mb N]
//                       [--seed S] [--dir D] [--keep] [--python-script P] [--threads N]
//   bench_amazon_reader [--threads N] --measure FILE
// --threads is AmazonReader::Options::threads (0: automatic, 1: one thread, 2: reading thread).
#include "amazon_review_generator.h"

#include "common/progress.h"
#include "data/amazon/amazon_line_parser.h"
#include "data/amazon/amazon_reader.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#ifndef CRSW_REFERENCE_JSON_READER
#define CRSW_REFERENCE_JSON_READER "reference_json_reader.py"
#endif

using namespace crsw;
namespace fs = std::filesystem;

namespace {

std::uint64_t chars(const std::string &text)
{
    std::uint64_t n = 0;
    for (const char c : text)
        n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return n;
}

long peakResidentKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return -1;
}

// Child mode: read one file, print key=value figures.
int measure(const std::string &file, int threads)
{
    std::int64_t records = 0;
    std::uint64_t checksum = 0;
    LoadReport report;
    Progress progress;
    AmazonReader::Options options;
    options.threads = threads;
    const auto start = std::chrono::steady_clock::now();
    const auto result = AmazonReader::readReviews(
        file,
        [&](const AmazonReview &r, std::int64_t) {
            const std::uint64_t x = std::uint64_t(int(r.rating * 2)) + std::uint64_t(r.helpfulVotes) * 7
                                    + std::uint64_t(r.timestamp % 1000) + chars(r.text) + chars(r.title) * 3
                                    + r.imageCount + (r.verifiedPurchase ? 1 : 0) + chars(r.userId)
                                    + chars(r.parentAsin) + chars(r.asin);
            checksum = checksum * 1000003u + x;
            ++records;
        },
        report, progress, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "records=" << records << " checksum=" << checksum << " malformed=" << result.malformed
              << " bytes=" << fs::file_size(file) << " seconds=" << seconds << " vmhwm_kb=" << peakResidentKb()
              << " kernel=" << AmazonLineParser().kernelName() << " complete=" << result.complete << std::endl;
    return result.complete ? 0 : 1;
}

using Figures = std::map<std::string, std::string>;

Figures runChild(const std::string &command)
{
    Figures figures;
    FILE *pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return figures;
    std::string output;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe))
        output += buffer;
    const int status = ::pclose(pipe);
    std::size_t pos = 0;
    while (pos < output.size()) {
        const std::size_t end = output.find_first_of(" \n", pos);
        const std::string token = output.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        const std::size_t eq = token.find('=');
        if (eq != std::string::npos)
            figures[token.substr(0, eq)] = token.substr(eq + 1);
        if (end == std::string::npos)
            break;
        pos = end + 1;
    }
    figures["status"] = std::to_string(status);
    return figures;
}

std::string shellQuoted(const std::string &text)
{
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

double number(const Figures &f, const char *key)
{
    const auto it = f.find(key);
    return it == f.end() ? 0.0 : std::atof(it->second.c_str());
}

/// One generated file: where, how many lines and bytes (uncompressed).
struct Generated {
    std::string path;
    std::uint64_t limit = 0; ///< stop after the line that reaches this many bytes
    std::int64_t lines = 0;
    std::uint64_t bytes = 0;
};

// Writes the three files in one pass: the small and gzip files are prefixes of the big one.
void generate(std::uint64_t seed, Generated &big, Generated &small, Generated &gz)
{
    bench::AmazonReviewGenerator generator(seed);
    std::ofstream bigOut(big.path, std::ios::binary), smallOut(small.path, std::ios::binary);
    gzFile gzOut = gzopen(gz.path.c_str(), "wb6");
    gzbuffer(gzOut, 1u << 20);
    AmazonReview review;
    std::string line;
    while (big.bytes < big.limit) {
        generator.next(review);
        line.clear();
        generator.appendJson(review, line);
        line += '\n';
        const auto add = [&](Generated &g) {
            ++g.lines;
            g.bytes += line.size();
        };
        bigOut.write(line.data(), std::streamsize(line.size()));
        add(big);
        if (small.bytes < small.limit) {
            smallOut.write(line.data(), std::streamsize(line.size()));
            add(small);
        }
        if (gz.bytes < gz.limit) {
            gzwrite(gzOut, line.data(), unsigned(line.size()));
            add(gz);
        }
    }
    gzclose(gzOut);
}

struct Row {
    std::string name;
    Generated file;
    Figures ours;
    Figures python;
};

void printRow(const Row &row)
{
    const double mb = double(row.file.bytes) / 1e6; // uncompressed
    const double ourSeconds = number(row.ours, "seconds");
    const double pySeconds = number(row.python, "seconds");
    std::printf("%-10s %9.1f MB %10lld lines | ours %7.1f MB/s %10.0f rec/s  peak %7.1f MB",
                row.name.c_str(), mb, static_cast<long long>(row.file.lines), mb / ourSeconds,
                number(row.ours, "records") / ourSeconds, number(row.ours, "vmhwm_kb") / 1024.0);
    if (pySeconds > 0)
        std::printf(" | python %6.1f MB/s %9.0f rec/s | ratio %5.2fx", mb / pySeconds,
                    number(row.python, "records") / pySeconds, pySeconds / ourSeconds);
    std::printf("\n");
}

// The reader must agree with the generator and with Python; timings are only printed.
bool agrees(const Row &row)
{
    bool ok = true;
    const auto fail = [&](const std::string &what) {
        std::printf("MISMATCH %s: %s\n", row.name.c_str(), what.c_str());
        ok = false;
    };
    if (row.ours.count("records") == 0 || row.ours.at("status") != "0")
        fail("the reader did not finish");
    else if (std::int64_t(number(row.ours, "records")) != row.file.lines || number(row.ours, "malformed") != 0)
        fail("records " + row.ours.at("records") + " != lines " + std::to_string(row.file.lines));
    if (!row.python.empty()) {
        if (row.python.count("checksum") == 0)
            fail("python did not finish (is python3 on PATH?)");
        else if (row.python.at("records") != row.ours.at("records")
                 || row.python.at("checksum") != row.ours.at("checksum"))
            fail("python records/checksum " + row.python.at("records") + "/" + row.python.at("checksum")
                 + " != ours " + row.ours.at("records") + "/" + row.ours.at("checksum"));
    }
    return ok;
}

// Generates the files in `folder`, measures both readers and prints the figures; true when they agree.
bool run(const fs::path &folder, std::uint64_t seed, std::uint64_t bigMb, std::uint64_t smallMb, std::uint64_t gzMb,
         bool smoke, int threads, const std::string &script)
{
    fs::create_directories(folder);
    Generated big{(folder / "reviews-big.jsonl").string(), bigMb << 20};
    Generated small{(folder / "reviews-small.jsonl").string(), smallMb << 20};
    Generated gz{(folder / "reviews.jsonl.gz").string(), gzMb << 20};

    std::printf("bench_amazon_reader: Amazon Reviews'23 reviews, generated (seed %llu) in %s\n",
                static_cast<unsigned long long>(seed), folder.string().c_str());
    const auto start = std::chrono::steady_clock::now();
    generate(seed, big, small, gz);
    std::printf("generated %.1f MB (%lld lines, %.0f bytes a line) in %.1f s; gzip file %.1f MB compressed\n",
                double(big.bytes) / 1e6, static_cast<long long>(big.lines), double(big.bytes) / double(big.lines),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                double(fs::file_size(gz.path)) / 1e6);

    char self[4096] = {0};
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string exe = n > 0 ? std::string(self, std::size_t(n)) : std::string("bench_amazon_reader");
    const auto ours = [&](const Generated &g) {
        return runChild(shellQuoted(exe) + " --threads " + std::to_string(threads) + " --measure " + shellQuoted(g.path));
    };
    const auto python = [&](const Generated &g) {
        return runChild("python3 " + shellQuoted(script) + " " + shellQuoted(g.path));
    };
    // Every file was just written, so both readers read them from the page cache.
    std::vector<Row> rows;
    rows.push_back({"small", small, ours(small), smoke ? python(small) : Figures{}});
    rows.push_back({"big", big, ours(big), python(big)});
    rows.push_back({"gzip", gz, ours(gz), python(gz)});

    std::printf("kernel: %s; MB = 10^6 bytes of JSON text (uncompressed for gzip); peak = VmHWM of the reading "
                "process\n",
                rows[1].ours.count("kernel") ? rows[1].ours.at("kernel").c_str() : "?");
    bool ok = true;
    for (const Row &row : rows) {
        printRow(row);
        ok = agrees(row) && ok;
    }
    if (!smoke) {
        const double ratio = number(rows[1].python, "seconds") / number(rows[1].ours, "seconds");
        std::printf("target ours >= 5x Python on the big file: %s (%.2fx)\n", ratio >= 5.0 ? "met" : "NOT met", ratio);
        std::printf("peak memory: %.1f MB reading %.0f MB, %.1f MB reading %.0f MB\n",
                    number(rows[0].ours, "vmhwm_kb") / 1024.0, double(small.bytes) / 1e6,
                    number(rows[1].ours, "vmhwm_kb") / 1024.0, double(big.bytes) / 1e6);
    }
    std::printf("%s\n", ok ? "records and checksums agree" : "FAILED: see the mismatches above");
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    std::uint64_t bigMb = 1024, smallMb = 256, gzMb = 256, seed = 42;
    bool smoke = false, keep = false;
    int threads = 0;
    std::string measureFile;
    std::string dir, script = CRSW_REFERENCE_JSON_READER;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (arg == "--measure")
            measureFile = value();
        else if (arg == "--threads")
            threads = std::stoi(value());
        else if (arg == "--smoke")
            smoke = true;
        else if (arg == "--size-mb")
            bigMb = std::stoull(value());
        else if (arg == "--small-mb")
            smallMb = std::stoull(value());
        else if (arg == "--gz-mb")
            gzMb = std::stoull(value());
        else if (arg == "--seed")
            seed = std::stoull(value());
        else if (arg == "--dir")
            dir = value();
        else if (arg == "--keep")
            keep = true;
        else if (arg == "--python-script")
            script = value();
        else {
            std::cerr << "unknown argument " << arg << "\n";
            return 2;
        }
    }
    if (!measureFile.empty())
        return measure(measureFile, threads);
    if (smoke) {
        bigMb = 4;
        smallMb = 1;
        gzMb = 2;
    }
    const fs::path folder = dir.empty() ? fs::temp_directory_path() / ("crsw-bench-amazon-" + std::to_string(::getpid()))
                                        : fs::path(dir);
    bool ok = false;
    try {
        ok = run(folder, seed, bigMb, smallMb, gzMb, smoke, threads, script);
    } catch (const std::exception &e) {
        std::printf("FAILED: %s\n", e.what());
    }
    // The generated files are large: remove them whatever happened.
    if (!keep) {
        std::error_code ignored;
        fs::remove_all(folder, ignored);
    }
    return ok ? 0 : 1;
}
