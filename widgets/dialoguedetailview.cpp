#include "dialoguedetailview.h"

#include "qstringutil.h"

#include "data/amazon/seed_corpus.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace crsw {

namespace {

constexpr int kReviewChars = 700;
constexpr int kMetadataChars = 400;

QString esc(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

QString esc(std::string_view text)
{
    return toQString(text).toHtmlEscaped();
}

// Long texts are cut for reading; the raw file keeps them whole.
QString shortened(QString text, int chars)
{
    if (text.size() > chars)
        text = text.left(chars) + QChar(0x2026);
    return text.toHtmlEscaped();
}

QString section(const QString &title)
{
    return QStringLiteral("<h3 style='margin-top:14px; margin-bottom:4px;'>%1</h3>").arg(title.toHtmlEscaped());
}

QString pre(const std::string &text)
{
    return QStringLiteral("<pre style='white-space:pre-wrap; background:#f4f4f4; padding:4px;'>%1</pre>")
        .arg(esc(text));
}

QString stars(float rating)
{
    const int full = int(std::lround(rating));
    return QString(full, QChar(0x2605)) + QString(std::max(0, 5 - full), QChar(0x2606));
}

QString turnHtml(const QString &title, const SynthTurn &turn)
{
    const QLocale locale;
    QString html = section(title);
    QStringList facts;
    if (!turn.model.empty())
        facts << QCoreApplication::translate("crsw::DialogueDetailView", "model %1").arg(esc(turn.model));
    if (turn.usage.promptTokens || turn.usage.completionTokens)
        facts << QCoreApplication::translate("crsw::DialogueDetailView", "%1 + %2 tokens")
                     .arg(locale.toString(qlonglong(turn.usage.promptTokens)),
                          locale.toString(qlonglong(turn.usage.completionTokens)));
    if (turn.costUsd > 0)
        facts << QStringLiteral("$%1").arg(locale.toString(turn.costUsd, 'f', 5));
    if (turn.attempts > 1)
        facts << QCoreApplication::translate("crsw::DialogueDetailView", "%1 attempts").arg(turn.attempts);
    if (turn.fromCache)
        facts << QCoreApplication::translate("crsw::DialogueDetailView", "from the cache");
    if (!turn.finishReason.empty())
        facts << QCoreApplication::translate("crsw::DialogueDetailView", "finish: %1").arg(esc(turn.finishReason));
    if (!turn.finishedAt.empty())
        facts << esc(turn.finishedAt);
    facts << esc(turn.templateFile);
    html += QStringLiteral("<p style='color:#555;'>%1</p>").arg(facts.join(QStringLiteral(" · ")));
    if (!turn.prompt.empty())
        html += QStringLiteral("<p><b>%1</b></p>").arg(QCoreApplication::translate("crsw::DialogueDetailView", "Prompt"))
                + pre(turn.prompt);
    html += QStringLiteral("<p><b>%1</b></p>").arg(QCoreApplication::translate("crsw::DialogueDetailView", "Response (raw)"))
            + pre(turn.response);
    return html;
}

} // namespace

DialogueDetailView::DialogueDetailView(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("dialogueDetails"));
    setOpenLinks(false);
}

void DialogueDetailView::clearRecord(const QString &hint)
{
    m_key.clear();
    setHtml(QStringLiteral("<p style='color:#777;'>%1</p>").arg(hint.toHtmlEscaped()));
}

void DialogueDetailView::showRecord(const SynthRecord &r, const SynthRecordEdits &edits, const SeedCorpus *corpus)
{
    const QLocale locale;
    m_key = QString::fromStdString(r.key);
    QString html;
    QStringList badges;
    if (edits.isFlagged(r.key))
        badges << QStringLiteral("<span style='background:#ffe08a;'>&nbsp;%1&nbsp;</span>").arg(tr("FLAGGED"));
    if (edits.isDeleted(r.key))
        badges << QStringLiteral("<span style='background:#f3b0b0;'>&nbsp;%1&nbsp;</span>")
                      .arg(tr("DELETED: left out of exports"));
    html += QStringLiteral("<h2 style='margin-bottom:2px;'>“%1”</h2>").arg(esc(r.query));
    html += QStringLiteral("<p style='color:#555; margin-top:0;'>%1 · %2 step %3 · row %4 · %5%6 · seed %7 %8</p>")
                .arg(esc(r.key), esc(r.strategy))
                .arg(r.step)
                .arg(r.row)
                .arg(esc(r.synthesizer),
                     r.temperature ? tr(", temperature %1").arg(locale.toString(*r.temperature, 'f', 2)) : QString())
                .arg(r.seed)
                .arg(badges.join(QLatin1Char(' ')));
    if (r.baseline)
        html += QStringLiteral("<p><i>%1</i></p>").arg(tr("Baseline record: written from the templates alone."));

    // Two columns: the ground truth beside what it came from (item, reviews).
    html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='0'><tr><td width='44%' valign='top'>");
    const std::size_t unmatched = r.unmatchedTitles();
    html += section(tr("Ground truth: %1 of %2 titles matched in the catalog")
                        .arg(r.groundTruth.size() - unmatched)
                        .arg(r.groundTruth.size()));
    html += QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    for (std::size_t i = 0; i < r.groundTruth.size(); ++i) {
        const SynthTitle &t = r.groundTruth[i];
        const QString mark = t.asin ? QStringLiteral("<span style='color:#1a7f37;'>&#10003;</span>")
                                    : QStringLiteral("<span style='color:#b00020;'>&#10007;</span>");
        QString note;
        // Exact matches need no note; the ASINs are in the raw record.
        if (t.asin)
            note = t.distance > 0 ? tr("≈ %1 (edit distance %2)").arg(esc(*t.asin)).arg(t.distance) : QString();
        else
            note = t.distance >= 0 ? tr("no catalog match (nearest at distance %1)").arg(t.distance)
                                   : tr("no catalog match");
        // The note follows the title in the same cell, so titles keep the column's width.
        html += QStringLiteral("<tr><td align='right'>%1.&nbsp;</td><td>%2&nbsp;</td><td>%3"
                               "<span style='color:#777;'>&nbsp; %4</span></td></tr>")
                    .arg(i + 1)
                    .arg(mark, t.asin ? esc(t.title) : QStringLiteral("<span style='color:#b00020;'>%1</span>").arg(esc(t.title)),
                         note);
    }
    html += QStringLiteral("</table>");

    html += QStringLiteral("</td><td width='4%'></td><td width='52%' valign='top'>");
    // The item v and its metadata.
    if (!r.itemAsin.empty()) {
        html += section(tr("Item"));
        html += QStringLiteral("<p><b>%1</b> (%2)</p>").arg(esc(r.itemTitle), esc(r.itemAsin));
        const std::uint32_t item = corpus ? corpus->findItem(r.itemAsin) : SeedCorpus::kNone;
        if (item != SeedCorpus::kNone) {
            const CorpusItem &it = corpus->item(item);
            QStringList facts;
            QStringList categories;
            for (const std::uint32_t c : corpus->itemCategories(item))
                categories << toQString(corpus->category(c));
            if (!categories.isEmpty())
                facts << categories.join(QStringLiteral(" › ")).toHtmlEscaped();
            if (!std::isnan(it.averageRating))
                facts << tr("%1 average of %2 ratings")
                             .arg(locale.toString(double(it.averageRating), 'f', 1), locale.toString(it.ratingNumber));
            if (!it.store.empty())
                facts << esc(it.store);
            if (!it.author.empty())
                facts << esc(it.author);
            if (!std::isnan(it.price))
                facts << QStringLiteral("$%1").arg(locale.toString(it.price, 'f', 2));
            if (!facts.isEmpty())
                html += QStringLiteral("<p style='color:#555;'>%1</p>").arg(facts.join(QStringLiteral(" · ")));
            QStringList description;
            for (const std::string_view d : corpus->itemDescription(item))
                description << toQString(d);
            if (!description.isEmpty())
                html += QStringLiteral("<p>%1</p>").arg(shortened(description.join(QLatin1Char(' ')), kMetadataChars));
            QStringList features;
            for (const std::string_view f : corpus->itemFeatures(item))
                features << QStringLiteral("<li>%1</li>").arg(shortened(toQString(f), 160));
            if (!features.isEmpty())
                html += QStringLiteral("<ul style='margin-top:0;'>%1</ul>").arg(features.join(QString()));
        } else if (!corpus) {
            html += QStringLiteral("<p style='color:#777;'>%1</p>").arg(tr("The seed corpus is not loaded."));
        }
    }

    // The seed reviews, the selected one first.
    if (!r.seedReviews.empty()) {
        html += section(tr("Seed reviews"));
        for (std::size_t i = 0; i < r.seedReviews.size(); ++i) {
            const SynthSeedReview &s = r.seedReviews[i];
            const QString role = i == 0 ? tr("selected review") : tr("review %1 of the item").arg(i + 1);
            if (corpus && s.row < corpus->reviewCount()) {
                const CorpusReview &review = corpus->review(s.row);
                html += QStringLiteral("<p style='margin-bottom:0;'><span style='color:#c28a00;'>%1</span> "
                                       "<b>%2</b> <span style='color:#555;'>· %3 · %4 · row %5</span></p>")
                            .arg(stars(review.rating), esc(review.title), role, esc(corpus->userId(review.user)))
                            .arg(s.row);
                html += QStringLiteral("<p style='margin-top:2px;'>%1</p>").arg(shortened(toQString(review.text), kReviewChars));
            } else {
                html += QStringLiteral("<p>%1: %2 (row %3)</p>").arg(role, esc(s.id)).arg(s.row);
            }
        }
    }

    html += QStringLiteral("</td></tr></table>");
    if (!r.templates.empty()) {
        html += section(tr("Query templates"));
        html += QStringLiteral("<ul style='margin-top:0;'>");
        for (const std::string &t : r.templates)
            html += QStringLiteral("<li>%1</li>").arg(esc(t));
        html += QStringLiteral("</ul>");
    }

    html += turnHtml(tr("Teacher: queries (prompt 1)"), r.queries);
    html += turnHtml(tr("Teacher: ground truth (prompt 2)"), r.recommend);
    html += QStringLiteral("<p style='color:#777;'>%1</p>").arg(tr("Created %1 · selection %2").arg(esc(r.created), esc(r.selection)));
    setHtml(html);
}

} // namespace crsw

// This header's moc output is compiled here, not in the shared mocs_compilation.cpp,
// where core/teacher's crsw::ChatMessage (chat_types.h) would meet core/model's
// (chat_format.h) from another page's header.
#include "moc_dialoguedetailview.cpp"
