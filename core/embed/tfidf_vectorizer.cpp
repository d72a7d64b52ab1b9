#include "embed/tfidf_vectorizer.h"

#include "common/error.h"
#include "common/parallel.h"
#include "data/amazon/string_interner.h"
#include "embed/pair_index.h"
#include "embed/text_tokenizer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace crsw {

namespace {

constexpr std::uint32_t kNone = 0xffffffffu;
// Documents per parallel block: big enough to amortise the hand-out, small
// enough that two cores stay balanced and cancellation is checked often.
constexpr std::size_t kBlock = 256;

// Document and corpus frequencies of the terms one worker has seen.
struct TermCounts {
    StringInterner tokens;
    std::vector<std::uint32_t> tokenDf, tokenLastDoc;
    std::vector<std::uint64_t> tokenTf;
    PairIndex bigrams;
    std::vector<std::uint32_t> bigramDf, bigramLastDoc;
    std::vector<std::uint64_t> bigramTf;

    void add(std::uint32_t doc, const std::vector<std::string_view> &words, int maxNgram, std::vector<std::uint32_t> &ids)
    {
        ids.resize(words.size());
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::uint32_t id = tokens.intern(words[i]);
            if (id == tokenDf.size()) {
                tokenDf.push_back(0);
                tokenTf.push_back(0);
                tokenLastDoc.push_back(kNone);
            }
            ids[i] = id;
            ++tokenTf[id];
            if (tokenLastDoc[id] != doc) {
                tokenLastDoc[id] = doc;
                ++tokenDf[id];
            }
        }
        if (maxNgram < 2)
            return;
        for (std::size_t i = 1; i < ids.size(); ++i) {
            const std::uint32_t b = bigrams.intern(PairIndex::key(ids[i - 1], ids[i]));
            if (b == bigramDf.size()) {
                bigramDf.push_back(0);
                bigramTf.push_back(0);
                bigramLastDoc.push_back(kNone);
            }
            ++bigramTf[b];
            if (bigramLastDoc[b] != doc) {
                bigramLastDoc[b] = doc;
                ++bigramDf[b];
            }
        }
    }
};

// A term that passed the document-frequency limits.
struct Candidate {
    std::string term;
    std::uint64_t tf = 0;
    std::uint32_t df = 0;
    std::uint32_t first = 0;          // token id (global), or the bigram's first token
    std::uint32_t second = kNone;     // the bigram's second token; kNone for a unigram
};

int threadsOf(int requested) { return requested > 0 ? requested : defaultThreadCount(); }

} // namespace

struct TfidfVectorizer::Lookup {
    StringInterner tokens;                    // every token a vocabulary term is made of
    std::vector<std::uint32_t> unigramColumn; // token id -> column, or kNone
    PairIndex bigrams;                        // (token id, token id) -> bigram index
    std::vector<std::uint32_t> bigramColumn;  // bigram index -> column
};

TfidfVectorizer::TfidfVectorizer() = default;
TfidfVectorizer::TfidfVectorizer(Options options) : m_options(options) {}

void TfidfVectorizer::fit(const std::vector<std::string_view> &texts, Progress &progress)
{
    const std::size_t n = texts.size();
    if (n == 0)
        throw Error({{}, 0, "texts"}, "no texts to fit the TF-IDF vocabulary on");
    if (n >= kNone)
        throw Error({{}, 0, "texts"}, "too many texts (at most 4,294,967,294)");
    if (m_options.maxNgram != 1 && m_options.maxNgram != 2)
        throw Error({{}, 0, "max_ngram"}, "must be 1 or 2, got " + std::to_string(m_options.maxNgram));
    if (!(m_options.maxDf > 0.0 && m_options.maxDf <= 1.0))
        throw Error({{}, 0, "max_df"}, "must be in (0, 1], got " + std::to_string(m_options.maxDf));
    const double maxDocCount = m_options.maxDf * double(n);
    if (maxDocCount < double(m_options.minDf))
        throw Error({{}, 0, "max_df"}, "max_df corresponds to fewer documents than min_df");

    // 1. Count per worker: each worker owns the documents of the blocks it takes.
    const int threads = threadsOf(m_options.threads);
    std::vector<TermCounts> counts(static_cast<std::size_t>(threads));
    std::atomic<std::size_t> done{0};
    parallelFor(n, threads, kBlock, [&](std::size_t begin, std::size_t end, int worker) {
        progress.throwIfCancelled();
        TermCounts &local = counts[static_cast<std::size_t>(worker)];
        std::string buffer;
        std::vector<std::string_view> words;
        std::vector<std::uint32_t> ids;
        for (std::size_t d = begin; d < end; ++d) {
            TextTokenizer::tokenize(texts[d], buffer, words);
            local.add(static_cast<std::uint32_t>(d), words, m_options.maxNgram, ids);
        }
        progress.report(0.8 * double(done += end - begin) / double(n), "counting terms");
    });

    // 2. Merge the workers' counts (integer sums: the order does not matter).
    TermCounts total;
    for (TermCounts &local : counts) {
        std::vector<std::uint32_t> toGlobal(local.tokens.size());
        for (std::uint32_t t = 0; t < local.tokens.size(); ++t) {
            const std::uint32_t g = total.tokens.intern(local.tokens.text(t));
            if (g == total.tokenDf.size()) {
                total.tokenDf.push_back(0);
                total.tokenTf.push_back(0);
            }
            total.tokenDf[g] += local.tokenDf[t];
            total.tokenTf[g] += local.tokenTf[t];
            toGlobal[t] = g;
        }
        for (std::uint32_t b = 0; b < local.bigrams.size(); ++b) {
            const std::uint64_t pair = local.bigrams.pair(b);
            const std::uint32_t g = total.bigrams.intern(
                PairIndex::key(toGlobal[pair >> 32], toGlobal[pair & 0xffffffffu]));
            if (g == total.bigramDf.size()) {
                total.bigramDf.push_back(0);
                total.bigramTf.push_back(0);
            }
            total.bigramDf[g] += local.bigramDf[b];
            total.bigramTf[g] += local.bigramTf[b];
        }
        local = TermCounts(); // free as we go
    }
    progress.throwIfCancelled();
    m_documents = n;
    m_distinctTerms = total.tokens.size() + total.bigrams.size();

    // 3. The document-frequency limits, then the corpus-frequency limit.
    const auto keep = [&](std::uint32_t df) { return df >= m_options.minDf && double(df) <= maxDocCount; };
    std::vector<Candidate> candidates;
    for (std::uint32_t t = 0; t < total.tokens.size(); ++t)
        if (keep(total.tokenDf[t]))
            candidates.push_back({std::string(total.tokens.text(t)), total.tokenTf[t], total.tokenDf[t], t, kNone});
    for (std::uint32_t b = 0; b < total.bigrams.size(); ++b) {
        if (!keep(total.bigramDf[b]))
            continue;
        const std::uint64_t pair = total.bigrams.pair(b);
        const auto first = static_cast<std::uint32_t>(pair >> 32), second = static_cast<std::uint32_t>(pair & 0xffffffffu);
        std::string term(total.tokens.text(first));
        term += ' ';
        term += total.tokens.text(second);
        candidates.push_back({std::move(term), total.bigramTf[b], total.bigramDf[b], first, second});
    }
    if (m_options.maxFeatures > 0 && candidates.size() > m_options.maxFeatures) {
        // Highest corpus frequency first; equal counts keep the term that sorts first.
        const auto byFrequency = [](const Candidate &a, const Candidate &b) {
            return a.tf != b.tf ? a.tf > b.tf : a.term < b.term;
        };
        std::nth_element(candidates.begin(), candidates.begin() + std::ptrdiff_t(m_options.maxFeatures),
                         candidates.end(), byFrequency);
        candidates.resize(m_options.maxFeatures);
    }
    // std::string compares bytes as unsigned char: UTF-8 byte order is code-point order, as Python sorts.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) { return a.term < b.term; });
    if (candidates.empty())
        throw Error({{}, 0, "min_df"}, "no terms remain after the vocabulary limits (min_df " + std::to_string(m_options.minDf)
                                           + ", max_df " + std::to_string(m_options.maxDf) + "); lower min_df");

    // 4. Columns, idf and the lookup transform() uses.
    auto lookup = std::make_shared<Lookup>();
    m_vocabulary.clear();
    m_idf.clear();
    m_vocabulary.reserve(candidates.size());
    m_idf.reserve(candidates.size());
    const auto lookupToken = [&](std::uint32_t globalId) {
        const std::uint32_t id = lookup->tokens.intern(total.tokens.text(globalId));
        if (id == lookup->unigramColumn.size())
            lookup->unigramColumn.push_back(kNone);
        return id;
    };
    for (std::size_t c = 0; c < candidates.size(); ++c) {
        Candidate &candidate = candidates[c];
        const auto column = static_cast<std::uint32_t>(c);
        if (candidate.second == kNone) {
            lookup->unigramColumn[lookupToken(candidate.first)] = column;
        } else {
            const std::uint32_t a = lookupToken(candidate.first), b = lookupToken(candidate.second);
            lookup->bigrams.intern(PairIndex::key(a, b));
            lookup->bigramColumn.push_back(column);
        }
        m_idf.push_back(std::log((1.0 + double(n)) / (1.0 + double(candidate.df))) + 1.0);
        m_vocabulary.push_back(std::move(candidate.term));
    }
    m_lookup = std::move(lookup);
    progress.report(1.0, "vocabulary ready");
}

CsrMatrix TfidfVectorizer::transform(const std::vector<std::string_view> &texts, Progress &progress) const
{
    if (!m_lookup)
        throw std::logic_error("TfidfVectorizer::transform before fit");
    const Lookup &lookup = *m_lookup;
    const std::size_t n = texts.size();
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    struct BlockRows {
        std::vector<std::uint32_t> rowNonZeros, columns;
        std::vector<float> values;
    };
    std::vector<BlockRows> out(blocks);
    std::atomic<std::size_t> done{0};
    parallelFor(n, threadsOf(m_options.threads), kBlock, [&](std::size_t begin, std::size_t end, int) {
        progress.throwIfCancelled();
        BlockRows &rows = out[begin / kBlock];
        std::string buffer;
        std::vector<std::string_view> words;
        std::vector<std::uint32_t> ids, columns;
        std::vector<double> weights;
        for (std::size_t d = begin; d < end; ++d) {
            TextTokenizer::tokenize(texts[d], buffer, words);
            ids.resize(words.size());
            columns.clear();
            for (std::size_t i = 0; i < words.size(); ++i) {
                ids[i] = lookup.tokens.find(words[i]);
                if (ids[i] != kNone && lookup.unigramColumn[ids[i]] != kNone)
                    columns.push_back(lookup.unigramColumn[ids[i]]);
                if (m_options.maxNgram >= 2 && i > 0 && ids[i - 1] != kNone && ids[i] != kNone) {
                    const std::uint32_t b = lookup.bigrams.find(PairIndex::key(ids[i - 1], ids[i]));
                    if (b != PairIndex::kNone)
                        columns.push_back(lookup.bigramColumn[b]);
                }
            }
            std::sort(columns.begin(), columns.end());
            // (1 + ln tf) * idf over the distinct columns, then the row's L2 norm.
            weights.clear();
            const std::size_t first = rows.columns.size();
            double squares = 0.0;
            for (std::size_t i = 0; i < columns.size();) {
                std::size_t j = i;
                while (j < columns.size() && columns[j] == columns[i])
                    ++j;
                const double w = (1.0 + std::log(double(j - i))) * m_idf[columns[i]];
                rows.columns.push_back(columns[i]);
                weights.push_back(w);
                squares += w * w;
                i = j;
            }
            const double scale = squares > 0.0 ? 1.0 / std::sqrt(squares) : 0.0;
            for (double w : weights)
                rows.values.push_back(static_cast<float>(w * scale));
            rows.rowNonZeros.push_back(static_cast<std::uint32_t>(rows.columns.size() - first));
        }
        progress.report(double(done += end - begin) / double(n), "TF-IDF rows");
    });

    CsrMatrix matrix;
    matrix.rows = n;
    matrix.cols = m_vocabulary.size();
    std::size_t nonZeros = 0;
    for (const BlockRows &rows : out)
        nonZeros += rows.columns.size();
    matrix.rowStart.reserve(n + 1);
    matrix.columns.reserve(nonZeros);
    matrix.values.reserve(nonZeros);
    for (BlockRows &rows : out) {
        for (std::uint32_t count : rows.rowNonZeros)
            matrix.rowStart.push_back(matrix.rowStart.back() + count);
        matrix.columns.insert(matrix.columns.end(), rows.columns.begin(), rows.columns.end());
        matrix.values.insert(matrix.values.end(), rows.values.begin(), rows.values.end());
        rows = BlockRows();
    }
    return matrix;
}

CsrMatrix TfidfVectorizer::fitTransform(const std::vector<std::string_view> &texts, Progress &progress)
{
    Progress fitting = progress.subRange(0.0, 0.6);
    fit(texts, fitting);
    Progress transforming = progress.subRange(0.6, 1.0);
    return transform(texts, transforming);
}

} // namespace crsw
