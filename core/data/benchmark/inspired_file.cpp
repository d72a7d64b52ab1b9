#include "data/benchmark/inspired_file.h"

#include "common/error.h"
#include "common/line_reader.h"
#include "common/python_text.h"
#include "data/benchmark/json_fields.h"

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace crsw {

namespace {

const char *const kRequired[] = {"dialog_id", "utt_id", "speaker", "turn_id", "text", "movies"};

// A row's problem that makes the row unusable (the reader leaves it out).
struct RowProblem {
    std::string field;
    std::string reason;
};

std::vector<std::string_view> splitTabs(std::string_view line)
{
    std::vector<std::string_view> fields;
    std::size_t from = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', from);
        fields.push_back(line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from));
        if (tab == std::string_view::npos)
            return fields;
        from = tab + 1;
    }
}

// Values echoed in messages are cut so a 10 MB cell does not make a 10 MB message.
std::string quoted(std::string_view value)
{
    if (value.size() <= 40)
        return "'" + std::string(value) + "'";
    std::size_t end = 40;
    // Cut before a character, never inside one: back up while the first dropped byte continues a sequence.
    while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80)
        --end;
    return "'" + std::string(value.substr(0, end)) + "...'";
}

std::int64_t integerField(std::string_view value, const char *column)
{
    std::size_t i = value.size() > 1 && value[0] == '-' ? 1 : 0;
    bool ok = i < value.size() && value.size() - i <= 18;
    for (; ok && i < value.size(); ++i)
        ok = value[i] >= '0' && value[i] <= '9';
    if (!ok)
        throw RowProblem{column, "expected an integer, got " + quoted(value)};
    return std::stoll(std::string(value));
}

// "San Andreas (2015);  Die Hard (1988)": ';' separates (titles themselves contain commas).
std::vector<std::string> splitList(std::string_view value)
{
    std::vector<std::string> items;
    std::size_t from = 0;
    while (from <= value.size()) {
        std::size_t semi = value.find(';', from);
        if (semi == std::string_view::npos)
            semi = value.size();
        std::string item = pytext::encodeUtf8(pytext::strip(pytext::decodeUtf8(value.substr(from, semi - from))));
        if (!item.empty())
            items.push_back(std::move(item));
        from = semi + 1;
    }
    return items;
}

// pandas wrote missing cells as "nan" (one row of the real dev.tsv).
std::string labelField(std::string_view value)
{
    return value == "nan" ? std::string() : std::string(value);
}

class Columns {
public:
    Columns(const std::vector<std::string> &header, const std::string &path)
    {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (!m_index.emplace(header[i], i).second)
                throw Error({path, 1, header[i]}, "duplicated column");
        for (const char *name : kRequired)
            if (!m_index.count(name))
                throw Error({path, 1, name}, "missing required column");
    }
    // The cell of `name`, or an empty view when the file has no such column.
    std::string_view get(const std::vector<std::string_view> &row, const char *name) const
    {
        const auto it = m_index.find(name);
        return it == m_index.end() ? std::string_view() : row[it->second];
    }

private:
    std::unordered_map<std::string, std::size_t> m_index;
};

InspiredUtterance parseRow(const std::vector<std::string_view> &row, const Columns &columns,
                           const std::function<void(const char *, const std::string &)> &dictProblem)
{
    InspiredUtterance u;
    u.dialogId = std::string(columns.get(row, "dialog_id"));
    if (u.dialogId.empty())
        throw RowProblem{"dialog_id", "empty"};
    u.uttId = integerField(columns.get(row, "utt_id"), "utt_id");
    const std::string_view speaker = columns.get(row, "speaker");
    if (speaker == "SEEKER")
        u.speaker = InspiredSpeaker::Seeker;
    else if (speaker == "RECOMMENDER")
        u.speaker = InspiredSpeaker::Recommender;
    else
        throw RowProblem{"speaker", "expected SEEKER or RECOMMENDER, got " + quoted(speaker)};
    u.turnId = integerField(columns.get(row, "turn_id"), "turn_id");
    u.text = std::string(columns.get(row, "text"));
    u.textWithPlaceholder = std::string(columns.get(row, "text_with_placeholder"));
    u.movies = splitList(columns.get(row, "movies"));
    u.genres = splitList(columns.get(row, "genres"));
    u.peopleNames = splitList(columns.get(row, "people_names"));
    const auto dict = [&](const char *name, PythonStrIntDict &out) {
        const std::string_view cell = columns.get(row, name);
        if (cell.empty() || cell == "nan")
            return;
        try {
            out = parsePythonStrIntDict(cell);
        } catch (const Error &e) {
            dictProblem(name, e.reason());
        }
    };
    dict("movie_dict", u.movieDict);
    dict("genre_dict", u.genreDict);
    dict("actor_dict", u.actorDict);
    dict("director_dict", u.directorDict);
    dict("others_dict", u.othersDict);
    u.expertLabel = labelField(columns.get(row, "expert_label"));
    u.secondLabel = labelField(columns.get(row, "second_label"));
    u.fineLabel = labelField(columns.get(row, "fine_label"));
    u.coarseLabel = labelField(columns.get(row, "coarse_label"));
    u.movieId = labelField(columns.get(row, "movie_id"));
    return u;
}

} // namespace

std::size_t InspiredFile::utteranceCount() const
{
    std::size_t n = 0;
    for (const InspiredDialogue &d : dialogues)
        n += d.utterances.size();
    return n;
}

InspiredFile readInspiredTsv(const std::string &path, Progress &progress)
{
    InspiredFile file;
    file.path = path;
    LineReader reader(path);
    const std::string reading = "reading " + path; // built once, not per line
    LineReader::Line line;
    if (!reader.next(line))
        throw Error({path, 0, {}}, "empty file: no header row");
    if (line.tooLong)
        throw Error({path, 1, {}}, "header row too long");
    if (const std::size_t bad = jsonfields::invalidUtf8Offset(line.text); bad != std::string_view::npos)
        throw Error({path, 1, {}}, "header row: " + jsonfields::invalidUtf8Reason(line.text, bad));
    std::string_view headerText = line.text;
    if (headerText.substr(0, 3) == "\xEF\xBB\xBF") // a UTF-8 byte order mark from a spreadsheet export
        headerText.remove_prefix(3);
    for (std::string_view name : splitTabs(headerText))
        file.columns.emplace_back(name);
    const Columns columns(file.columns, path);

    std::unordered_map<std::string, std::size_t> dialogueIndex;
    while (reader.next(line)) {
        progress.throwIfCancelled();
        progress.report(reader.fraction(), reading);
        const auto problem = [&](std::string field, std::string reason) {
            file.problems.add({path, line.number, std::move(field), std::move(reason)});
        };
        if (line.tooLong) {
            problem({}, "line too long: skipped");
            continue;
        }
        if (line.text.empty()) {
            problem({}, "empty line");
            continue;
        }
        const std::size_t bad = jsonfields::invalidUtf8Offset(line.text);
        if (bad != std::string_view::npos) {
            problem({}, jsonfields::invalidUtf8Reason(line.text, bad));
            continue;
        }
        const std::vector<std::string_view> row = splitTabs(line.text);
        if (row.size() != file.columns.size()) {
            // The usual sign of a truncated last row or a stray tab inside a cell.
            problem({}, "expected " + std::to_string(file.columns.size()) + " tab-separated fields, got " + std::to_string(row.size()));
            continue;
        }
        try {
            InspiredUtterance u = parseRow(row, columns, [&](const char *name, const std::string &why) { problem(name, why); });
            u.line = line.number;
            auto [it, isNew] = dialogueIndex.emplace(u.dialogId, file.dialogues.size());
            if (isNew)
                file.dialogues.push_back({u.dialogId, {}});
            file.dialogues[it->second].utterances.push_back(std::move(u));
        } catch (const RowProblem &p) {
            problem(p.field, p.reason);
        }
    }
    progress.reportNow(1.0, "read " + std::to_string(file.dialogues.size()) + " dialogues from " + path);
    return file;
}

std::vector<MovieMentionCount> countInspiredMentions(const std::vector<InspiredDialogue> &dialogues)
{
    std::vector<MovieMentionCount> counts;
    std::unordered_map<std::string, std::size_t> index;
    for (const InspiredDialogue &dialogue : dialogues) {
        std::unordered_set<std::string> inThisDialogue;
        for (const InspiredUtterance &u : dialogue.utterances) {
            for (const std::string &title : u.movies) {
                auto [it, isNew] = index.emplace(title, counts.size());
                if (isNew)
                    counts.push_back({title, title});
                MovieMentionCount &count = counts[it->second];
                ++count.mentions;
                count.bySeeker += u.isSeeker();
                count.byRecommender += !u.isSeeker();
                if (inThisDialogue.insert(title).second)
                    ++count.dialogues;
            }
        }
    }
    sortByMentions(counts);
    return counts;
}

} // namespace crsw
