#include "dialogueindex.h"

#include <QLocale>
#include <QThreadPool>

#include <set>

namespace crsw {

DialogueIndex DialogueIndex::build(const std::vector<SynthRecord> &records, Progress &progress)
{
    const std::size_t total = records.size();
    const std::string message = tr("Indexing %1 records…").arg(QLocale().toString(qulonglong(total))).toStdString();
    progress.reportNow(0.0, message);
    DialogueIndex index;
    index.searchText.reserve(total);
    index.unmatched.reserve(total);
    std::set<std::string> strategies;
    for (std::size_t i = 0; i < total; ++i) {
        // Cheap to check, and a superseded load of 100k records then stops within milliseconds.
        if (i % 512 == 0) {
            progress.throwIfCancelled();
            progress.report(double(i) / double(total), message);
        }
        const SynthRecord &r = records[i];
        QString text = QString::fromStdString(r.query) + QLatin1Char('\n') + QString::fromStdString(r.itemTitle);
        for (const SynthTitle &title : r.groundTruth)
            text += QLatin1Char('\n') + QString::fromStdString(title.title);
        // Folded once here, so a search keystroke is a substring test per row.
        index.searchText.push_back(text.toCaseFolded());
        const std::size_t unmatched = r.unmatchedTitles();
        index.unmatched.push_back(int(unmatched));
        index.unmatchedTitles += unmatched;
        index.titles += r.groundTruth.size();
        strategies.insert(r.strategy);
    }
    for (const std::string &s : strategies)
        index.strategies << QString::fromStdString(s);
    index.strategies.sort(); // as QStrings (std::string order is by bytes)
    progress.reportNow(1.0, message);
    return index;
}

double DialogueIndex::hallucinationPercent() const
{
    return titles ? 100.0 * double(unmatchedTitles) / double(titles) : 0.0;
}

void DialogueIndex::releaseOnWorker(std::shared_ptr<const std::vector<SynthRecord>> records,
                                    std::shared_ptr<const DialogueIndex> index)
{
    if (!records && !index)
        return;
    // Moved into the task, so no reference is left behind on this thread.
    QThreadPool::globalInstance()->start([records = std::move(records), index = std::move(index)]() mutable {
        records.reset();
        index.reset();
    });
}

} // namespace crsw
