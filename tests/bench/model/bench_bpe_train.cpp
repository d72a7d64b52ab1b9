// Training speed and peak memory of core/train's byte-level BPE trainer
// (crsw::trainByteLevelBpe, one thread) against the Python `tokenizers`
// library's BpeTrainer with the same setup (bpe_train_reference.py), with all
// its threads and with RAYON_NUM_THREADS=1, in the same run. The corpus is
// generated: ~1 KB documents of English-like prose with numbers and CJK
// phrases (long pre-tokenizer words), 40 MB, vocabulary 32768 (smoke: 1 MB,
// 4096). Each side trains in its own process (peak memory is that workload's
// own), timing only the training. Checks, never on time: our training is
// deterministic and independent of the documents' order (smoke: trained again
// on them shuffled), and the corpus encoded with our learnt
// tokenizer has within 3% of the tokens it has with the reference's (tie
// breaking differs, so the merges need not be identical).
//   CRSW_PYTHON=/work/.venv-model/bin/python build/tests/bench/model/bench_bpe_train [--smoke]
//   bench_bpe_train --child FILE VOCAB [--shuffled]   (our training alone, a JSON line)
#include "bench_util.h"

#include "common/python_text.h"
#include "common/xoshiro256.h"
#include "model/tokenizer/tokenizer.h"
#include "train/bpe_trainer.h"
#include "train/byte_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace crsw;
namespace fs = std::filesystem;

namespace {

constexpr double kTokenTolerance = 0.03; // |ours - reference| / reference, token counts

/// A uniform double in [0, 1).
double uniform(Xoshiro256 &random)
{
    return static_cast<double>(random.next() >> 11) * 0x1.0p-53;
}

/// Ranks 0..n-1 drawn with weight 1 / (rank + 1): a few common, a long tail.
class ZipfSampler {
public:
    explicit ZipfSampler(std::size_t n)
    {
        double total = 0;
        for (std::size_t rank = 0; rank < n; ++rank)
            m_cumulative.push_back(total += 1.0 / static_cast<double>(rank + 1));
        for (double &c : m_cumulative)
            c /= total;
    }

    /// One rank.
    std::size_t operator()(Xoshiro256 &random) const
    {
        const auto at = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), uniform(random));
        return std::min(static_cast<std::size_t>(at - m_cumulative.begin()), m_cumulative.size() - 1);
    }

private:
    std::vector<double> m_cumulative;
};

const std::vector<std::string> kWords = {
    "the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he", "was", "for", "on", "are", "with", "as", "I",
    "his", "they", "be", "at", "one", "have", "this", "from", "or", "had", "by", "word", "but", "what", "some", "we",
    "can", "out", "other", "were", "all", "there", "when", "up", "use", "your", "how", "said", "an", "each", "she",
    "which", "do", "their", "time", "if", "will", "way", "about", "many", "then", "them", "write", "would", "like",
    "so", "these", "her", "long", "make", "thing", "see", "him", "two", "has", "look", "more", "day", "could", "go",
    "come", "did", "number", "sound", "no", "most", "people", "my", "over", "know", "water", "than", "call", "first",
    "who", "may", "down", "side", "been", "now", "find", "any", "new", "work", "part", "take", "get", "place", "made",
    "live", "where", "after", "back", "little", "only", "round", "man", "year", "came", "show", "every", "good", "me",
    "give", "our", "under", "name", "very", "through", "just", "form", "sentence", "great", "think", "say", "help",
    "low", "line", "differ", "turn", "cause", "much", "mean", "before", "move", "right", "boy", "old", "too", "same",
    "tell", "does", "set", "three", "want", "air", "well", "also", "play", "small", "end", "put", "home", "read",
    "hand", "port", "large", "spell", "add", "even", "land", "here", "must", "big", "high", "such", "follow", "act",
    "why", "ask", "men", "change", "went", "light", "kind", "off", "need", "house", "picture", "try", "us", "again",
    "animal", "point", "mother", "world", "near", "build", "self", "earth", "father", "movie", "film", "director",
    "soundtrack", "recommend", "thriller", "comedy", "documentary", "character", "performance", "unexpectedly",
    "it's", "don't", "they'll", "we'd", "I'm", "you've", "isn't", "wouldn't", "internationalization", "understanding",
    "nevertheless", "café", "naïve", "résumé", "Zürich"};

const std::vector<std::string> kSyllables = {"ka", "ro", "mi", "ten", "vel", "dra", "shi", "no", "bar", "lu",
                                             "quin", "sa", "tor", "el", "ith", "gor", "an", "ve", "zu", "pri"};

/// A number as prose writes them: a year, a count, a decimal, thousands, a percentage.
std::string randomNumber(Xoshiro256 &random)
{
    switch (random.next() % 5) {
    case 0:
        return std::to_string(1900 + random.next() % 130);
    case 1:
        return std::to_string(random.next() % 1000);
    case 2:
        return std::to_string(random.next() % 100) + "." + std::to_string(random.next() % 100);
    case 3:
        return std::to_string(1 + random.next() % 999) + "," + std::to_string(100 + random.next() % 900);
    default:
        return std::to_string(random.next() % 101) + "%";
    }
}

/// A made-up capitalised name of 2 to 4 syllables: the long tail of the vocabulary.
std::string randomName(Xoshiro256 &random)
{
    std::string name;
    for (std::uint64_t i = 0, n = 2 + random.next() % 3; i < n; ++i)
        name += kSyllables[random.next() % kSyllables.size()];
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
}

/// One English-like sentence of 4 to 23 words, with commas, numbers, names, and its end punctuation.
void appendProse(std::string &out, Xoshiro256 &random, const ZipfSampler &words)
{
    const std::uint64_t length = 4 + random.next() % 20;
    for (std::uint64_t i = 0; i < length; ++i) {
        const std::uint64_t kind = random.next() % 100;
        std::string word = kind < 5 ? randomNumber(random) : kind < 9 ? randomName(random) : kWords[words(random)];
        if (i == 0 && word[0] >= 'a' && word[0] <= 'z')
            word[0] = static_cast<char>(word[0] - 'a' + 'A');
        out += word;
        if (i + 1 < length)
            out += random.next() % 12 == 0 ? ", " : " ";
    }
    static const char *const kEnds[] = {". ", ". ", ". ", "? ", "! ", ".\n\n", "...\n"};
    out += kEnds[random.next() % 7];
}

/// One CJK sentence: 1 to 3 phrases of 4 to 33 characters (one pre-tokenizer word each) drawn from
/// 3000 code points from U+4E00 by a Zipf law, joined by an ideographic comma, ending in a full stop.
void appendCjk(std::string &out, Xoshiro256 &random, const ZipfSampler &characters)
{
    std::u32string sentence;
    for (std::uint64_t p = 0, phrases = 1 + random.next() % 3; p < phrases; ++p) {
        if (p > 0)
            sentence += U'，';
        for (std::uint64_t i = 0, n = 4 + random.next() % 30; i < n; ++i)
            sentence += static_cast<char32_t>(0x4E00 + characters(random));
    }
    out += pytext::encodeUtf8(sentence + U"。");
}

struct Corpus {
    std::size_t documents = 0, bytes = 0;
};

/// Writes documents of about 1 KB (a quarter of the sentences CJK), `totalBytes` in all, separated by 0x1E.
Corpus writeCorpus(const std::string &path, std::size_t totalBytes)
{
    Xoshiro256 random(20250707);
    const ZipfSampler words(kWords.size()), characters(3000);
    std::ofstream out(path, std::ios::binary);
    Corpus corpus;
    std::string document;
    while (corpus.bytes < totalBytes) {
        document.clear();
        while (document.size() < 1000) {
            if (random.next() % 4 == 0)
                appendCjk(document, random, characters);
            else
                appendProse(document, random, words);
        }
        out << (corpus.documents ? "\x1e" : "") << document;
        corpus.bytes += document.size();
        ++corpus.documents;
    }
    if (!out.flush())
        throw std::runtime_error("cannot write " + path);
    return corpus;
}

/// The documents of a file writeCorpus wrote, read without a copy of the whole file.
std::vector<std::string> readDocuments(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::vector<std::string> documents;
    std::string document;
    while (std::getline(in, document, '\x1e'))
        documents.push_back(document);
    return documents;
}

/// FNV-1a over the merges in order: equal hashes, equal merges (for the determinism check).
std::uint64_t mergesHash(const std::vector<std::pair<std::string, std::string>> &merges)
{
    std::uint64_t h = 14695981039346656037ull;
    for (const auto &[left, right] : merges)
        for (const char c : left + " " + right + "\n")
            h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

/// The --child run: trains on the file's documents (only that timed), then encodes them with the
/// learnt tokenizer. Seconds (training, and making the tokenizer.json text), merges, their hash, the peak memory after training, the token count.
/// `shuffled`: the documents in another order first, which must not change the merges.
nlohmann::json trainOurs(const std::string &path, std::size_t vocab, bool shuffled)
{
    std::vector<std::string> documents = readDocuments(path);
    if (shuffled)
        std::shuffle(documents.begin(), documents.end(), std::mt19937_64(7));
    BpeTrainOptions options;
    options.vocabSize = vocab;
    const auto start = std::chrono::steady_clock::now();
    const auto merges = trainByteLevelBpe(documents, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double peakMb = static_cast<double>(bench::peakResidentKb()) / 1024.0;

    const auto jsonStart = std::chrono::steady_clock::now();
    const std::string json = byteLevelTokenizerJson(merges);
    const double jsonSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - jsonStart).count();
    const Tokenizer tokenizer = Tokenizer::fromJson(json);
    EncodeOptions plain;
    plain.addSpecialTokens = false;
    std::size_t tokens = 0;
    for (const std::string &document : documents)
        tokens += tokenizer.encode(document, plain).size();
    return {{"seconds", seconds}, {"json_seconds", jsonSeconds}, {"merges", merges.size()}, {"merges_hash", mergesHash(merges)},
            {"peak_mb", peakMb}, {"tokens", tokens}};
}

/// A child's JSON summary, or null (with its output printed) when it failed.
nlohmann::json runChild(const std::string &command, const std::string &who)
{
    int status = 0;
    const std::string output = bench::runCommand(command + " 2>&1", status);
    const std::string line = bench::lastJsonLine(output);
    if (status == 0 && !line.empty())
        return nlohmann::json::parse(line);
    std::printf("  %s failed (exit %d):\n%s\n", who.c_str(), status, output.c_str());
    return nullptr;
}

/// The python to run the reference with, or "" (said why) when it lacks `tokenizers`.
std::string referencePython()
{
    const std::string python = bench::referencePython();
    if (bench::pythonImports(python, "tokenizers"))
        return python;
    std::printf("SKIP reference: %s lacks the `tokenizers` package (set CRSW_PYTHON to the venv's python)\n",
                python.c_str());
    return "";
}

/// One reference run: its label in the table and its summary (null when it failed).
struct Reference {
    std::string label;
    nlohmann::json result;
};

/// The reference trained with all the library's threads and with one.
std::vector<Reference> runReferences(const std::string &python, const std::string &arguments, bool &ok)
{
    const std::string script = bench::shellQuoted(python) + " " + bench::shellQuoted(CRSW_BPE_TRAIN_REFERENCE) + arguments;
    const std::string all = "all " + std::to_string(std::max(1u, std::thread::hardware_concurrency())) + " threads";
    std::vector<Reference> references;
    for (const auto &[label, environment] :
         {std::pair<std::string, std::string>{all, "env -u RAYON_NUM_THREADS -u TOKENIZERS_PARALLELISM "},
          {"1 thread", "env RAYON_NUM_THREADS=1 "}}) {
        std::printf("reference, %s ...\n", label.c_str());
        std::fflush(stdout);
        references.push_back({label, runChild(environment + script, "reference, " + label)});
        ok = !references.back().result.is_null() && ok;
    }
    return references;
}

/// The figures: seconds and peak MB against each reference run, merges and tokens per byte.
void printTable(const nlohmann::json &ours, const std::vector<Reference> &references, const Corpus &corpus)
{
    // Without a reference, one row of ours per figure.
    const std::vector<Reference> rows = references.empty() ? std::vector<Reference>{{"", nullptr}} : references;
    const std::string version = rows[0].result.is_null() ? "" : rows[0].result.value("version", "?");
    std::printf("\nours: crsw::trainByteLevelBpe, 1 thread; reference: %s\n",
                version.empty() ? "skipped" : ("tokenizers " + version + " BpeTrainer").c_str());
    std::printf("%-50s %12s %12s %8s\n", "figure", "ours", "reference", "ratio");
    const auto line = [](const std::string &figure, double o, double r, double ratio, const char *format) {
        char oursText[32], referenceText[32];
        std::snprintf(oursText, sizeof oursText, format, o);
        std::snprintf(referenceText, sizeof referenceText, format, r);
        if (ratio > 0)
            std::printf("%-50s %12s %12s %7.2fx\n", figure.c_str(), oursText, referenceText, ratio);
        else
            std::printf("%-50s %12s %12s %8s\n", figure.c_str(), oursText, r > 0 ? referenceText : "-", "-");
    };
    const auto figure = [](const nlohmann::json &j, const char *key) {
        return j.is_null() ? 0.0 : j.at(key).get<double>();
    };
    const auto against = [](const char *name, const Reference &r) {
        return r.label.empty() ? std::string(name) : std::string(name) + " (reference " + r.label + ")";
    };
    const double seconds = ours.at("seconds"), megabytes = ours.at("peak_mb");
    for (const Reference &r : rows)
        line(against("train seconds", r), seconds, figure(r.result, "seconds"), figure(r.result, "seconds") / seconds,
             "%.2f");
    // Writing the learnt tokenizer.json (the reference: the library's to_str, what save() writes).
    const double jsonSeconds = ours.at("json_seconds");
    for (const Reference &r : rows)
        line(against("tokenizer.json seconds", r), jsonSeconds, figure(r.result, "json_seconds"),
             figure(r.result, "json_seconds") / jsonSeconds, "%.3f");
    for (const Reference &r : rows)
        line(against("peak MB", r), megabytes, figure(r.result, "peak_mb"), figure(r.result, "peak_mb") / megabytes,
             "%.1f");
    line("merges", ours.at("merges").get<double>(), figure(rows[0].result, "merges"), 0, "%.0f");
    const double bytes = static_cast<double>(corpus.bytes);
    line("tokens / byte (encoding the corpus)", figure(ours, "tokens") / bytes,
         figure(rows[0].result, "tokens") / bytes, 0, "%.4f");
    std::printf("(ratio: seconds reference / ours, > 1.0x = ours faster; MB reference / ours, > 1.0x = ours smaller;\n"
                " peak MB: VmHWM / ru_maxrss of each side's own process after training, its documents included");
    if (!rows[0].result.is_null())
        std::printf(";\n the reference's includes %.1f MB of Python and `tokenizers` before reading the documents",
                    figure(rows[0].result, "baseline_mb"));
    std::printf(")\n");
}

/// The token-count check against each reference run that finished; false when ours is off by more than 3%.
bool checkTokens(const nlohmann::json &ours, const std::vector<Reference> &references, const Corpus &corpus)
{
    bool ok = true;
    const double tokens = ours.at("tokens");
    for (const Reference &r : references) {
        if (r.result.is_null())
            continue;
        const double reference = r.result.at("tokens");
        const double off = (tokens - reference) / reference;
        const bool within = std::abs(off) <= kTokenTolerance;
        std::printf("  tokens: ours %.0f (%.4f / byte), reference %s %.0f (%.4f / byte): %+.2f%% (tolerance %.0f%%) %s\n",
                    tokens, tokens / static_cast<double>(corpus.bytes), r.label.c_str(), reference,
                    reference / static_cast<double>(corpus.bytes), 100 * off, 100 * kTokenTolerance,
                    within ? "ok" : "FAIL");
        ok = within && ok;
    }
    return ok;
}

/// Removes the corpus file when the run ends, however it ends.
struct TemporaryFile {
    std::string path;
    ~TemporaryFile() { std::remove(path.c_str()); }
};

/// The --child entry point: our training alone, one JSON line.
int childMain(const std::string &path, const std::string &vocab, bool shuffled)
{
    try {
        std::printf("%s\n", trainOurs(path, std::stoul(vocab), shuffled).dump().c_str());
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_bpe_train --child: %s\n", e.what());
        return 1;
    }
}

} // namespace

int main(int argc, char **argv)
{
    if ((argc == 4 || argc == 5) && std::string(argv[1]) == "--child")
        return childMain(argv[2], argv[3], argc == 5 && std::string(argv[4]) == "--shuffled");
    const bool smoke = argc > 1 && std::string(argv[1]) == "--smoke";
    const std::size_t vocab = smoke ? 4096 : 32768;
    // Per process: ctest runs the full and the smoke test side by side.
    const TemporaryFile file{(fs::temp_directory_path() / ("crsw-bench-bpe-" + std::to_string(::getpid()))).string()};
    const Corpus corpus = writeCorpus(file.path, smoke ? 1'000'000 : 40'000'000);
    std::printf("corpus: %.1f MB in %zu documents (prose, numbers, CJK), vocabulary %zu\n", corpus.bytes / 1e6,
                corpus.documents, vocab);
    const std::string python = referencePython();

    const std::string arguments = " " + bench::shellQuoted(file.path) + " " + std::to_string(vocab);
    const std::string self = bench::shellQuoted(fs::read_symlink("/proc/self/exe").string()) + " --child" + arguments;
    std::printf("ours ...\n");
    std::fflush(stdout);
    const nlohmann::json ours = runChild(self, "ours");
    if (ours.is_null())
        return 1;
    bool ok = true;
    const std::vector<Reference> references = python.empty() ? std::vector<Reference>{}
                                                             : runReferences(python, arguments, ok);
    printTable(ours, references, corpus);

    std::printf("\nchecks:\n");
    if (smoke) {
        // The words are counted and sorted before the merges: the documents' order must not matter.
        const nlohmann::json again = runChild(self + " --shuffled", "ours, documents shuffled");
        const bool same = !again.is_null() && again.at("merges_hash") == ours.at("merges_hash");
        std::printf("  trained again on the documents shuffled: %s merges (%.2f s)\n", same ? "the same" : "DIFFERENT",
                    again.is_null() ? 0.0 : again.at("seconds").get<double>());
        ok = same && ok;
    }
    if (python.empty())
        std::printf("  token count check skipped (no reference)\n");
    ok = checkTokens(ours, references, corpus) && ok;
    std::printf("%s\n", ok ? "OK" : "FAILED (correctness)");
    return ok ? 0 : 1;
}
