// Chat formats against what transformers' apply_chat_template renders with the
// real Llama 3.2, Gemma 2 and Qwen2 templates (tests/golden/model/chat_formats.json,
// from make_decoder_goldens.py), including the cases where the template raises.
#include "common/error.h"
#include "model/chat_format.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace crsw;

namespace {

ChatFormat formatNamed(const std::string &name)
{
    if (name == "gemma2")
        return ChatFormat::Gemma2;
    if (name == "chatml")
        return ChatFormat::ChatML;
    return ChatFormat::Llama3;
}

} // namespace

class TestChatFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void golden_data()
    {
        QTest::addColumn<int>("index");
        std::ifstream in(std::string(CRSW_MODEL_GOLDEN_DIR) + "/chat_formats.json");
        m_golden = nlohmann::json::parse(in);
        const auto &cases = m_golden.at("cases");
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const auto &c = cases[i];
            const std::string name = c.at("format").get<std::string>() + " conversation "
                + std::to_string(c.at("conversation").get<int>())
                + (c.at("add_generation_prompt").get<bool>() ? " +prompt" : "");
            QTest::newRow(name.c_str()) << static_cast<int>(i);
        }
        QVERIFY(cases.size() >= 30);
    }

    void golden()
    {
        QFETCH(int, index);
        const auto &c = m_golden.at("cases").at(static_cast<std::size_t>(index));
        std::vector<ChatMessage> messages;
        for (const auto &m : m_golden.at("conversations").at(c.at("conversation").get<std::size_t>()))
            messages.push_back({m.at("role").get<std::string>(), m.at("content").get<std::string>()});
        ChatRenderOptions options;
        options.addGenerationPrompt = c.at("add_generation_prompt").get<bool>();
        options.dateString = "26 Jul 2024";
        const ChatFormat format = formatNamed(c.at("format").get<std::string>());
        if (c.contains("error")) {
            const std::string expected = c.at("error").get<std::string>();
            try {
                renderChat(format, messages, options);
                QFAIL(qPrintable(QStringLiteral("no error; transformers raised: ") + QString::fromStdString(expected)));
            } catch (const Error &e) {
                QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
            }
            return;
        }
        QCOMPARE(QString::fromStdString(renderChat(format, messages, options)),
                 QString::fromStdString(c.at("rendered").get<std::string>()));
    }

    void llamaDefaultsToToday()
    {
        // Without a date the Llama 3 header carries today's, in strftime's "%d %b %Y".
        const std::string text = renderChat(ChatFormat::Llama3, {{"user", "hi"}});
        const QString date = QDate::currentDate().toString(QStringLiteral("dd")) + QLatin1Char(' ')
            + QLocale::c().monthName(QDate::currentDate().month(), QLocale::ShortFormat) + QLatin1Char(' ')
            + QString::number(QDate::currentDate().year());
        QVERIFY2(QString::fromStdString(text).contains(QStringLiteral("Today Date: ") + date + QLatin1Char('\n')),
                 text.c_str());
    }

    void familyFormats()
    {
        QCOMPARE(int(chatFormatFor(ModelArchitecture::Llama)), int(ChatFormat::Llama3));
        QCOMPARE(int(chatFormatFor(ModelArchitecture::Gemma2)), int(ChatFormat::Gemma2));
        QCOMPARE(int(chatFormatFor(ModelArchitecture::Qwen2)), int(ChatFormat::ChatML));
        QVERIFY_THROWS_EXCEPTION(Error, renderChat(ChatFormat::ChatML, {}));
    }

private:
    nlohmann::json m_golden;
};

QTEST_GUILESS_MAIN(TestChatFormat)
#include "test_chat_format.moc"
