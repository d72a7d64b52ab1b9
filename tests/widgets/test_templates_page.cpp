// GUI test of the Templates page, offscreen, in the main window, on the demo
// workspace (20,000 reviews) in a temporary folder with a RANDOM_UNIFORM
// selection written by the core: the core's validation messages (file, line,
// column) for an unknown placeholder and unbalanced braces, with the
// highlighter marking them; Save refusing an invalid template and writing a
// valid one that `crsw synth`'s loader accepts; Revert and Restore Default;
// the preview equal to what planSynthesis renders for the chosen pick (and
// holding its seed review), live as a template changes, also for the
// baseline; and the query-template library's add, edit, delete and move
// round-tripping through query_templates.txt; the corpus kept when the same
// workspace opens again. With CRSW_GUI_GRABS=<dir> set, a grab of each state
// is saved there.
#include "mainwindow.h"
#include "placeholderhighlighter.h"
#include "querylibrarymodel.h"
#include "querylibraryview.h"
#include "templateeditor.h"
#include "templatepreview.h"
#include "templatespage.h"
#include "workspacecontroller.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "data/amazon/seed_corpus.h"
#include "pipeline/demo_workspace.h"
#include "pipeline/select_stage.h"
#include "pipeline/synth_stage.h"
#include "pipeline/workspace_corpus.h"
#include "select/random_selection.h"
#include "select/selection_record.h"
#include "synth/default_templates.h"
#include "synth/synth_plan.h"
#include "synth/synth_templates.h"

#include "gui_grab.h"

#include <QAbstractButton>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>
#include <QtTest>

#include <memory>

using namespace crsw;

namespace {

constexpr int kJobTimeoutMs = 300000;
constexpr std::size_t kBudget = 12;
constexpr int kSeed = 5;
constexpr int kStep = 3; // 1-based, as the page shows it

using Kind = TemplateFiles::Kind;

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The default prompt 1 with its third line replaced.
QString queriesWithLine3(const QString &line)
{
    QStringList lines = QString::fromStdString(defaulttemplates::queriesPrompt()).split(QLatin1Char('\n'));
    lines[2] = line;
    return lines.join(QLatin1Char('\n'));
}

// The formats the highlighter gave line `blockNumber` of `document`.
bool hasFormat(const QTextDocument *document, int blockNumber, int start, int length, const QTextCharFormat &format)
{
    const QTextBlock block = document->findBlockByNumber(blockNumber);
    const QList<QTextLayout::FormatRange> ranges = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : ranges)
        if (range.start == start && range.length == length && range.format == format)
            return true;
    return false;
}

} // namespace

class TestTemplatesPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pageShowsDefaults();
    void unknownPlaceholderIsReported();
    void unbalancedBracesAreReported();
    void saveRefusesInvalidAndWritesValid();
    void revertAndRestoreDefault();
    void previewEqualsPlan();
    void previewFollowsEditsAndBaseline();
    void libraryEditsRoundTrip();
    void invalidLibraryLineIsRefused();
    void corpusIsCachedForTheWorkspace();
    void cleanupTestCase();

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }
    QString templatePath(Kind kind) const
    {
        return QDir(m_workspace).filePath(QStringLiteral("templates/") + TemplateFiles::fileName(kind));
    }
    void grab(const QString &name) const;
    TemplatesPage *page() const { return m_window->templatesPage(); }
    TemplateEditor *editor(Kind kind) const { return page()->editor(kind); }
    TemplatePreview *preview() const { return page()->preview(); }

    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_selection;
    std::vector<std::uint32_t> m_picks;
    std::unique_ptr<SeedCorpus> m_corpus; // loaded here, not by the page, to compare against
    std::unique_ptr<MainWindow> m_window;
};

void TestTemplatesPage::grab(const QString &name) const
{
    test::saveGuiGrab(*m_window, QStringLiteral("templates-") + name);
}

void TestTemplatesPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, file(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("crsw-test"));
    QCoreApplication::setApplicationName(QStringLiteral("templates"));
    qputenv("XDG_DATA_HOME", file(QStringLiteral("xdg-data")).toUtf8());

    // The demo workspace and a selection of it, as `crsw demo` and `crsw select` make them.
    m_workspace = file(QStringLiteral("demo"));
    Progress progress;
    const Workspace workspace = createOrOpenDemoWorkspace(m_workspace.toStdString(), progress);
    m_corpus = std::make_unique<SeedCorpus>(loadWorkspaceSeedCorpus(workspace, progress));
    SelectionParams params;
    params.budget = kBudget;
    params.seed = 3;
    SelectionResult result = selectRandomUniform(m_corpus->reviewCount(), params, progress);
    m_picks = result.picks;
    QCOMPARE(m_picks.size(), kBudget);
    m_selection = QString::fromStdString(workspace.selectionsDir() + "/"
                                         + defaultSelectionFileName(SelectionStrategy::RandomUniform, params));
    SelectionRecord::fromResult(std::move(result), m_corpus->reviewCount(), 0).write(m_selection.toStdString());

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showPage(QStringLiteral("templates")));
    QCOMPARE(m_window->currentPageId(), QStringLiteral("templates"));
    QVERIFY(page() && page()->isVisible());

    QSignalSpy loaded(page(), &TemplatesPage::corpusLoaded);
    m_window->workspaceController()->openWorkspace(m_workspace);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, kJobTimeoutMs);
    QVERIFY(loaded.at(0).at(0).toBool());
    QVERIFY(!page()->isLoading());
    QCOMPARE(page()->corpus()->reviewCount(), m_corpus->reviewCount());
}

void TestTemplatesPage::pageShowsDefaults()
{
    // A fresh workspace has no templates/ yet: the editors show the defaults, unsaved.
    for (const Kind kind : TemplateFiles::all()) {
        QVERIFY(!QFile::exists(templatePath(kind)));
        QCOMPARE(editor(kind)->filePath(), templatePath(kind));
        QCOMPARE(editor(kind)->text(), TemplateFiles::defaultText(kind));
        QVERIFY2(editor(kind)->isValid(), qPrintable(editor(kind)->validationText()));
        QVERIFY(editor(kind)->isModified());
        QVERIFY2(editor(kind)->bannerText().contains(QStringLiteral("does not exist yet")),
                 qPrintable(editor(kind)->bannerText()));
    }
    QCOMPARE(TemplateFiles::defaultText(Kind::Queries),
             QString::fromStdString(SynthTemplates::defaults().queries.text()));
    // Known placeholders are highlighted: line 4 of prompt 1 is "{reviews}".
    QVERIFY(hasFormat(editor(Kind::Queries)->document(), 3, 0, 9, PlaceholderHighlighter::placeholderFormat()));
    QCOMPARE(preview()->selectionFile(), m_selection);
    grab(QStringLiteral("defaults"));
}

void TestTemplatesPage::unknownPlaceholderIsReported()
{
    TemplateEditor *e = editor(Kind::Queries);
    page()->showEditor(Kind::Queries);
    e->setText(queriesWithLine3(QStringLiteral("Here are {revews} reviews that real users wrote about one movie:")));
    QVERIFY(!e->isValid());
    const QString expected = QStringLiteral("templates/queries.txt:3: column 10: unknown placeholder {revews}; this "
                                            "template knows {examples}, {metadata}, {n}, {reviews}");
    QCOMPARE(e->validationText(), expected);
    QCOMPARE(e->problem().line, 3);
    QCOMPARE(e->problem().column, 10);
    // The highlighter marks exactly the unknown placeholder.
    QVERIFY(hasFormat(e->document(), 2, 9, 8, PlaceholderHighlighter::errorFormat()));
    QVERIFY(!hasFormat(e->document(), 2, 9, 8, PlaceholderHighlighter::placeholderFormat()));
    // The message is the core's own.
    try {
        PromptTemplate(e->text().toStdString(), SynthTemplates::queriesRules(), "templates/queries.txt");
        QFAIL("the core accepted an unknown placeholder");
    } catch (const Error &error) {
        QCOMPARE(e->validationText(), QString::fromStdString(error.what()));
    }
    // "Go to" puts the cursor on it.
    e->goToProblem();
    QCOMPARE(e->textEdit()->textCursor().blockNumber(), 2);
    QCOMPARE(e->textEdit()->textCursor().positionInBlock(), 9);
    grab(QStringLiteral("unknown-placeholder"));

    // The library checks its slots the same way.
    TemplateEditor *library = editor(Kind::Library);
    library->setText(TemplateFiles::defaultText(Kind::Library) + QStringLiteral("Looking for a {genr} tonight.\n"));
    const int line = int(TemplateFiles::defaultText(Kind::Library).count(QLatin1Char('\n'))) + 1;
    QCOMPARE(library->validationText(),
             QStringLiteral("templates/query_templates.txt:%1: column 15: unknown placeholder {genr}; this template "
                            "knows {aspect}, {aspect2}, {genre}, {like}")
                 .arg(line));
    library->restoreDefault();
    QVERIFY(library->isValid());
}

void TestTemplatesPage::unbalancedBracesAreReported()
{
    TemplateEditor *e = editor(Kind::Queries);
    e->setText(queriesWithLine3(QStringLiteral("Here are reviews {that real users wrote about one movie:")));
    QCOMPARE(e->validationText(), QStringLiteral("templates/queries.txt:3: column 18: unbalanced '{': no '}' closes it "
                                                 "on this line (write '{{' for a literal brace)"));
    QVERIFY(hasFormat(e->document(), 2, 17, 1, PlaceholderHighlighter::errorFormat()));

    e->setText(queriesWithLine3(QStringLiteral("Here are reviews} that real users wrote about one movie:")));
    QCOMPARE(e->validationText(),
             QStringLiteral("templates/queries.txt:3: column 17: unbalanced '}' (write '}}' for a literal brace)"));
    QVERIFY(hasFormat(e->document(), 2, 16, 1, PlaceholderHighlighter::errorFormat()));

    // Escaped braces are fine, and every error of a line is marked, not only the first.
    e->setText(queriesWithLine3(QStringLiteral("Reviews {{as JSON}}: } and {nope} and {")));
    QCOMPARE(e->problem().column, 22);
    QVERIFY(hasFormat(e->document(), 2, 21, 1, PlaceholderHighlighter::errorFormat()));
    QVERIFY(hasFormat(e->document(), 2, 27, 6, PlaceholderHighlighter::errorFormat()));
    QVERIFY(hasFormat(e->document(), 2, 38, 1, PlaceholderHighlighter::errorFormat()));
    QVERIFY(!hasFormat(e->document(), 2, 8, 2, PlaceholderHighlighter::errorFormat()));

    // A missing required placeholder names the file.
    e->setText(QStringLiteral("Write {n} queries from {examples} and {metadata}."));
    QCOMPARE(e->validationText(), QStringLiteral("templates/queries.txt:1: required placeholder {reviews} is missing "
                                                 "(this template needs {examples}, {metadata}, {reviews})"));
    grab(QStringLiteral("unbalanced"));
}

void TestTemplatesPage::saveRefusesInvalidAndWritesValid()
{
    TemplateEditor *e = editor(Kind::Queries);
    const QString path = templatePath(Kind::Queries);
    e->setText(queriesWithLine3(QStringLiteral("Here are {revews} reviews:")));
    QVERIFY(!e->save());
    QVERIFY(!QFile::exists(path));
    QVERIFY2(e->bannerText().startsWith(QStringLiteral("Not saved")), qPrintable(e->bannerText()));
    QVERIFY2(e->bannerText().contains(QStringLiteral("unknown placeholder {revews}")), qPrintable(e->bannerText()));
    QVERIFY(e->isModified());

    const QString valid = TemplateFiles::defaultText(Kind::Queries)
        + QStringLiteral("Use {{curly braces}} only inside the JSON strings. «Grüße» stay as written.\n");
    e->setText(valid);
    QVERIFY2(e->isValid(), qPrintable(e->validationText()));
    QVERIFY(e->save());
    QCOMPARE(readText(path), valid);
    QVERIFY(!e->isModified());
    QVERIFY(!e->findChild<QAbstractButton *>(QStringLiteral("saveTemplate"))->isEnabled());
    // What `crsw synth` reads from the folder is what was saved.
    const SynthTemplates loaded = SynthTemplates::loadOrCreate(QDir(m_workspace).filePath(QStringLiteral("templates")).toStdString());
    QCOMPARE(QString::fromStdString(loaded.queries.text()), valid);

    // An invalid edit of a saved file leaves the file alone.
    e->setText(QStringLiteral("{reviews} {metadata} {examples} }"));
    QVERIFY(!e->save());
    QCOMPARE(readText(path), valid);
    // The other files were written with their defaults by loadOrCreate; the editors read them again.
    for (const Kind kind : TemplateFiles::all())
        if (kind != Kind::Queries)
            editor(kind)->revert();
    for (const Kind kind : TemplateFiles::all())
        QVERIFY(QFile::exists(templatePath(kind)));
    QVERIFY(!editor(Kind::Recommend)->isModified());
}

void TestTemplatesPage::revertAndRestoreDefault()
{
    TemplateEditor *e = editor(Kind::Queries);
    const QString saved = readText(templatePath(Kind::Queries));
    QVERIFY(e->text() != saved);
    QVERIFY(e->findChild<QAbstractButton *>(QStringLiteral("revertTemplate"))->isEnabled());
    e->findChild<QAbstractButton *>(QStringLiteral("revertTemplate"))->click();
    QCOMPARE(e->text(), saved);
    QVERIFY(!e->isModified());
    QVERIFY(e->isValid());

    e->findChild<QAbstractButton *>(QStringLiteral("restoreDefaultTemplate"))->click();
    QCOMPARE(e->text(), TemplateFiles::defaultText(Kind::Queries));
    QVERIFY(e->isModified());
    QCOMPARE(readText(templatePath(Kind::Queries)), saved); // not written until saved
    e->document()->undo(); // Restore Default is one undoable edit
    QCOMPARE(e->text(), saved);
}

void TestTemplatesPage::previewEqualsPlan()
{
    const SynthTemplates templates =
        SynthTemplates::loadOrCreate(QDir(m_workspace).filePath(QStringLiteral("templates")).toStdString());
    QVERIFY(preview()->setSelectionFile(m_selection));
    preview()->setSeed(kSeed);
    preview()->setStep(kStep);
    preview()->renderNow();
    QVERIFY2(preview()->preview(), qPrintable(preview()->message()));

    // Exactly what `crsw synth --seed 5` plans for step 3 (from the whole plan, not limited).
    SynthPlanOptions options;
    options.seed = kSeed;
    const std::vector<SynthPick> plan = planSynthesis(*m_corpus, m_picks, templates, options);
    const SynthPick &pick = plan[kStep - 1];
    QCOMPARE(preview()->prompt1(), QString::fromStdString(pick.queriesPrompt));
    QCOMPARE(preview()->preview()->pick.row, m_picks[kStep - 1]);
    QCOMPARE(preview()->preview()->pick.reviewRows, pick.reviewRows);
    QCOMPARE(preview()->preview()->pick.templates, pick.templates);
    // It holds the chosen pick's own review, and the saved edit of prompt 1.
    const CorpusReview &review = m_corpus->review(m_picks[kStep - 1]);
    QVERIFY(!review.text.empty());
    QVERIFY(preview()->prompt1().contains(QString::fromUtf8(review.text.data(), qsizetype(review.text.size()))));
    QVERIFY(preview()->prompt1().contains(QStringLiteral("Use {curly braces} only")));
    // Prompt 2 is He et al.'s prompt around the sample query.
    preview()->setSampleQuery(QStringLiteral("Something tense and rainy, please."));
    preview()->renderNow();
    QCOMPARE(preview()->prompt2(),
             QString::fromStdString(
                 templates.recommend.render({{"conversation", heConversation("Something tense and rainy, please.")}})));
    QVERIFY(preview()->prompt2().endsWith(QStringLiteral("User: Something tense and rainy, please.\nSystem: ")));

    // Another step and seed: another pick.
    preview()->setStep(1);
    preview()->setSeed(0);
    preview()->renderNow();
    options.seed = 0;
    QCOMPARE(preview()->prompt1(),
             QString::fromStdString(planSynthesis(*m_corpus, m_picks, templates, options).front().queriesPrompt));
    preview()->setStep(kStep);
    preview()->setSeed(kSeed);
    preview()->renderNow();
    grab(QStringLiteral("preview"));
}

void TestTemplatesPage::previewFollowsEditsAndBaseline()
{
    TemplateEditor *e = editor(Kind::Queries);
    page()->showEditor(Kind::Queries);
    e->setText(e->text() + QStringLiteral("MARKER: write {n} of them.\n"));
    // Live: after a short pause, unsaved text included.
    QTRY_VERIFY_WITH_TIMEOUT(preview()->prompt1().contains(QStringLiteral("MARKER: write 5 of them.")), 5000);

    e->setText(e->text() + QStringLiteral("{oops}\n"));
    QTRY_VERIFY_WITH_TIMEOUT(preview()->message().contains(QStringLiteral("unknown placeholder {oops}")), 5000);
    QVERIFY(preview()->prompt1().isEmpty());
    e->revert();
    QTRY_VERIFY_WITH_TIMEOUT(!preview()->prompt1().isEmpty(), 5000);

    // The baseline's tab shows its prompt: templates only, no review.
    page()->showEditor(Kind::BaselineQueries);
    SynthPlanOptions options;
    options.seed = kSeed;
    options.baseline = true;
    const SynthTemplates templates =
        SynthTemplates::loadOrCreate(QDir(m_workspace).filePath(QStringLiteral("templates")).toStdString());
    const std::string expected = planSynthesis(*m_corpus, m_picks, templates, options)[kStep - 1].queriesPrompt;
    QTRY_COMPARE_WITH_TIMEOUT(preview()->prompt1(), QString::fromStdString(expected), 5000);
    const CorpusReview &review = m_corpus->review(m_picks[kStep - 1]);
    QVERIFY(!preview()->prompt1().contains(QString::fromUtf8(review.text.data(), qsizetype(review.text.size()))));
    grab(QStringLiteral("baseline"));
    page()->showEditor(Kind::Queries);
}

void TestTemplatesPage::libraryEditsRoundTrip()
{
    page()->showEditor(Kind::Library);
    TemplateEditor *e = editor(Kind::Library);
    QueryLibraryView *view = page()->libraryView();
    QueryLibraryModel *model = view->model();
    const QString path = templatePath(Kind::Library);
    const QueryTemplateLibrary defaults = SynthTemplates::defaults().library;
    QStringList expected;
    for (std::size_t i = 0; i < defaults.size(); ++i)
        expected << QString::fromStdString(defaults.entry(i).text.text());
    QCOMPARE(model->rowCount(), int(expected.size()));
    QCOMPARE(view->countText(), QStringLiteral("%1 templates").arg(expected.size()));
    QCOMPARE(model->lineOf(0), 5); // after the four comment lines
    QCOMPARE(model->data(model->index(0, QueryLibraryModel::ExampleColumn)).toString(),
             QString::fromStdString(defaults.example(0)));

    // Add after the first, typed into the table's editor.
    view->setCurrentRow(0);
    view->findChild<QAbstractButton *>(QStringLiteral("addQueryTemplate"))->click();
    QCOMPARE(model->rowCount(), int(expected.size()) + 1);
    QCOMPARE(view->currentRow(), 1);
    auto *lineEdit = qobject_cast<QLineEdit *>(view->table()->indexWidget(model->index(1, 0)));
    QVERIFY(lineEdit);
    lineEdit->setText(QStringLiteral("A brand-new {genre} request with {aspect}."));
    QTest::keyClick(lineEdit, Qt::Key_Return); // the delegate commits from a queued call
    expected.insert(1, QStringLiteral("A brand-new {genre} request with {aspect}."));
    QTRY_COMPARE(model->templateAt(1), expected[1]);
    // Edit, refuse a comment, delete, move down.
    QVERIFY(model->setData(model->index(5, 0), QStringLiteral("  Edited: a {genre} like {like}.  ")));
    expected[5] = QStringLiteral("Edited: a {genre} like {like}.");
    QVERIFY(!model->setData(model->index(6, 0), QStringLiteral("# not a template")));
    QVERIFY(!model->setData(model->index(6, 0), QStringLiteral("two\nlines")));
    view->setCurrentRow(10);
    view->findChild<QAbstractButton *>(QStringLiteral("deleteQueryTemplate"))->click();
    expected.removeAt(10);
    view->setCurrentRow(0);
    view->findChild<QAbstractButton *>(QStringLiteral("moveQueryTemplateDown"))->click();
    expected.swapItemsAt(0, 1);
    QCOMPARE(view->currentRow(), 1);
    view->findChild<QAbstractButton *>(QStringLiteral("moveQueryTemplateUp"))->click();
    view->findChild<QAbstractButton *>(QStringLiteral("moveQueryTemplateDown"))->click();
    // Add at the end with nothing selected.
    view->setCurrentRow(-1);
    QCOMPARE(model->insertTemplate(-1, QStringLiteral("Last one: {aspect} and {aspect2}.")), int(expected.size()));
    expected << QStringLiteral("Last one: {aspect} and {aspect2}.");
    QCOMPARE(view->countText(), QStringLiteral("%1 templates").arg(expected.size()));
    for (int row = 0; row < expected.size(); ++row)
        QCOMPARE(model->templateAt(row), expected[row]);
    grab(QStringLiteral("library"));

    // Saved to query_templates.txt: the core reads the same list, comments kept.
    QVERIFY2(e->save(), qPrintable(e->bannerText()));
    const QString text = readText(path);
    QVERIFY(text.startsWith(QStringLiteral("# Query templates")));
    QVERIFY(text.endsWith(QStringLiteral("Last one: {aspect} and {aspect2}.\n")));
    const QueryTemplateLibrary saved = QueryTemplateLibrary::load(path.toStdString());
    QCOMPARE(int(saved.size()), expected.size());
    for (std::size_t i = 0; i < saved.size(); ++i)
        QCOMPARE(QString::fromStdString(saved.entry(i).text.text()), expected[int(i)]);
    // And back: a fresh read of the file gives the same table.
    e->load(QDir(m_workspace).filePath(QStringLiteral("templates")));
    QCOMPARE(model->rowCount(), expected.size());
    for (int row = 0; row < expected.size(); ++row)
        QCOMPARE(model->templateAt(row), expected[row]);
    // The preview's examples come from the edited library.
    page()->showEditor(Kind::Queries);
    preview()->renderNow();
    const SynthTemplates templates =
        SynthTemplates::loadOrCreate(QDir(m_workspace).filePath(QStringLiteral("templates")).toStdString());
    SynthPlanOptions options;
    options.seed = kSeed;
    QCOMPARE(preview()->prompt1(),
             QString::fromStdString(planSynthesis(*m_corpus, m_picks, templates, options)[kStep - 1].queriesPrompt));
}

void TestTemplatesPage::invalidLibraryLineIsRefused()
{
    TemplateEditor *e = editor(Kind::Library);
    QueryLibraryModel *model = page()->libraryView()->model();
    const QString before = readText(templatePath(Kind::Library));
    QVERIFY(model->setData(model->index(2, 0), QStringLiteral("Bad {genr} line")));
    QCOMPARE(model->errorAt(2), QStringLiteral("column 5: unknown placeholder {genr}; this template knows {aspect}, "
                                               "{aspect2}, {genre}, {like}"));
    QVERIFY(page()->libraryView()->countText().endsWith(QStringLiteral("1 with an error")));
    QCOMPARE(e->problem().line, model->lineOf(2));
    QVERIFY(!e->save());
    QCOMPARE(readText(templatePath(Kind::Library)), before);
    grab(QStringLiteral("library-error"));
    e->document()->undo();
    QVERIFY(e->isValid());
    QVERIFY(model->errorAt(2).isEmpty());
}

void TestTemplatesPage::corpusIsCachedForTheWorkspace()
{
    // Opening the same workspace again reads the templates again but keeps the corpus.
    const std::shared_ptr<const SeedCorpus> before = page()->corpus();
    QVERIFY(before);
    QSignalSpy loaded(page(), &TemplatesPage::corpusLoaded);
    QSignalSpy changed(m_window->workspaceController(), &WorkspaceController::workspaceChanged);
    m_window->workspaceController()->openWorkspace(m_workspace);
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 1, kJobTimeoutMs);
    QVERIFY(!page()->isLoading());
    QCOMPARE(page()->corpus(), before);
    QCOMPARE(loaded.count(), 0);
    for (const Kind kind : TemplateFiles::all()) {
        QCOMPARE(editor(kind)->text(), readText(templatePath(kind)));
        QVERIFY(!editor(kind)->isModified());
    }
    QVERIFY(preview()->setSelectionFile(m_selection));
    preview()->renderNow();
    QVERIFY2(preview()->preview(), qPrintable(preview()->message()));
}

void TestTemplatesPage::cleanupTestCase()
{
    m_window.reset();
}

QTEST_MAIN(TestTemplatesPage)
#include "test_templates_page.moc"
