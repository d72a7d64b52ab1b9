#pragma once

#include "synth/prompt_template.h"
#include "synth/synth_templates.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>

namespace crsw {

/// The four files of a workspace's templates/ folder as the Templates page
/// edits them (core/synth/synth_templates.h): their names, titles, rules and
/// default texts, and their validation, which is the core's own parser.
class TemplateFiles {
    Q_DECLARE_TR_FUNCTIONS(crsw::TemplateFiles)
public:
    enum class Kind {
        Queries,         ///< queries.txt: prompt 1
        BaselineQueries, ///< queries_baseline.txt: prompt 1 of the "GPT-generated" baseline
        Recommend,       ///< recommend.txt: prompt 2
        Library          ///< query_templates.txt: the query-template library, one a line
    };

    /// What validate() found: nothing (valid) or the core's first error.
    struct Problem {
        QString message;  ///< crsw::Error's text: "templates/queries.txt:3: column 7: unknown placeholder ..."; empty = valid
        int line = 0;     ///< 1-based line of the problem, 0 = the whole file
        int column = 0;   ///< 1-based column in bytes (as the core counts), 0 = none
        bool valid() const { return message.isEmpty(); }
    };

    /// Every kind, in the page's tab order.
    static QList<Kind> all();
    /// The file name in templates/ ("queries.txt").
    static QString fileName(Kind kind);
    /// The name errors show: "templates/queries.txt".
    static QString sourceName(Kind kind);
    /// The tab title ("Prompt 1").
    static QString title(Kind kind);
    /// One sentence on what the file is and which placeholders it takes.
    static QString description(Kind kind);
    /// The compiled-in default text (what `crsw synth` writes when the file is missing).
    static QString defaultText(Kind kind);
    /// The placeholders the file may and must use (the library: the slots of each line).
    static PromptTemplate::Rules rules(Kind kind);

    /// Checks `text` with the core's parser (PromptTemplate, or
    /// QueryTemplateLibrary::parse for the library).
    static Problem validate(Kind kind, const QString &text);
    /// The templates of a synthesis run made from the four texts, as
    /// SynthTemplates::loadOrCreate() would read them from files with those
    /// contents. Throws crsw::Error for the first invalid one.
    static SynthTemplates compile(const QMap<Kind, QString> &texts);
};

} // namespace crsw
