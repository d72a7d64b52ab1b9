#include "synth/synth_exports.h"

#include "common/atomic_file.h"
#include "common/csv.h"
#include "data/benchmark/he_test_set.h"
#include "synth/synth_plan.h"
#include "synth/synth_record_edits.h"
#include "synth/synth_record_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace crsw::synthexports {

namespace {

std::string dumpLine(const nlohmann::ordered_json &json)
{
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string entityUri(const std::string &title)
{
    std::string segment = title;
    for (char &c : segment)
        if (c == ' ')
            c = '_';
    return "<http://crsw.synthetic/resource/" + segment + ">";
}

} // namespace

std::vector<SynthRecord> exportedRecords(const std::string &outPath)
{
    return SynthRecordEdits::load(outPath).withoutDeleted(readSynthRecords(outPath).records);
}

std::string numberedTitles(const SynthRecord &record)
{
    std::string text;
    for (std::size_t i = 0; i < record.groundTruth.size(); ++i)
        text += (i ? "\n" : "") + std::to_string(i + 1) + ". " + record.groundTruth[i].title;
    return text;
}

void writeChatJsonl(const std::vector<SynthRecord> &records, const PromptTemplate &recommend, const std::string &path)
{
    std::string out;
    for (const SynthRecord &record : records) {
        const std::string user = !record.recommend.prompt.empty()
                                     ? record.recommend.prompt
                                     : recommend.render({{"conversation", heConversation(record.query)}});
        nlohmann::ordered_json line;
        line["messages"] = {{{"role", "user"}, {"content", user}},
                            {{"role", "assistant"}, {"content", numberedTitles(record)}}};
        out += dumpLine(line);
    }
    writeFileAtomically(path, out);
}

void writeHeJsonl(const std::vector<SynthRecord> &records, const std::string &testPath,
                  const std::string &entity2idPath)
{
    std::map<std::string, std::int64_t> ids;        // title -> id
    nlohmann::ordered_json entity2id = nlohmann::ordered_json::object();
    std::vector<HeTestTurn> turns;
    for (const SynthRecord &record : records) {
        HeTestTurn turn;
        turn.context = {record.query};
        turn.resp = numberedTitles(record);
        for (const SynthTitle &title : record.groundTruth) {
            const auto [it, added] = ids.emplace(title.title, std::int64_t(ids.size()));
            if (added)
                entity2id[entityUri(title.title)] = it->second;
            if (std::find(turn.rec.begin(), turn.rec.end(), it->second) == turn.rec.end()) {
                turn.rec.push_back(it->second);
                turn.entityName.push_back(title.title);
            }
        }
        turn.entity = turn.rec;
        turn.dialogId = record.key;
        turn.turnId = record.key + "_1";
        turn.input = heConversation(record.query);
        turns.push_back(std::move(turn));
    }
    writeHeTestSet(testPath, turns);
    writeFileAtomically(entity2idPath, entity2id.dump() + "\n");
}

void writeCsv(const std::vector<SynthRecord> &records, const std::string &path)
{
    std::string out = csvLine({"key", "step", "row", "item_asin", "item_title", "query", "ground_truth", "matched",
                               "synthesizer"})
                      + "\n";
    for (const SynthRecord &record : records) {
        std::string titles;
        for (const SynthTitle &t : record.groundTruth)
            titles += (titles.empty() ? "" : " | ") + t.title;
        out += csvLine({record.key, std::to_string(record.step), std::to_string(record.row), record.itemAsin,
                        record.itemTitle, record.query, titles,
                        std::to_string(record.groundTruth.size() - record.unmatchedTitles()), record.synthesizer})
               + "\n";
    }
    writeFileAtomically(path, out);
}

} // namespace crsw::synthexports
