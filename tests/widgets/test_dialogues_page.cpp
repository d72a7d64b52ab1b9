// GUI test of the Teacher & Dialogues page, offscreen, on a small demo
// workspace (embeddings of low dimension and a FISHER selection of 6 picks,
// made through the core in a temporary folder): the offline synthesizer is
// the default and runs from the page; the browser lists every record with
// its matched/unmatched marks and narrows by search and filters; flags and
// deletions go to the sidecar (never into OUT), survive reopening and a
// resumed run, and the exports leave deleted records out. A teacher run
// against the in-process fake Chat Completions server shows its estimate,
// waits for confirmation, shows live figures and writes records with
// hallucinated titles marked; "Don't Send" sends nothing. Test Connection
// reports ok against the fake server and an error against a refused port.
// The API key is shown masked and a session key is never saved. A generated
// dataset of 20,000 records loads and is indexed off the GUI thread (the
// page stays usable, a newer load supersedes it, the figures come out
// right); edits are queued to one writer in order and are on disk once the
// page is gone; a sidecar that cannot be written is reported naming it. With
// CRSW_GUI_GRABS=<dir> set, a grab of each state is saved there.
#include "dialoguebrowser.h"
#include "dialoguedetailview.h"
#include "dialogueeditssaver.h"
#include "dialoguefiltermodel.h"
#include "dialoguerecordmodel.h"
#include "dialoguespage.h"
#include "fake_chat_server.h"
#include "jobrunner.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "teacherestimate.h"
#include "teacherrunjob.h"
#include "teacherrunpanel.h"
#include "teachersettingsform.h"
#include "workspacecontroller.h"

#include "pipeline/demo_workspace.h"
#include "pipeline/embed_stage.h"
#include "pipeline/select_stage.h"
#include "synth/synth_record_edits.h"
#include "synth/synth_record_file.h"
#include "teacher/api_key.h"

#include "gui_grab.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLocale>
#include <QLineEdit>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include <unistd.h>

using namespace crsw;

namespace {

constexpr int kJobTimeoutMs = 120000; // below QtTest's 300 s watchdog
constexpr std::size_t kBudget = 6;
constexpr int kLarge = 20000; // records of the generated dataset
constexpr int kLargeHallucinated = kLarge / 10;
const char *const kApiKey = "sk-test-1234567890abcdefWXYZ";
const char *const kSessionKey = "sk-session-secret-9876543210";
const char *const kMadeUp1 = "Zzyzx Qwerty Nonexistent 9000";
const char *const kMadeUp2 = "Plorb Vantablack Fugue Xiii";

int lineCount(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = file.readAll().trimmed();
    return text.isEmpty() ? 0 : int(text.split('\n').size());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString largeKey(int i)
{
    return QStringLiteral("large-%1").arg(i);
}

// A unique word of record i's query: "tok000123z" (no other query contains it).
QString largeToken(int i)
{
    return QStringLiteral("tok%1z").arg(i, 6, 10, QLatin1Char('0'));
}

// Writes `count` records made from `model`: keys largeKey(i), 5 queries per
// step, FISHER on even steps and JS on odd ones, every 10th record with its
// last 2 titles matching nothing, and largeToken(i) in each query.
void writeLargeDataset(const QString &path, SynthRecord model, int count)
{
    model.templates.clear();
    model.queries.response.clear();
    model.recommend.response.clear();
    QVERIFY(model.groundTruth.size() == 20);
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    for (int i = 0; i < count; ++i) {
        SynthRecord r = model;
        r.key = largeKey(i).toStdString();
        r.step = std::size_t(i / 5);
        r.queryIndex = std::size_t(i % 5);
        r.strategy = r.step % 2 ? "JS" : "FISHER";
        r.query = largeToken(i).toStdString() + " " + model.query;
        if (i % 10 == 0) {
            for (std::size_t t = 18; t < 20; ++t) {
                r.groundTruth[t].title = "Made-up title " + std::to_string(t);
                r.groundTruth[t].asin.reset();
            }
        }
        out << r.toJson().dump() << '\n';
    }
    QVERIFY(out.good());
}

} // namespace

class TestDialoguesPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void offlineIsTheDefault();
    void keyIsMaskedAndNeverSaved();
    void runsOfflineSynthesizer();
    void browserShowsRecordsWithMarks();
    void searchAndFiltersNarrow();
    void flagAndDeletePersist();
    void resumeKeepsDeletedRecordsOut();
    void exportsLeaveDeletedOut();
    void testConnectionOk();
    void testConnectionRefused();
    void teacherRunNotSent();
    void teacherRunWithEstimateAndProgress();
    void cancelAtTheEstimate();
    void estimateArithmetic();
    void largeDatasetLoadsInTheBackground();
    void editsAreWrittenInOrderAndSurviveThePage();
    void unwritableSidecarIsReported();
    void cleanupTestCase();

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }
    void grab(const QString &name) const;
    DialoguesPage *page() const { return m_window->dialoguesPage(); }
    DialogueBrowser *browser() const { return page()->browser(); }
    TeacherRunPanel *panel() const { return page()->runPanel(); }
    TeacherSettingsForm *form() const { return page()->settingsForm(); }
    void runAndWait(bool expectEstimate, bool send);
    void waitLoaded();
    QStringList visibleKeys() const;
    void useEndpoint(const QString &baseUrl);

    QTemporaryDir m_dir;
    QString m_ws;
    QString m_selection;
    QString m_offlineOut;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<test::FakeChatServer> m_server;
    QStringList m_catalogTitles; // from the offline records: titles that match the catalog
    QString m_flaggedKey, m_deletedKey, m_deletedQuery;
    QString m_large; // the generated dataset
};

void TestDialoguesPage::grab(const QString &name) const
{
    test::saveGuiGrab(*m_window, QStringLiteral("dialogues-") + name);
}

void TestDialoguesPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, file(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("crsw-test"));
    QCoreApplication::setApplicationName(QStringLiteral("dialogues"));
    qputenv("XDG_DATA_HOME", file(QStringLiteral("xdg-data")).toUtf8());
    qputenv("XDG_CONFIG_HOME", file(QStringLiteral("xdg-config")).toUtf8()); // the price table
    qputenv("CRSW_API_KEY", kApiKey);

    // A demo workspace with small embeddings and a selection, through the core.
    m_ws = file(QStringLiteral("ws"));
    Progress progress;
    const Workspace workspace = createOrOpenDemoWorkspace(m_ws.toStdString(), progress);
    EmbedOptions embed;
    embed.reviews.dimension = 16;
    embed.items.dimension = 8;
    embed.users.rank = 8;
    embedWorkspace(workspace, embed, progress);
    SelectStageOptions select;
    select.strategy = SelectionStrategy::Fisher;
    select.params.budget = kBudget;
    m_selection = QString::fromStdString(selectWorkspace(workspace, select, progress).path);
    QVERIFY(QFile::exists(m_selection));

    m_server = std::make_unique<test::FakeChatServer>([this] {
        test::FakeChatServerOptions options;
        options.latencyMs = 20;
        // Prompt 2 gets 18 catalog titles and 2 made up; prompt 1 a JSON list of 3 queries.
        options.answer = [this](const std::string &prompt) -> std::string {
            if (prompt.find("Pretend you are a movie recommender system") != std::string::npos) {
                std::string text;
                for (int i = 0; i < 18; ++i)
                    text += std::to_string(i + 1) + ". " + m_catalogTitles.value(i).toStdString() + "\n";
                return text + "19. " + kMadeUp1 + "\n20. " + kMadeUp2 + "\n";
            }
            const std::string tag = std::to_string(std::hash<std::string>()(prompt) % 1000);
            return "[\"A lighthouse mystery with fog " + tag + "\", \"Quiet space opera for tonight " + tag
                   + "\", \"Something warm about a bakery " + tag + "\"]";
        };
        return options;
    }());
    QVERIFY(m_server->start());

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showPage(QStringLiteral("Teacher & Dialogues")));
    QCOMPARE(m_window->currentPageId(), QStringLiteral("dialogues"));
    QSignalSpy changed(m_window->workspaceController(), &WorkspaceController::workspaceChanged);
    m_window->workspaceController()->openWorkspace(m_ws);
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, kJobTimeoutMs);
}

void TestDialoguesPage::offlineIsTheDefault()
{
    auto *offline = form()->findChild<QRadioButton *>(QStringLiteral("offlineTeacher"));
    QVERIFY(offline);
    QCOMPARE(offline->text(), QStringLiteral("Offline synthesizer (template-based, no LLM)"));
    QVERIFY(offline->isChecked()); // no endpoint has been set
    QVERIFY(form()->settings().offline);
    QVERIFY(!form()->findChild<QAbstractButton *>(QStringLiteral("testConnection"))->isEnabled());
    // The selection made above is listed and chosen; the output is named after it.
    QCOMPARE(panel()->selectionPath(), QFileInfo(m_selection).absoluteFilePath());
    QVERIFY2(panel()->outputPath().endsWith(QStringLiteral("/FISHER_B6_seed0.offline.jsonl")), qPrintable(panel()->outputPath()));
    QVERIFY(panel()->outputPath().startsWith(m_ws + QStringLiteral("/synthetic/")));
}

void TestDialoguesPage::keyIsMaskedAndNeverSaved()
{
    const QString masked = QString::fromStdString(maskedKey(kApiKey));
    QVERIFY(form()->keyText().contains(masked));
    QVERIFY(form()->keyText().contains(QStringLiteral("CRSW_API_KEY")));
    QVERIFY(!form()->keyText().contains(QString::fromLatin1(kApiKey)));
    auto *session = form()->findChild<QLineEdit *>(QStringLiteral("sessionKey"));
    QCOMPARE(session->echoMode(), QLineEdit::Password);
    form()->findChild<QRadioButton *>(QStringLiteral("endpointTeacher"))->setChecked(true);
    session->setText(QString::fromLatin1(kSessionKey));
    QVERIFY(form()->keyText().contains(QStringLiteral("this session")));
    QVERIFY(!form()->keyText().contains(QString::fromLatin1(kSessionKey)));
    QCOMPARE(form()->effectiveKey(), QString::fromLatin1(kSessionKey));
    QSettings().sync();
    const QByteArray saved = readAll(file(QStringLiteral("settings/crsw-test/dialogues.ini")));
    QVERIFY2(!saved.isEmpty(), "the settings were not saved");
    QVERIFY(saved.contains("offline=false"));
    QVERIFY(!saved.contains(kSessionKey));
    QVERIFY(!saved.contains(kApiKey));
    session->clear();
    form()->findChild<QRadioButton *>(QStringLiteral("offlineTeacher"))->setChecked(true);
    QVERIFY(form()->settings().offline);
}

void TestDialoguesPage::waitLoaded()
{
    QTRY_VERIFY_WITH_TIMEOUT(!browser()->isBusy(), kJobTimeoutMs);
}

void TestDialoguesPage::runAndWait(bool expectEstimate, bool send)
{
    QSignalSpy finished(panel(), &TeacherRunPanel::runFinished);
    QSignalSpy estimate(panel()->job(), &TeacherRunJob::estimateReady);
    QSignalSpy loaded(browser(), &DialogueBrowser::loaded);
    const std::size_t sentBefore = m_server->log().size();
    auto *run = panel()->findChild<QAbstractButton *>(QStringLiteral("runSynthesis"));
    QVERIFY(run->isEnabled());
    run->click();
    QVERIFY(panel()->isRunning());
    QVERIFY(!run->isEnabled());
    if (expectEstimate) {
        QTRY_VERIFY_WITH_TIMEOUT(estimate.count() == 1, kJobTimeoutMs);
        QVERIFY(panel()->job()->isWaitingForConfirmation());
        QVERIFY(!panel()->estimateText().isEmpty());
        QTest::qWait(300);
        QCOMPARE(m_server->log().size(), sentBefore); // nothing sent before the answer
        panel()->findChild<QAbstractButton *>(send ? QStringLiteral("sendRequests") : QStringLiteral("dontSendRequests"))->click();
    }
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(panel()->summaryText()));
    QCOMPARE(estimate.count(), expectEstimate ? 1 : 0);
    if (send)
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, kJobTimeoutMs);
    waitLoaded();
}

QStringList TestDialoguesPage::visibleKeys() const
{
    QStringList keys;
    const QAbstractItemModel *model = browser()->table()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        keys << model->index(row, 0).data(DialogueRecordModel::KeyRole).toString();
    return keys;
}

void TestDialoguesPage::runsOfflineSynthesizer()
{
    m_offlineOut = panel()->outputPath();
    QVERIFY(!QFile::exists(m_offlineOut));
    runAndWait(false, true);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(panel()->summaryText().contains(QStringLiteral("30 records written, 0 already there")),
             qPrintable(panel()->summaryText()));
    QCOMPARE(lineCount(m_offlineOut), int(kBudget) * 5);
    QCOMPARE(browser()->datasetPath(), m_offlineOut);
    QCOMPARE(panel()->findChild<QAbstractButton *>(QStringLiteral("runSynthesis"))->text(), QStringLiteral("Resume"));
    grab(QStringLiteral("offline"));
}

void TestDialoguesPage::browserShowsRecordsWithMarks()
{
    const SynthRecordFile file = readSynthRecords(m_offlineOut.toStdString());
    QCOMPARE(browser()->model()->rowCount(), int(file.records.size()));
    QCOMPARE(browser()->table()->model()->rowCount(), int(file.records.size()));
    QVERIFY(browser()->corpus());
    for (const SynthRecord &r : file.records)
        for (const SynthTitle &t : r.groundTruth)
            if (t.asin && !m_catalogTitles.contains(QString::fromStdString(t.title)))
                m_catalogTitles << QString::fromStdString(t.title);
    QVERIFY(m_catalogTitles.size() >= 18);
    // The offline ground truth comes from the catalog: every row is 20/20.
    const QModelIndex matched = browser()->model()->index(0, DialogueRecordModel::MatchedColumn);
    QCOMPARE(matched.data().toString(), QStringLiteral("20/20"));
    // The first record is shown in full, with its seed reviews and item.
    const SynthRecord &first = *browser()->model()->record(
        browser()->filter()->mapToSource(browser()->table()->currentIndex()).row());
    QCOMPARE(browser()->details()->shownKey(), QString::fromStdString(first.key));
    const QString text = browser()->details()->toPlainText();
    QVERIFY(text.contains(QString::fromStdString(first.query)));
    QVERIFY(text.contains(QStringLiteral("20 of 20 titles matched")));
    QVERIFY(text.contains(QChar(0x2713)));   // ✓ on matched titles
    QVERIFY(!text.contains(QChar(0x2717)));  // no ✗
    QVERIFY(text.contains(QStringLiteral("Seed reviews")));
    QVERIFY(text.contains(QStringLiteral("selected review")));
    QVERIFY(text.contains(QString::fromStdString(first.itemTitle)));
    QVERIFY(text.contains(QStringLiteral("Response (raw)")));
}

void TestDialoguesPage::searchAndFiltersNarrow()
{
    QAbstractItemModel *view = browser()->table()->model();
    const int all = view->rowCount();
    // A search for one record's whole query finds that record (and its like only).
    const SynthRecord *r = browser()->model()->record(7);
    QVERIFY(r);
    browser()->searchField()->setText(QString::fromStdString(r->query));
    QVERIFY(view->rowCount() >= 1);
    QVERIFY(view->rowCount() < all);
    QVERIFY(visibleKeys().contains(QString::fromStdString(r->key)));
    // Titles are searched too.
    browser()->searchField()->setText(QString::fromStdString(r->groundTruth.back().title));
    QVERIFY(visibleKeys().contains(QString::fromStdString(r->key)));
    browser()->searchField()->setText(QStringLiteral("no query has these words xyzzy"));
    QCOMPARE(view->rowCount(), 0);
    browser()->searchField()->clear();
    QCOMPARE(view->rowCount(), all);

    // One step of the selection: the pick's 5 queries.
    browser()->stepBox()->setValue(int(r->step));
    QCOMPARE(view->rowCount(), 5);
    for (int row = 0; row < view->rowCount(); ++row)
        QCOMPARE(view->index(row, 0).data(DialogueRecordModel::StepRole).toULongLong(), qulonglong(r->step));
    browser()->stepBox()->setValue(-1);
    QCOMPARE(view->rowCount(), all);

    // Strategy: FISHER is listed and keeps all; matched-only keeps all offline records; hallucinated none.
    QComboBox *strategy = browser()->strategyBox();
    QVERIFY(strategy->findData(QStringLiteral("FISHER")) > 0);
    strategy->setCurrentIndex(strategy->findData(QStringLiteral("FISHER")));
    QCOMPARE(view->rowCount(), all);
    strategy->setCurrentIndex(0);
    QComboBox *kind = browser()->kindBox();
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::MatchedOnly)));
    QCOMPARE(view->rowCount(), all);
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::Hallucinated)));
    QCOMPARE(view->rowCount(), 0);
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::Flagged)));
    QCOMPARE(view->rowCount(), 0);
    kind->setCurrentIndex(0);
    QCOMPARE(view->rowCount(), all);
}

void TestDialoguesPage::flagAndDeletePersist()
{
    const QByteArray outBefore = readAll(m_offlineOut);
    const SynthRecord *flag = browser()->model()->record(2);
    const SynthRecord *del = browser()->model()->record(4);
    m_flaggedKey = QString::fromStdString(flag->key);
    m_deletedKey = QString::fromStdString(del->key);
    m_deletedQuery = QString::fromStdString(del->query);

    QVERIFY(browser()->selectKey(m_flaggedKey));
    auto *flagButton = browser()->findChild<QAbstractButton *>(QStringLiteral("flagRecord"));
    QCOMPARE(flagButton->text(), QStringLiteral("Flag"));
    flagButton->click();
    QCOMPARE(flagButton->text(), QStringLiteral("Unflag"));
    QVERIFY(browser()->details()->toPlainText().contains(QStringLiteral("FLAGGED")));
    QVERIFY(browser()->selectKey(m_deletedKey));
    browser()->findChild<QAbstractButton *>(QStringLiteral("deleteRecord"))->click();
    QCOMPARE(browser()->findChild<QAbstractButton *>(QStringLiteral("deleteRecord"))->text(), QStringLiteral("Restore"));
    QVERIFY(browser()->statusText().contains(QStringLiteral("1 flagged · 1 deleted")));

    // In the sidecar once the edits writer (a worker) has it; OUT itself untouched.
    const auto sidecarHasBoth = [this] {
        const SynthRecordEdits edits = SynthRecordEdits::load(m_offlineOut.toStdString());
        return edits.flagged() == std::set<std::string>{m_flaggedKey.toStdString()}
               && edits.deleted() == std::set<std::string>{m_deletedKey.toStdString()};
    };
    QTRY_VERIFY_WITH_TIMEOUT(sidecarHasBoth(), kJobTimeoutMs);
    QCOMPARE(readAll(m_offlineOut), outBefore);

    QComboBox *kind = browser()->kindBox();
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::Flagged)));
    QCOMPARE(visibleKeys(), QStringList{m_flaggedKey});
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::Deleted)));
    QCOMPARE(visibleKeys(), QStringList{m_deletedKey});
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::Kept)));
    QCOMPARE(browser()->table()->model()->rowCount(), browser()->model()->rowCount() - 1);
    QVERIFY(!visibleKeys().contains(m_deletedKey));
    kind->setCurrentIndex(0);
    grab(QStringLiteral("edits"));

    // Reopening the workspace reads them back.
    QSignalSpy changed(m_window->workspaceController(), &WorkspaceController::workspaceChanged);
    m_window->workspaceController()->openWorkspace(m_ws);
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() == 1, kJobTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(browser()->model()->rowCount() == int(kBudget) * 5, kJobTimeoutMs);
    waitLoaded();
    QCOMPARE(browser()->datasetPath(), m_offlineOut);
    QVERIFY(browser()->model()->edits().isFlagged(m_flaggedKey.toStdString()));
    QVERIFY(browser()->model()->edits().isDeleted(m_deletedKey.toStdString()));
    QVERIFY(browser()->selectKey(m_deletedKey));
    QVERIFY(browser()->details()->toPlainText().contains(QStringLiteral("DELETED")));
}

void TestDialoguesPage::resumeKeepsDeletedRecordsOut()
{
    QCOMPARE(panel()->outputPath(), m_offlineOut);
    runAndWait(false, true);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(panel()->summaryText().contains(QStringLiteral("0 records written, 30 already there")),
             qPrintable(panel()->summaryText()));
    QCOMPARE(lineCount(m_offlineOut), int(kBudget) * 5);
    QVERIFY(SynthRecordEdits::load(m_offlineOut.toStdString()).isDeleted(m_deletedKey.toStdString()));
    QVERIFY(browser()->model()->edits().isDeleted(m_deletedKey.toStdString()));
}

void TestDialoguesPage::exportsLeaveDeletedOut()
{
    const int kept = int(kBudget) * 5 - 1;
    QSignalSpy exported(browser(), &DialogueBrowser::exported);
    QSignalSpy failed(browser(), &DialogueBrowser::failed);
    const QString chat = file(QStringLiteral("exports/chat.jsonl"));
    QDir().mkpath(file(QStringLiteral("exports")));
    browser()->exportChat(chat);
    QTRY_VERIFY_WITH_TIMEOUT(exported.count() + failed.count() == 1, kJobTimeoutMs);
    browser()->exportHe(file(QStringLiteral("exports/he")));
    QTRY_VERIFY_WITH_TIMEOUT(exported.count() + failed.count() == 2, kJobTimeoutMs);
    browser()->exportCsv(file(QStringLiteral("exports/out.csv")));
    QTRY_VERIFY_WITH_TIMEOUT(exported.count() + failed.count() == 3, kJobTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));

    QCOMPARE(lineCount(chat), kept);
    const nlohmann::json line = nlohmann::json::parse(readAll(chat).split('\n').front().toStdString());
    QCOMPARE(line.at("messages").size(), std::size_t(2));
    QCOMPARE(line.at("messages")[1].at("role").get<std::string>(), std::string("assistant"));
    QVERIFY(!readAll(chat).contains(m_deletedQuery.toUtf8()));
    QCOMPARE(lineCount(file(QStringLiteral("exports/he/test.jsonl"))), kept);
    QVERIFY(!readAll(file(QStringLiteral("exports/he/test.jsonl"))).contains(m_deletedKey.toUtf8()));
    QVERIFY(QFile::exists(file(QStringLiteral("exports/he/entity2id.json"))));
    QCOMPARE(lineCount(file(QStringLiteral("exports/out.csv"))), kept + 1);
    QVERIFY(!readAll(file(QStringLiteral("exports/out.csv"))).contains(m_deletedKey.toUtf8()));
    QVERIFY(readAll(file(QStringLiteral("exports/out.csv"))).contains(m_flaggedKey.toUtf8()));
}

void TestDialoguesPage::useEndpoint(const QString &baseUrl)
{
    TeacherSettings settings = form()->settings();
    settings.offline = false;
    settings.baseUrl = baseUrl;
    settings.model = QStringLiteral("gpt-4o-mini");
    settings.concurrency = 4;
    settings.timeoutSeconds = 10;
    form()->setSettings(settings);
}

void TestDialoguesPage::testConnectionOk()
{
    useEndpoint(QString::fromStdString(m_server->baseUrl()));
    QSignalSpy tested(form(), &TeacherSettingsForm::connectionTested);
    auto *button = form()->findChild<QAbstractButton *>(QStringLiteral("testConnection"));
    QVERIFY(button->isEnabled());
    button->click();
    QTRY_VERIFY_WITH_TIMEOUT(tested.count() == 1, 30000);
    QVERIFY2(tested.at(0).at(0).toBool(), qPrintable(form()->connectionText()));
    QVERIFY2(form()->connectionText().startsWith(QStringLiteral("OK in ")), qPrintable(form()->connectionText()));
    QVERIFY(form()->connectionText().contains(QStringLiteral("gpt-4o-mini")));
    QVERIFY(form()->connectionText().contains(QStringLiteral("lighthouse"))); // the fake server's answer
    QVERIFY(form()->lastLatencyMs() >= 0);
    // The key was sent as a bearer token.
    QCOMPARE(m_server->log().back().authorization, std::string("Bearer ") + kApiKey);
}

void TestDialoguesPage::testConnectionRefused()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    const QString working = form()->settings().baseUrl;
    useEndpoint(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
    QSignalSpy tested(form(), &TeacherSettingsForm::connectionTested);
    form()->testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(tested.count() == 1, 30000);
    QVERIFY(!tested.at(0).at(0).toBool());
    QVERIFY2(form()->connectionText().startsWith(QStringLiteral("Failed after ")), qPrintable(form()->connectionText()));
    QVERIFY2(form()->connectionText().size() > QStringLiteral("Failed after 1 ms: ").size() + 5,
             qPrintable(form()->connectionText()));
    useEndpoint(working);
    // The failure was about another endpoint: it is no longer shown.
    QVERIFY(form()->connectionText().isEmpty());
    QCOMPARE(form()->lastLatencyMs(), qint64(-1));
    form()->testConnection(); // measure the working one again for the estimate
    QTRY_VERIFY_WITH_TIMEOUT(tested.count() == 2, 30000);
    QVERIFY2(tested.at(1).at(0).toBool(), qPrintable(form()->connectionText()));
}

void TestDialoguesPage::teacherRunNotSent()
{
    const std::size_t before = m_server->log().size();
    panel()->setOutputName(QStringLiteral("not-sent"));
    panel()->setLimit(2);
    runAndWait(true, false);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!QFile::exists(panel()->outputPath()) || lineCount(panel()->outputPath()) == 0);
    QCOMPARE(m_server->log().size(), before);
}

void TestDialoguesPage::teacherRunWithEstimateAndProgress()
{
    const std::size_t before = m_server->log().size();
    panel()->setOutputName(QStringLiteral("teacher-run"));
    panel()->setLimit(2);
    QSignalSpy stats(panel()->job(), &TeacherRunJob::statsChanged);
    QSignalSpy estimate(panel()->job(), &TeacherRunJob::estimateReady);
    QSignalSpy finished(panel(), &TeacherRunPanel::runFinished);
    panel()->run();
    QTRY_VERIFY_WITH_TIMEOUT(estimate.count() == 1, kJobTimeoutMs);
    const TeacherEstimate e = estimate.at(0).at(0).value<TeacherEstimate>();
    QCOMPARE(e.queryRequests, std::size_t(2));
    QVERIFY(e.recommendRequests >= 2);
    QVERIFY(e.cost.promptTokens > 0);
    QVERIFY(e.cost.usd > 0); // gpt-4o-mini is in the default price table
    QVERIFY(e.seconds > 0);
    QVERIFY(e.latencyMeasured); // from the connection test
    const QString text = panel()->estimateText();
    QVERIFY2(text.contains(QStringLiteral("2 for queries")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("$")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("About ")), qPrintable(text));
    grab(QStringLiteral("estimate"));
    QCOMPARE(m_server->log().size(), before);
    panel()->confirmEstimate(true);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, kJobTimeoutMs);
    QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(panel()->summaryText()));
    QVERIFY(stats.count() >= 1);
    // 2 query requests, then 3 queries each for prompt 2.
    QVERIFY2(panel()->statsText().startsWith(QStringLiteral("8/8 requests")), qPrintable(panel()->statsText()));
    QVERIFY2(panel()->statsText().contains(QStringLiteral("0 failed")), qPrintable(panel()->statsText()));
    QVERIFY2(panel()->statsText().contains(QStringLiteral("136 tokens")), qPrintable(panel()->statsText())); // 8 x 17
    QVERIFY2(panel()->summaryText().contains(QStringLiteral("6 records written")), qPrintable(panel()->summaryText()));
    QCOMPARE(m_server->log().size() - before, std::size_t(8));

    QTRY_COMPARE_WITH_TIMEOUT(browser()->datasetPath(), panel()->outputPath(), kJobTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(browser()->model()->rowCount(), 6, kJobTimeoutMs);
    waitLoaded();
    QCOMPARE(browser()->model()->index(0, DialogueRecordModel::MatchedColumn).data().toString(), QStringLiteral("18/20"));
    QComboBox *kind = browser()->kindBox();
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::Hallucinated)));
    QCOMPARE(browser()->table()->model()->rowCount(), 6);
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::MatchedOnly)));
    QCOMPARE(browser()->table()->model()->rowCount(), 0);
    kind->setCurrentIndex(0);
    browser()->searchField()->setText(QStringLiteral("lighthouse"));
    QCOMPARE(browser()->table()->model()->rowCount(), 2);
    browser()->searchField()->clear();
    browser()->table()->selectRow(0);
    const QString details = browser()->details()->toPlainText();
    QVERIFY(details.contains(QStringLiteral("18 of 20 titles matched")));
    QVERIFY(details.contains(QChar(0x2717))); // ✗ on the made-up titles
    QVERIFY(details.contains(QString::fromLatin1(kMadeUp1)));
    QVERIFY(details.contains(QStringLiteral("no catalog match")));
    QVERIFY(details.contains(QStringLiteral("Pretend you are a movie recommender system"))); // prompt 2 as sent
    QVERIFY(details.contains(QStringLiteral("19. ") + QString::fromLatin1(kMadeUp1)));    // its raw answer
    QVERIFY(details.contains(QStringLiteral("gpt-4o-mini")));
    grab(QStringLiteral("teacher"));
}

void TestDialoguesPage::cancelAtTheEstimate()
{
    const std::size_t before = m_server->log().size();
    panel()->setOutputName(QStringLiteral("cancelled"));
    panel()->setLimit(1);
    QSignalSpy estimate(panel()->job(), &TeacherRunJob::estimateReady);
    QSignalSpy finished(panel(), &TeacherRunPanel::runFinished);
    panel()->run();
    QTRY_VERIFY_WITH_TIMEOUT(estimate.count() == 1, kJobTimeoutMs);
    auto *cancel = panel()->findChild<QAbstractButton *>(QStringLiteral("cancelSynthesis"));
    QVERIFY(cancel->isEnabled());
    cancel->click();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000); // the waiting worker notices the cancel
    QVERIFY(!finished.at(0).at(1).toBool());
    QVERIFY(!panel()->isRunning());
    QVERIFY(panel()->estimateText().isEmpty());
    QCOMPARE(m_server->log().size(), before);
    QVERIFY(panel()->findChild<QAbstractButton *>(QStringLiteral("runSynthesis"))->isEnabled());
}

void TestDialoguesPage::estimateArithmetic()
{
    // 3 prompt-1 and 10 prompt-2 requests of 60 max tokens; 1 s measured round
    // trip + 60 tokens at 60 tokens/s = 2 s an answer; concurrency 2, 60 per minute:
    // phase 1 max(3 x 2 / 2, 3 x 1) = 3 s, phase 2 max(10 x 2 / 2, 10 x 1) = 10 s.
    SynthTeacherPreview preview;
    ChatParams params;
    params.model = "gpt-4o-mini";
    params.maxTokens = 60;
    for (int i = 0; i < 3; ++i)
        preview.queryRequests.push_back({"q" + std::to_string(i), {{"user", std::string(400, 'x')}}, params});
    for (int i = 0; i < 10; ++i)
        preview.recommendRequests.push_back({"r" + std::to_string(i), {{"user", std::string(40, 'y')}}, params});
    preview.projectedRecommendRequests = 10;
    TeacherSettings settings;
    settings.concurrency = 2;
    settings.requestsPerMinute = 60;
    const PriceTable prices = PriceTable::defaults();
    const TeacherEstimate e = TeacherEstimate::make(preview, settings, prices, 1000);
    QCOMPARE(e.requests(), std::size_t(13));
    QCOMPARE(e.projected, std::size_t(10));
    QCOMPARE(e.cost.completionTokens, std::int64_t(13 * 60));
    std::vector<ChatRequest> all = preview.queryRequests;
    all.insert(all.end(), preview.recommendRequests.begin(), preview.recommendRequests.end());
    QCOMPARE(e.cost.usd, estimateCost(all, prices).usd);
    QVERIFY(e.cost.usd > 0);
    QCOMPARE(e.secondsPerAnswer, 2.0);
    QCOMPARE(e.seconds, 13.0);
    // Without a rate limit and with 4 in flight: (3 + 10) x 2 / 4 = 6.5 s.
    settings.requestsPerMinute = 0;
    settings.concurrency = 4;
    QCOMPARE(TeacherEstimate::make(preview, settings, prices, 1000).seconds, 6.5);
    QVERIFY(TeacherEstimate::make(preview, settings, prices, 1000).text().contains(QStringLiteral("of which 10 projected")));
    QVERIFY(!TeacherEstimate::make(preview, settings, prices, -1).latencyMeasured);
}

void TestDialoguesPage::largeDatasetLoadsInTheBackground()
{
    const SynthRecordFile offline = readSynthRecords(m_offlineOut.toStdString());
    QVERIFY(!offline.records.empty());
    m_large = m_ws + QStringLiteral("/synthetic/large.jsonl");
    writeLargeDataset(m_large, offline.records.front(), kLarge);
    if (QTest::currentTestFailed())
        return;
    browser()->setDatasetPath(m_offlineOut);
    waitLoaded();
    QCOMPARE(browser()->model()->rowCount(), int(kBudget) * 5);

    QObject listening; // ends the connections below with this function
    QStringList statuses;
    connect(browser(), &DialogueBrowser::statusChanged, &listening, [&statuses](const QString &text) { statuses << text; });
    QList<int> resets; // the model's rows after each reset
    connect(browser()->model(), &QAbstractItemModel::modelReset, &listening,
            [this, &resets] { resets << browser()->model()->rowCount(); });
    QSignalSpy loaded(browser(), &DialogueBrowser::loaded);

    // The call returns at once: reading and indexing happen on a worker, and
    // the model changes only when the GUI thread gets the finished index.
    browser()->setDatasetPath(m_large);
    QVERIFY(browser()->isBusy());
    QVERIFY(browser()->model()->outPath() != m_large);
    QCOMPARE(browser()->model()->rowCount(), int(kBudget) * 5);
    QVERIFY2(browser()->statusText().contains(QStringLiteral("large.jsonl")), qPrintable(browser()->statusText()));
    // Meanwhile the page works on what it shows.
    browser()->searchField()->setText(QStringLiteral("no query has these words xyzzy"));
    QCOMPARE(browser()->table()->model()->rowCount(), 0);
    browser()->searchField()->clear();
    QCOMPARE(browser()->table()->model()->rowCount(), int(kBudget) * 5);

    // A newer load supersedes it: the large records never reach the model.
    browser()->setDatasetPath(m_offlineOut);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, kJobTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->jobRunner()->runningCount(), 0, kJobTimeoutMs);
    QCoreApplication::processEvents(); // whatever the cancelled load returned is delivered (and dropped) by now
    QVERIFY(loaded.at(0).at(0).toBool());
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(browser()->model()->outPath(), m_offlineOut);
    QCOMPARE(browser()->model()->rowCount(), int(kBudget) * 5);
    QVERIFY2(!resets.contains(kLarge), qPrintable(QString::number(resets.size())));
    QVERIFY(!browser()->isBusy());

    // Now to the end, with its progress in the status line.
    resets.clear();
    statuses.clear();
    browser()->setDatasetPath(m_large);
    QVERIFY(browser()->model()->outPath() != m_large);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 2, kJobTimeoutMs);
    QVERIFY(loaded.at(1).at(0).toBool());
    QVERIFY(!browser()->isBusy());
    const QLocale locale;
    const QString indexing = QStringLiteral("Indexing %1 records…").arg(locale.toString(kLarge));
    QVERIFY2(std::any_of(statuses.begin(), statuses.end(), [&](const QString &s) { return s.startsWith(indexing); }),
             qPrintable(statuses.join(QStringLiteral(" | "))));
    QCOMPARE(resets, QList<int>{kLarge}); // one reset, straight to the full dataset
    QCOMPARE(browser()->model()->rowCount(), kLarge);
    QCOMPARE(browser()->table()->model()->rowCount(), kLarge);
    const QString figures = QStringLiteral("%1 records · 0 flagged · 0 deleted · hallucination rate %2%")
                                .arg(locale.toString(kLarge), locale.toString(1.0, 'f', 1));
    QVERIFY2(browser()->statusText().startsWith(figures), qPrintable(browser()->statusText()));
    QVERIFY(browser()->strategyBox()->findData(QStringLiteral("FISHER")) > 0);
    QVERIFY(browser()->strategyBox()->findData(QStringLiteral("JS")) > 0);
    QComboBox *kind = browser()->kindBox();
    kind->setCurrentIndex(kind->findData(int(DialogueFilterModel::Kind::Hallucinated)));
    QCOMPARE(browser()->table()->model()->rowCount(), kLargeHallucinated);
    kind->setCurrentIndex(0);
    browser()->strategyBox()->setCurrentIndex(browser()->strategyBox()->findData(QStringLiteral("JS")));
    QCOMPARE(browser()->table()->model()->rowCount(), kLarge / 2);
    browser()->strategyBox()->setCurrentIndex(0);
    browser()->searchField()->setText(largeToken(12345).toUpper()); // the index is case-folded
    QCOMPARE(visibleKeys(), QStringList{largeKey(12345)});
    browser()->searchField()->clear();
    QCOMPARE(browser()->table()->model()->rowCount(), kLarge);
    grab(QStringLiteral("large"));
}

void TestDialoguesPage::editsAreWrittenInOrderAndSurviveThePage()
{
    QVERIFY(!m_large.isEmpty());
    // A page of its own, destroyed below with its edits just made.
    auto runner = std::make_unique<JobRunner>();
    auto page = std::make_unique<DialoguesPage>(runner.get());
    page->resize(1200, 800);
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    page->setWorkspace(m_window->workspaceController()->workspace());
    DialogueBrowser *b = page->browser();
    QSignalSpy loaded(b, &DialogueBrowser::loaded);
    b->setDatasetPath(m_large);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1 && !b->isBusy(), kJobTimeoutMs);
    QCOMPARE(b->model()->rowCount(), kLarge);
    auto *saver = b->findChild<DialogueEditsSaver *>();
    QVERIFY(saver);
    QSignalSpy saved(saver, &DialogueEditsSaver::saved);
    QSignalSpy failed(b, &DialogueBrowser::failed);

    // Edits whose result depends on their order: flag 0..99, unflag the even
    // ones, delete 100..119, restore 100..109; the last multi-row edit flags 200..204.
    int edits = 0;
    const auto edit = [&](int i, bool flag, bool on) {
        QVERIFY(b->selectKey(largeKey(i)));
        QCOMPARE(flag ? b->flagSelected(on) : b->deleteSelected(on), QString());
        ++edits;
    };
    for (int i = 0; i < 100; ++i)
        edit(i, true, true);
    for (int i = 0; i < 100; i += 2)
        edit(i, true, false);
    for (int i = 100; i < 120; ++i)
        edit(i, false, true);
    for (int i = 100; i < 110; ++i)
        edit(i, false, false);
    b->searchField()->setText(QStringLiteral("tok0002"));  // 200..299: sorted by step, 200..204 first
    QCOMPARE(b->table()->model()->rowCount(), 100);
    b->table()->selectionModel()->select(
        QItemSelection(b->table()->model()->index(0, 0), b->table()->model()->index(4, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(b->flagSelected(true), QString());
    ++edits;
    b->searchField()->clear();
    if (QTest::currentTestFailed())
        return;
    std::set<std::string> flagged, deleted;
    for (int i = 1; i < 100; i += 2)
        flagged.insert(largeKey(i).toStdString());
    for (int i = 200; i < 205; ++i)
        flagged.insert(largeKey(i).toStdString());
    for (int i = 110; i < 120; ++i)
        deleted.insert(largeKey(i).toStdString());
    // Shown at once, from memory.
    QCOMPARE(b->model()->edits().flagged(), flagged);
    QCOMPARE(b->model()->edits().deleted(), deleted);
    QVERIFY2(b->statusText().contains(QStringLiteral("55 flagged · 10 deleted")), qPrintable(b->statusText()));

    // Gone with its last edits perhaps still queued: they are written first.
    runner->shutdown();
    page.reset();
    runner.reset();
    const SynthRecordEdits onDisk = SynthRecordEdits::load(m_large.toStdString());
    QCOMPARE(onDisk.flagged(), flagged);
    QCOMPARE(onDisk.deleted(), deleted);
    QVERIFY(failed.isEmpty());
    // Written in the order made: tickets only grow, and the last edit's snapshot was written.
    QVERIFY(!saved.isEmpty());
    quint64 previous = 0;
    for (const QList<QVariant> &args : saved) {
        QCOMPARE(args.at(0).toString(), QString::fromStdString(SynthRecordEdits::sidecarPath(m_large.toStdString())));
        QVERIFY(args.at(1).toULongLong() > previous);
        previous = args.at(1).toULongLong();
    }
    QCOMPARE(previous, quint64(edits));

    // The main window's browser reads them back.
    QSignalSpy reloaded(browser(), &DialogueBrowser::loaded);
    browser()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() == 1, kJobTimeoutMs);
    QCOMPARE(browser()->model()->edits().flagged(), flagged);
    QCOMPARE(browser()->model()->edits().deleted(), deleted);
}

void TestDialoguesPage::unwritableSidecarIsReported()
{
    // (1) The sidecar's path is taken by a folder: its rename fails, for root too.
    // (2) The dataset lies in a read-only folder: no temporary file (skipped as root,
    //     whom permissions do not stop).
    struct Case {
        QString out;
        bool skip;
    };
    QList<Case> cases;
    const QString blocked = m_ws + QStringLiteral("/synthetic/blocked.jsonl");
    QVERIFY(QFile::copy(m_offlineOut, blocked));
    QVERIFY(QDir().mkpath(QString::fromStdString(SynthRecordEdits::sidecarPath(blocked.toStdString()))));
    cases.append({blocked, false});
    const QString readOnlyDir = file(QStringLiteral("read-only"));
    QVERIFY(QDir().mkpath(readOnlyDir));
    const QString readOnly = readOnlyDir + QStringLiteral("/dataset.jsonl");
    QVERIFY(QFile::copy(m_offlineOut, readOnly));
    QVERIFY(QFile::setPermissions(readOnlyDir, QFile::ReadOwner | QFile::ExeOwner));
    const auto writable = qScopeGuard(
        [&] { QFile::setPermissions(readOnlyDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });
    cases.append({readOnly, ::geteuid() == 0});

    for (const Case &c : cases) {
        if (c.skip) {
            qInfo("skipped: a read-only folder does not stop root");
            continue;
        }
        const QString sidecar = QString::fromStdString(SynthRecordEdits::sidecarPath(c.out.toStdString()));
        QSignalSpy loaded(browser(), &DialogueBrowser::loaded);
        browser()->setDatasetPath(c.out);
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, kJobTimeoutMs);
        QCOMPARE(browser()->model()->rowCount(), int(kBudget) * 5);
        page()->banner()->clear();
        QSignalSpy failed(browser(), &DialogueBrowser::failed);
        const QString key = browser()->model()->index(3, 0).data(DialogueRecordModel::KeyRole).toString();
        QVERIFY(browser()->selectKey(key));
        QCOMPARE(browser()->flagSelected(true), QString()); // queued: the failure comes later
        QVERIFY(browser()->model()->edits().isFlagged(key.toStdString()));
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, kJobTimeoutMs);
        QVERIFY2(failed.at(0).at(0).toString().contains(sidecar), qPrintable(failed.at(0).at(0).toString()));
        QVERIFY2(page()->banner()->text().contains(sidecar), qPrintable(page()->banner()->text()));
        QCOMPARE(page()->banner()->kind(), MessageBanner::Kind::Error);
        // The flag stays shown, and the status line says it is not on disk.
        const QString notSaved = QStringLiteral("edits NOT saved to %1").arg(QFileInfo(sidecar).fileName());
        QVERIFY2(browser()->statusText().contains(notSaved), qPrintable(browser()->statusText()));
        grab(QStringLiteral("write-error"));
        if (c.out == blocked) {
            // Once the sidecar can be written, the next edit writes both, and the note goes.
            QVERIFY(QDir(sidecar).removeRecursively());
            const QString other = browser()->model()->index(4, 0).data(DialogueRecordModel::KeyRole).toString();
            QVERIFY(browser()->selectKey(other));
            QCOMPARE(browser()->flagSelected(true), QString());
            QTRY_VERIFY_WITH_TIMEOUT(!browser()->statusText().contains(notSaved), kJobTimeoutMs);
            const SynthRecordEdits onDisk = SynthRecordEdits::load(c.out.toStdString());
            QVERIFY(onDisk.isFlagged(key.toStdString()));
            QVERIFY(onDisk.isFlagged(other.toStdString()));

            // Failing again, then another dataset shown: the note does not follow it, and
            // the banner says the unsaved edits are gone.
            QVERIFY(QFile::remove(sidecar));
            QVERIFY(QDir().mkpath(sidecar));
            const QString third = browser()->model()->index(5, 0).data(DialogueRecordModel::KeyRole).toString();
            QVERIFY(browser()->selectKey(third));
            QCOMPARE(browser()->flagSelected(true), QString());
            QTRY_VERIFY_WITH_TIMEOUT(browser()->statusText().contains(notSaved), kJobTimeoutMs);
            QSignalSpy reloaded(browser(), &DialogueBrowser::loaded);
            browser()->setDatasetPath(m_offlineOut);
            QVERIFY2(page()->banner()->text().contains(QStringLiteral("are dropped")), qPrintable(page()->banner()->text()));
            QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() == 1, kJobTimeoutMs);
            QVERIFY2(!browser()->statusText().contains(QStringLiteral("NOT saved")), qPrintable(browser()->statusText()));
            QVERIFY(QDir(sidecar).removeRecursively());
        }
    }
}

void TestDialoguesPage::cleanupTestCase()
{
    m_window.reset();
    m_server.reset();
}

QTEST_MAIN(TestDialoguesPage)
#include "test_dialogues_page.moc"
