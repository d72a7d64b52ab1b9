// End to end against transformers: a conversation rendered with the Llama 3.2
// template, tokenized, generated greedily and decoded gives transformers'
// prompt ids, tokens and text (the "chat" records of decoders/llama/golden.json).
#include "common/error.h"
#include "model/language_model.h"
#include "model/tokenizer/tokenizer.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace crsw;

namespace {

const std::string kLlamaDir = std::string(CRSW_MODEL_GOLDEN_DIR) + "/decoders/llama";

nlohmann::json chatRecords()
{
    std::ifstream in(kLlamaDir + "/golden.json");
    return nlohmann::json::parse(in).at("chat");
}

std::vector<ChatMessage> messagesOf(const nlohmann::json &record)
{
    std::vector<ChatMessage> messages;
    for (const auto &m : record.at("messages"))
        messages.push_back({m.at("role").get<std::string>(), m.at("content").get<std::string>()});
    return messages;
}

ChatRenderOptions fixedDate()
{
    ChatRenderOptions render;
    render.dateString = "26 Jul 2024";
    return render;
}

} // namespace

class TestLanguageModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { m_model = std::make_unique<LanguageModel>(kLlamaDir); }

    void stopTokens()
    {
        QVERIFY(m_model->chatFormat() == ChatFormat::Llama3);
        // eos_token_id [901, 904] and <|eot_id|> (904) once.
        QCOMPARE(m_model->stopTokens(), (std::vector<std::int64_t>{901, 904}));
    }

    void chat()
    {
        const nlohmann::json records = chatRecords();
        QVERIFY(records.size() >= 3);
        GenerationOptions options;
        options.maxNewTokens = 16;
        Progress progress;
        std::vector<std::vector<ChatMessage>> conversations;
        std::vector<std::string> texts;
        for (const auto &record : records) {
            const auto messages = messagesOf(record);
            conversations.push_back(messages);
            texts.push_back(record.at("text").get<std::string>());
            QCOMPARE(m_model->chatPrompt(messages, fixedDate()),
                     record.at("prompt_ids").get<std::vector<std::int64_t>>());

            auto expected = record.at("generated_ids").get<std::vector<std::int64_t>>();
            const bool hfStopped = !expected.empty() && (expected.back() == 901 || expected.back() == 904);
            if (hfStopped)
                expected.pop_back(); // transformers keeps the eos token; GenerationResult does not
            options.stopTokens = m_model->stopTokens();
            const auto result = m_model->generate({m_model->chatPrompt(messages, fixedDate())}, options, progress);
            QCOMPARE(result.at(0).tokens, expected);
            QCOMPARE(result[0].stopped, hfStopped);

            options.stopTokens.clear(); // reply() fills in stopTokens()
            QCOMPARE(QString::fromStdString(m_model->reply({messages}, options, progress, fixedDate()).at(0)),
                     QString::fromStdString(texts.back()));
        }
        // All conversations as one left-padded batch: the same replies.
        const auto batch = m_model->reply(conversations, options, progress, fixedDate());
        QCOMPARE(batch.size(), texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i)
            QCOMPARE(QString::fromStdString(batch[i]), QString::fromStdString(texts[i]));
    }

    void badOptions()
    {
        LanguageModelOptions options;
        options.dtype = "int8";
        try {
            LanguageModel model(kLlamaDir, options);
            QFAIL("no error for dtype int8");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("dtype: unsupported 'int8'") != std::string::npos, e.what());
        }
        options.dtype = "float32";
        options.device = "tpu";
        try {
            LanguageModel model(kLlamaDir, options);
            QFAIL("no error for device tpu");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("device: unknown device 'tpu'") != std::string::npos, e.what());
        }
        // A folder without tokenizer.json.
        QVERIFY_THROWS_EXCEPTION(Error, LanguageModel(std::string(CRSW_MODEL_GOLDEN_DIR) + "/decoders/qwen2"));
    }

private:
    std::unique_ptr<LanguageModel> m_model;
};

QTEST_GUILESS_MAIN(TestLanguageModel)
#include "test_language_model.moc"
