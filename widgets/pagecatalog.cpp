#include "pagecatalog.h"

#include <QCoreApplication>

namespace crsw {

namespace {
QString simplified(QString text)
{
    return text.remove(QLatin1Char('&')).simplified().toCaseFolded();
}
} // namespace

QList<PageCatalog::Page> PageCatalog::pages()
{
    // The planned pages' sentences follow METHOD.md §2-§5 and §6-§8.
    return {
        {QStringLiteral("data"), tr("Data"),
         tr("The seed corpus: statistics, items and reviews with search, and the malformed-line report."), true},
        {QStringLiteral("selection"), tr("Embeddings & Selection"),
         tr("Embeds every review of the seed corpus and chooses the most informative ones under a budget (k-means "
            "with Jensen-Shannon, Fisher information, random, and their metadata and user variants), drawn live on a "
            "map of the reviews with the per-step score and cluster coverage; two strategies side by side."),
         true},
        {QStringLiteral("templates"), tr("Templates"),
         tr("Edits the teacher's prompts and the library of short, real-style query templates it imitates, "
            "checked as you type, with a live preview of both prompts for a selected review."),
         true},
        {QStringLiteral("dialogues"), tr("Teacher & Dialogues"),
         tr("Calls the teacher LLM (or the offline synthesizer) to turn selected reviews into user queries with 20 "
            "ground-truth items each, with a cost estimate first and live progress, and browses every synthetic "
            "dialogue with its seed reviews, raw teacher responses and catalog matches; flag, delete and export."),
         true},
        {QStringLiteral("finetuning"), tr("Fine-tuning"),
         tr("Fine-tunes a Llama, Qwen2 or Gemma 2 model (LoRA or full) on the synthetic dialogues' chat JSONL, "
            "with live plots of the loss, learning rate and Recall@k/NDCG@k on a test sample, pause, resume "
            "and checkpoints, adapter (PEFT) and model export, and a box to try the trained model."),
         true},
        {QStringLiteral("evaluation"), tr("Evaluation"),
         tr("Scores a recommender's answers on a He et al. test set: Recall, NDCG and MRR at 1, 5, 10 and 20."),
         true},
        {QStringLiteral("experiments"), tr("Experiments"),
         tr("Will compare experiments side by side: selection strategy, budget and backbone against Recall@k "
            "and NDCG@k on ReDial and INSPIRED."),
         false},
    };
}

QStringList PageCatalog::ids()
{
    QStringList result;
    const QList<Page> all = pages();
    for (const Page &page : all)
        result << page.id;
    return result;
}

int PageCatalog::indexOf(const QString &idOrTitle)
{
    const QString wanted = simplified(idOrTitle);
    const QList<Page> all = pages();
    for (int i = 0; i < all.size(); ++i) {
        if (simplified(all[i].id) == wanted || simplified(all[i].title) == wanted)
            return i;
    }
    return -1;
}

} // namespace crsw
