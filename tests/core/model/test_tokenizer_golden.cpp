// tokenizer.json: ids and decodes identical to the Hugging Face `tokenizers`
// library on the goldens of tests/golden/model (make_tokenizer_goldens.py).
#include "model/tokenizer/tokenizer.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <memory>

using namespace crsw;

namespace {

const std::string kGoldenDir = CRSW_MODEL_GOLDEN_DIR;
const char *const kStyles[] = {"llama3_style", "gemma_style", "metaspace_style", "gpt2_style"};

nlohmann::json readJson(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return nlohmann::json::parse(in);
}

/// Each tokenizer is loaded once for all rows.
const Tokenizer &tokenizerFor(const std::string &style)
{
    static std::map<std::string, std::unique_ptr<Tokenizer>> loaded;
    auto &slot = loaded[style];
    if (!slot)
        slot = std::make_unique<Tokenizer>(Tokenizer::fromFile(kGoldenDir + "/" + style + ".tokenizer.json"));
    return *slot;
}

QString describe(const std::vector<TokenId> &ids)
{
    QStringList parts;
    for (TokenId id : ids)
        parts << QString::number(id);
    return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
}

} // namespace

class TestTokenizerGolden : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encodeAndDecode_data();
    void encodeAndDecode();
    void decodeIds_data();
    void decodeIds();
    void specialTokensAsText();
    void vocabularyLookups();
};

void TestTokenizerGolden::encodeAndDecode_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("index");
    for (const char *style : kStyles) {
        const nlohmann::json golden = readJson(kGoldenDir + "/" + style + ".golden.json");
        for (std::size_t i = 0; i < golden.at("cases").size(); ++i)
            QTest::addRow("%s #%d", style, int(i)) << QString::fromLatin1(style) << int(i);
    }
}

void TestTokenizerGolden::encodeAndDecode()
{
    QFETCH(QString, style);
    QFETCH(int, index);
    const nlohmann::json golden = readJson(kGoldenDir + "/" + style.toStdString() + ".golden.json");
    const nlohmann::json &c = golden.at("cases").at(index);
    const Tokenizer &tokenizer = tokenizerFor(style.toStdString());
    const std::string text = c.at("text");

    const auto ids = tokenizer.encode(text);
    const auto expected = c.at("ids").get<std::vector<TokenId>>();
    QVERIFY2(ids == expected, qPrintable(QStringLiteral("text %1\n got      %2\n expected %3")
                                             .arg(QString::fromStdString(nlohmann::json(text).dump()), describe(ids),
                                                  describe(expected))));
    const auto plain = tokenizer.encode(text, {false, true});
    QCOMPARE(describe(plain), describe(c.at("ids_no_special").get<std::vector<TokenId>>()));
    QCOMPARE(QString::fromStdString(tokenizer.decode(expected, false)),
             QString::fromStdString(c.at("decoded").get<std::string>()));
    QCOMPARE(QString::fromStdString(tokenizer.decode(expected, true)),
             QString::fromStdString(c.at("decoded_skip_special").get<std::string>()));
}

void TestTokenizerGolden::decodeIds_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("index");
    for (const char *style : kStyles) {
        const nlohmann::json golden = readJson(kGoldenDir + "/" + style + ".golden.json");
        for (std::size_t i = 0; i < golden.at("decodes").size(); ++i)
            QTest::addRow("%s #%d", style, int(i)) << QString::fromLatin1(style) << int(i);
    }
}

void TestTokenizerGolden::decodeIds()
{
    QFETCH(QString, style);
    QFETCH(int, index);
    const nlohmann::json golden = readJson(kGoldenDir + "/" + style.toStdString() + ".golden.json");
    const nlohmann::json &c = golden.at("decodes").at(index);
    const Tokenizer &tokenizer = tokenizerFor(style.toStdString());
    const auto ids = c.at("ids").get<std::vector<TokenId>>();
    QCOMPARE(QString::fromStdString(tokenizer.decode(ids, false)), QString::fromStdString(c.at("decoded").get<std::string>()));
    QCOMPARE(QString::fromStdString(tokenizer.decode(ids, true)),
             QString::fromStdString(c.at("decoded_skip_special").get<std::string>()));
}

void TestTokenizerGolden::specialTokensAsText()
{
    // With parseSpecialTokens off, "<|eot_id|>" is ordinary text.
    const Tokenizer &tokenizer = tokenizerFor("llama3_style");
    const TokenId eot = tokenizer.tokenToId("<|eot_id|>").value();
    const auto parsed = tokenizer.encode("a<|eot_id|>", {false, true});
    QCOMPARE(parsed.back(), eot);
    const auto literal = tokenizer.encode("a<|eot_id|>", {false, false});
    QVERIFY(std::find(literal.begin(), literal.end(), eot) == literal.end());
    QCOMPARE(tokenizer.decode(literal), std::string("a<|eot_id|>"));
}

void TestTokenizerGolden::vocabularyLookups()
{
    const Tokenizer &gemma = tokenizerFor("gemma_style");
    QCOMPARE(gemma.tokenToId("<bos>").value_or(-1), 2);
    QCOMPARE(gemma.idToToken(2).value_or(""), std::string("<bos>"));
    QVERIFY(gemma.isSpecial(2));
    QVERIFY(!gemma.isSpecial(300));
    QCOMPARE(gemma.tokenToId("<0x41>").value_or(-1), 6 + 0x41);
    QVERIFY(!gemma.tokenToId("no such token"));
    const Tokenizer &llama = tokenizerFor("llama3_style");
    QCOMPARE(llama.vocabSize(), std::size_t(905)); // 900 learnt + 5 specials
    QVERIFY_THROWS_EXCEPTION(Error, llama.encode(std::string("bad \xC3 utf-8")));
}

QTEST_GUILESS_MAIN(TestTokenizerGolden)
#include "test_tokenizer_golden.moc"
