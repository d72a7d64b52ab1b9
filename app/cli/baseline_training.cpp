#include "baseline_training.h"

#include "common/error.h"
#include "common/line_reader.h"
#include "data/amazon/seed_corpus.h"
#include "synth/synth_record_edits.h"
#include "synth/synth_record_file.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>

namespace crsw::cli {

namespace {

// "The  Matrix " and "the matrix" are one unmatched item.
std::string foldTitle(const std::string &title)
{
    std::string folded;
    bool space = false;
    for (unsigned char c : title) {
        if (std::isspace(c)) {
            space = !folded.empty();
            continue;
        }
        if (space)
            folded += ' ';
        space = false;
        folded += char(std::tolower(c));
    }
    return folded;
}

// The line of the record with this key: only looked up for an error message,
// so the file is read a second time only then.
std::int64_t lineOfKey(const std::string &path, const std::string &key)
{
    LineReader reader(path);
    LineReader::Line line;
    while (reader.next(line)) {
        const nlohmann::json json = nlohmann::json::parse(line.text, nullptr, false);
        if (json.is_object() && json.value("key", std::string()) == key)
            return line.number;
    }
    return 0;
}

} // namespace

bool isSynthRecordFile(const std::string &path)
{
    LineReader reader(path);
    LineReader::Line line;
    while (reader.next(line)) {
        if (line.text.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        const nlohmann::json json = nlohmann::json::parse(line.text, nullptr, false);
        return json.is_object() && json.contains("format") && json["format"].is_string()
               && json["format"].get<std::string>() == SynthRecord::kFormat;
    }
    return false;
}

NbcrsTrainingSet readSynthTrainingSet(const std::string &path, const SeedCorpus *catalog, Progress &progress)
{
    progress.reportNow(0, "reading the synthetic training data");
    SynthRecordFile file = readSynthRecords(path);
    if (file.truncatedTail && file.problems.count() == 1)
        std::fprintf(stderr, "%s\n", file.problems.summary(1).c_str());
    else if (!file.problems.empty())
        throw Error("the synthetic training file " + path + " has " + file.problems.summary(10));
    const std::vector<SynthRecord> records = SynthRecordEdits::load(path).withoutDeleted(std::move(file.records));

    NbcrsTrainingSet training(path);
    for (const SynthRecord &record : records) {
        if (record.groundTruth.empty())
            throw Error(SourceLocation{path, lineOfKey(path, record.key), "ground_truth"},
                        "record \"" + record.key + "\" has no ground-truth titles: a baseline needs items for every "
                        "training query (delete the record in the Dialogues page or re-run synth)");
        std::vector<std::uint32_t> items;
        for (const SynthTitle &title : record.groundTruth) {
            if (title.asin) {
                std::string name = title.title;
                if (catalog) {
                    const std::uint32_t item = catalog->findItem(*title.asin);
                    if (item != SeedCorpus::kNone && !catalog->item(item).title.empty())
                        name = std::string(catalog->item(item).title);
                }
                items.push_back(training.item("asin:" + *title.asin, name));
            } else {
                items.push_back(training.item("title:" + foldTitle(title.title), title.title));
            }
        }
        training.add(record.query, items, SourceLocation{path, 0, {}});
    }
    return training;
}

} // namespace crsw::cli
