#include "dialoguedata.h"

#include "common/error.h"
#include "common/load_report.h"
#include "data/amazon/seed_corpus_loader.h"
#include "synth/synth_record_file.h"

#include <QFileInfo>

namespace crsw {

namespace {

constexpr std::size_t kProblemDetail = 20;

std::shared_ptr<const SeedCorpus> loadCorpus(const Workspace &workspace, Progress &progress)
{
    const SeedCorpusEntry seed = workspace.seedCorpus();
    if (seed.reviews.empty())
        throw Error("the workspace has no seed corpus");
    SeedCorpusLoader::Sources sources;
    sources.reviewFiles.push_back(workspace.resolve(seed.reviews));
    if (!seed.metadata.empty())
        sources.metadataFiles.push_back(workspace.resolve(seed.metadata));
    LoadReport malformed(0); // the Data page lists them
    SeedCorpusLoader::Result loaded = SeedCorpusLoader::load(sources, {}, malformed, progress);
    if (!loaded.complete)
        throw Error("the seed corpus could not be read to the end: " + loaded.incompleteReason);
    return std::make_shared<const SeedCorpus>(std::move(loaded.corpus));
}

} // namespace

DialogueData DialogueData::load(const Workspace &workspace, const QString &path,
                                std::shared_ptr<const SeedCorpus> corpus, Progress &progress,
                                const std::function<bool()> &stillWanted)
{
    DialogueData data;
    data.path = path;
    const bool corpusGiven = corpus != nullptr;
    data.corpus = std::move(corpus);
    if (!data.corpus) {
        progress.reportNow(0.0, tr("Loading the seed corpus…").toStdString());
        Progress loading = progress.subRange(0.0, 0.8);
        try {
            data.corpus = loadCorpus(workspace, loading);
        } catch (const Cancelled &) {
            throw;
        } catch (const std::exception &e) {
            // The records are still worth showing without their reviews.
            data.corpusError = QString::fromUtf8(e.what());
        }
    }
    // A newer load waits for this corpus; these records would only be dropped.
    if (stillWanted && !stillWanted())
        return data;
    // Without a corpus to read, the records and their index are all the work.
    const double readFrom = corpusGiven ? 0.0 : 0.8;
    progress.reportNow(readFrom, tr("Reading %1…").arg(QFileInfo(path).fileName()).toStdString());
    progress.throwIfCancelled();
    SynthRecordFile file = readSynthRecords(path.toStdString());
    data.records = std::make_shared<const std::vector<SynthRecord>>(std::move(file.records));
    Progress indexing = progress.subRange(readFrom + (1.0 - readFrom) / 2, 1.0);
    data.index = std::make_shared<const DialogueIndex>(DialogueIndex::build(*data.records, indexing));
    for (const InputProblem &problem : file.problems.problems()) {
        if (std::size_t(data.problems.size()) < kProblemDetail)
            data.problems << QString::fromStdString(problem.toString());
    }
    data.problemCount = file.problems.count();
    try {
        data.edits = SynthRecordEdits::load(path.toStdString());
    } catch (const Error &e) {
        data.editsError = QString::fromUtf8(e.what());
    }
    return data;
}

} // namespace crsw
