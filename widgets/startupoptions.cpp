#include "startupoptions.h"

#include "pagecatalog.h"

#include "common/error.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace crsw {

namespace {

struct Parser {
    QCommandLineParser parser;
    QCommandLineOption demo{QStringLiteral("demo"),
                            QCoreApplication::translate("crsw::StartupOptions",
                                                        "Open the demo workspace (created on first use).")};
    QCommandLineOption workspace{QStringLiteral("workspace"),
                                 QCoreApplication::translate("crsw::StartupOptions", "Open the workspace in <dir>."),
                                 QStringLiteral("dir")};
    QCommandLineOption page{QStringLiteral("page"),
                            QCoreApplication::translate("crsw::StartupOptions",
                                                        "Show page <name> (data, selection, templates, dialogues, "
                                                        "finetuning, evaluation, experiments, or its title)."),
                            QStringLiteral("name")};
    QCommandLineOption evaluate{
        QStringLiteral("evaluate"),
        QCoreApplication::translate("crsw::StartupOptions",
                                    "Run the Evaluation page with its default test set and answers once the "
                                    "workspace is loaded.")};
    QCommandLineOption train{
        QStringLiteral("train"),
        QCoreApplication::translate("crsw::StartupOptions",
                                    "Start a short run (40 steps; LoRA, or full for a scratch model) of the model in <dir> on the Fine-tuning "
                                    "page once the workspace is loaded, on its newest chat data, evaluating on its "
                                    "first benchmark every 10 steps."),
        QStringLiteral("dir")};
    QCommandLineOption select{
        QStringLiteral("select"),
        QCoreApplication::translate("crsw::StartupOptions",
                                    "Run a selection on the Embeddings & Selection page once the workspace is "
                                    "loaded (computing its embeddings if it has none), e.g. JS:100; given twice, the "
                                    "second runs beside the first as B."),
        QStringLiteral("strategy:budget")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("crsw::StartupOptions",
                                    "Save a grab of the main window to <file> (PNG) once the workspace is "
                                    "loaded, the page shown and its jobs done; then quit."),
        QStringLiteral("file")};
    QCommandLineOption help = parser.addHelpOption();
    QCommandLineOption version = parser.addVersionOption();

    Parser()
    {
        parser.setApplicationDescription(QCoreApplication::translate(
            "crsw::StartupOptions",
            "CRS Workbench: synthesize conversational-recommendation data from reviews and evaluate recommenders."));
        parser.addOptions({demo, workspace, page, evaluate, train, select, screenshot});
    }
};

} // namespace

bool StartupOptions::parse(const QStringList &arguments, QString *error)
{
    Parser p;
    if (!p.parser.parse(arguments)) {
        *error = p.parser.errorText();
        return false;
    }
    if (!p.parser.positionalArguments().isEmpty()) {
        *error = QCoreApplication::translate("crsw::StartupOptions", "Unexpected argument: %1")
                     .arg(p.parser.positionalArguments().constFirst());
        return false;
    }
    help = p.parser.isSet(p.help) || p.parser.isSet(QStringLiteral("help-all"));
    version = p.parser.isSet(p.version);
    demo = p.parser.isSet(p.demo);
    workspaceDir = p.parser.value(p.workspace);
    page = p.parser.value(p.page);
    evaluate = p.parser.isSet(p.evaluate);
    trainModel = p.parser.value(p.train);
    screenshotFile = p.parser.value(p.screenshot);
    selections.clear();
    const QStringList selects = p.parser.values(p.select);
    if (selects.size() > 2) {
        *error = QCoreApplication::translate("crsw::StartupOptions", "--select can be given at most twice (A and B).");
        return false;
    }
    for (const QString &spec : selects) {
        const QString name = spec.section(QLatin1Char(':'), 0, 0);
        bool ok = false;
        const qulonglong budget = spec.section(QLatin1Char(':'), 1).toULongLong(&ok);
        if (!ok || budget == 0 || !spec.contains(QLatin1Char(':'))) {
            *error = QCoreApplication::translate("crsw::StartupOptions",
                                                 "--select %1: expected STRATEGY:BUDGET, e.g. JS:100.")
                         .arg(spec);
            return false;
        }
        try {
            selections.append({parseStrategy(name.toStdString()), std::size_t(budget)});
        } catch (const Error &e) {
            *error = QStringLiteral("--select %1: %2").arg(spec, QString::fromStdString(e.what()));
            return false;
        }
    }
    if (demo && !workspaceDir.isEmpty()) {
        *error = QCoreApplication::translate("crsw::StartupOptions", "--demo and --workspace exclude each other.");
        return false;
    }
    if (!page.isEmpty() && PageCatalog::indexOf(page) < 0) {
        *error = QCoreApplication::translate("crsw::StartupOptions", "Unknown page \"%1\"; pages: %2.")
                     .arg(page, PageCatalog::ids().join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

QString StartupOptions::helpText()
{
    Parser p;
    // Without a QCoreApplication yet, Qt writes "<executable_name>".
    return p.parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("crsw-workbench"));
}

} // namespace crsw
