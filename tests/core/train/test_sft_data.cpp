// SFT data: chat JSONL reading and its errors, the assistant-only label mask
// (the pieces tokenized separately give the chat template's text), batches
// and data order, and the learning-rate schedules (transformers' values).
#include "common/error.h"
#include "model/tokenizer/tokenizer.h"
#include "train/chat_jsonl.h"
#include "train/lr_schedule.h"
#include "train/sft_batch.h"
#include "train/sft_example.h"

#include "test_files.h"
#include "test_paths.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace crsw;

namespace {

const std::string kLlama = std::string(CRSW_MODEL_GOLDEN_DIR) + "/decoders/llama";

std::vector<std::int64_t> labelled(const SftExample &example)
{
    std::vector<std::int64_t> ids;
    for (const std::int64_t label : example.labels)
        if (label != kIgnoreLabel)
            ids.push_back(label);
    return ids;
}

std::string decode(const Tokenizer &tokenizer, const std::vector<std::int64_t> &ids)
{
    return tokenizer.decode(std::vector<TokenId>(ids.begin(), ids.end()));
}

} // namespace

class TestSftData : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsTheFixture()
    {
        const auto conversations = readChatJsonl(test::fixture(QStringLiteral("train/chat_small.jsonl")).toStdString());
        QCOMPARE(conversations.size(), std::size_t(12));
        QCOMPARE(conversations[0].size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(conversations[3][0].role), QStringLiteral("system"));
        QCOMPARE(QString::fromStdString(conversations[4][3].content), QStringLiteral("1. Tombstone\n2. Shane"));
    }

    void badLinesNameTheField()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.jsonl"));
        test::writeBytes(path, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n\n"
                               "{\"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]}\n");
        try {
            readChatJsonl(path.toStdString());
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral(":3: messages[0].role")), e.what());
        }
    }

    void labelsMarkTheAssistantTurnsOnly()
    {
        const Tokenizer tokenizer = Tokenizer::fromFile(kLlama);
        const std::vector<ChatMessage> messages{{"user", "Recommend a western."},
                                                {"assistant", "1. Unforgiven\n2. High Noon"},
                                                {"user", "More?"},
                                                {"assistant", "1. Shane"}};
        SftTokenizeOptions options;
        const SftExample example = tokenizeForSft(tokenizer, ChatFormat::Llama3, messages, options);
        QCOMPARE(example.ids.size(), example.labels.size());
        QCOMPARE(QString::fromStdString(decode(tokenizer, labelled(example))),
                 QStringLiteral("1. Unforgiven\n2. High Noon<|eot_id|>1. Shane<|eot_id|>"));
        // The pieces add up to the template's whole text.
        ChatRenderOptions render;
        render.addGenerationPrompt = false;
        render.dateString = options.dateString;
        QCOMPARE(QString::fromStdString(decode(tokenizer, example.ids)),
                 QString::fromStdString(renderChat(ChatFormat::Llama3, messages, render)));
        QCOMPARE(example.ids.front(), std::int64_t(*tokenizer.tokenToId("<|begin_of_text|>")));

        options.maxTokens = 10;
        QCOMPARE(tokenizeForSft(tokenizer, ChatFormat::Llama3, messages, options).ids.size(), std::size_t(10));
        try {
            tokenizeForSft(tokenizer, ChatFormat::Llama3, {{"user", "hi"}});
            QFAIL("expected an error");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("no assistant turn")), e.what());
        }
    }

    void batchesPadRightAndCountLabels()
    {
        std::vector<SftExample> examples(2);
        examples[0].ids = {5, 6, 7};
        examples[0].labels = {kIgnoreLabel, 6, 7};
        examples[1].ids = {8, 9};
        examples[1].labels = {8, 9};
        const SftBatch batch = collate(examples, {1, 0}, 0);
        QCOMPARE(batch.ids.sizes().vec(), (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(batch.ids[0][2].item<std::int64_t>(), std::int64_t(0));
        QCOMPARE(batch.labels[0][2].item<std::int64_t>(), kIgnoreLabel);
        QCOMPARE(batch.tokens, std::int64_t(5));
        QCOMPARE(batch.labelledTokens, std::int64_t(3)); // position 0 is never predicted

        const auto order = epochOrder(50, 7, 0);
        QCOMPARE(std::set<std::size_t>(order.begin(), order.end()).size(), std::size_t(50));
        QVERIFY(order == epochOrder(50, 7, 0));
        QVERIFY(order != epochOrder(50, 7, 1));
        QVERIFY(order != epochOrder(50, 8, 0));
    }

    void schedulesMatchTransformers()
    {
        LrSchedule s;
        s.peak = 1.0;
        s.warmupSteps = 2;
        s.totalSteps = 10;
        QCOMPARE(s.at(0), 0.0);
        QCOMPARE(s.at(1), 0.5);
        QCOMPARE(s.at(2), 1.0);
        QCOMPARE(s.at(6), 0.5);
        QCOMPARE(s.at(10), 0.0);
        s.decay = LrSchedule::Decay::Cosine;
        QVERIFY(qAbs(s.at(4) - 0.5 * (1.0 + std::cos(M_PI * 0.25))) < 1e-12);
        QVERIFY(qAbs(s.at(6) - 0.5) < 1e-12);
        QVERIFY(qAbs(s.at(10)) < 1e-12);
        s.decay = LrSchedule::Decay::Constant;
        QCOMPARE(s.at(9), 1.0);
        QVERIFY(LrSchedule::parseDecay("cosine") == LrSchedule::Decay::Cosine);
    }
};

QTEST_GUILESS_MAIN(TestSftData)
#include "test_sft_data.moc"
