#include "data/amazon/amazon_reader.h"

#include "common/error.h"
#include "common/line_reader.h"
#include "common/parallel.h"
#include "data/amazon/amazon_line_parser.h"
#include "data/amazon/pipelined_line_reader.h"

#include <algorithm>
#include <filesystem>

namespace crsw {

namespace {

bool isBlank(std::string_view text)
{
    for (const char c : text)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    return true;
}

// One pass over a file; Record/parse select reviews or items, Source a
// LineReader (one thread) or a PipelinedLineReader (reading on a second one).
template <typename Source, typename Record, typename Callback>
AmazonReader::Result readLines(Source &reader, const std::string &path, const std::string &message,
                               bool (AmazonLineParser::*parse)(std::string_view, bool, Record &, InputProblem &),
                               const Callback &deliver, LoadReport &report, Progress &progress,
                               const AmazonReader::Options &options)
{
    AmazonLineParser parser;
    Record record;
    InputProblem problem;
    AmazonReader::Result result;
    LineReader::Line line;
    progress.reportNow(0.0, message);
    for (;;) {
        // Only the reader's own errors end the pass; whatever the callback throws
        // (a cancel, a full disk) is the caller's and propagates untouched.
        try {
            if (!reader.next(line))
                break;
        } catch (const Error &error) {
            result.complete = false;
            result.stopReason = error.what();
            report.add({path, error.where().line, {}, error.reason()});
            break;
        }
        ++result.lines;
        if ((result.lines & 1023) == 0) {
            progress.throwIfCancelled();
            progress.report(reader.fraction(), message);
        }
        bool ok = false;
        if (line.tooLong) {
            problem.field.clear();
            problem.reason = "line longer than " + std::to_string(options.maxLineBytes) + " bytes";
        } else if (isBlank(line.text)) {
            // An empty line is not data, but it is not silently dropped either:
            // it usually means a file was cut or concatenated by hand.
            problem.field.clear();
            problem.reason = "empty line";
        } else {
            ok = (parser.*parse)(line.text, true, record, problem);
        }
        if (ok) {
            ++result.records;
            deliver(record, line.number);
        } else {
            ++result.malformed;
            report.add({path, line.number, problem.field, problem.reason});
        }
    }
    result.bytes = reader.fileBytesRead();
    progress.throwIfCancelled();
    progress.report(1.0, message);
    return result;
}

template <typename Record, typename Callback>
AmazonReader::Result readFile(const std::string &path, const char *what,
                              bool (AmazonLineParser::*parse)(std::string_view, bool, Record &, InputProblem &),
                              const Callback &deliver, LoadReport &report, Progress &progress,
                              const AmazonReader::Options &options)
{
    progress.throwIfCancelled();
    const std::string message =
        std::string("Reading ") + what + " from " + std::filesystem::path(path).filename().string();
    const LineReader::Options lineOptions{options.maxLineBytes, options.chunkBytes};
    const int threads = options.threads > 0 ? options.threads : std::min(2, defaultThreadCount());
    if (threads >= 2) {
        PipelinedLineReader reader(path, lineOptions); // throws if it cannot be opened
        return readLines(reader, path, message, parse, deliver, report, progress, options);
    }
    LineReader reader(path, lineOptions);
    return readLines(reader, path, message, parse, deliver, report, progress, options);
}

} // namespace

AmazonReader::Result AmazonReader::readReviews(const std::string &path, const ReviewCallback &onReview,
                                               LoadReport &report, Progress &progress, const Options &options)
{
    return readFile<AmazonReview>(path, "reviews", &AmazonLineParser::parseReview, onReview, report, progress,
                                  options);
}

AmazonReader::Result AmazonReader::readReviews(const std::string &path, const ReviewCallback &onReview,
                                               LoadReport &report, Progress &progress)
{
    return readReviews(path, onReview, report, progress, Options{});
}

AmazonReader::Result AmazonReader::readItems(const std::string &path, const ItemCallback &onItem,
                                             LoadReport &report, Progress &progress, const Options &options)
{
    return readFile<AmazonItem>(path, "item metadata", &AmazonLineParser::parseItem, onItem, report, progress,
                                options);
}

AmazonReader::Result AmazonReader::readItems(const std::string &path, const ItemCallback &onItem,
                                             LoadReport &report, Progress &progress)
{
    return readItems(path, onItem, report, progress, Options{});
}

} // namespace crsw
