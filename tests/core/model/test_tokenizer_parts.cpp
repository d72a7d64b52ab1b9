// tokenizer.json pieces: errors that name the file and key, the Oniguruma
// compatibility of regexes, UTF-8 repair, and a hand-built BPE.
#include "common/error.h"
#include "model/tokenizer/pcre_regex.h"
#include "model/tokenizer/tokenizer.h"
#include "model/tokenizer/utf8.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace crsw;

namespace {

/// A character-level BPE over "a", "b", "c", "ab", "abc" with the given overrides.
nlohmann::json tinyTokenizer()
{
    return nlohmann::json::parse(R"({
      "added_tokens": [{"id": 5, "content": "<s>", "special": true, "normalized": false}],
      "normalizer": null,
      "pre_tokenizer": {"type": "Split", "pattern": {"String": " "}, "behavior": "Removed", "invert": false},
      "post_processor": null,
      "decoder": null,
      "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4, "<s>": 5},
                "merges": ["a b", ["ab", "c"]]}
    })");
}

std::string errorOf(const nlohmann::json &json)
{
    try {
        Tokenizer::fromJson(json.dump(), "tok.json");
    } catch (const Error &e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestTokenizerParts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handBuiltBpe();
    void loadErrors();
    void onigurumaWhitespace();
    void lossyUtf8();
};

void TestTokenizerParts::handBuiltBpe()
{
    const Tokenizer tokenizer = Tokenizer::fromJson(tinyTokenizer().dump());
    QCOMPARE(tokenizer.encode("abc ab  ba<s>c"), (std::vector<TokenId>{4, 3, 1, 0, 5, 2}));
    // No decoder: tokens are joined with spaces, as in the library.
    QCOMPARE(tokenizer.decode({4, 3, 5}), std::string("abc ab <s>"));
    QCOMPARE(tokenizer.decode({4, 3, 5}, true), std::string("abc ab"));
    QCOMPARE(tokenizer.decode({4, 99}), std::string("abc")); // unknown ids are skipped
    // Characters outside the vocabulary, with no unk token and no byte
    // fallback, vanish (and their neighbours may then merge).
    QCOMPARE(tokenizer.encode("axb"), (std::vector<TokenId>{3}));
}

void TestTokenizerParts::loadErrors()
{
    nlohmann::json json = tinyTokenizer();
    json["model"]["type"] = "WordPiece";
    QCOMPARE(errorOf(json), std::string("tok.json: model.type: unsupported model 'WordPiece' (supported: BPE)"));

    json = tinyTokenizer();
    json["model"]["merges"].push_back("c a");
    QCOMPARE(errorOf(json), std::string("tok.json: model.merges[2]: token 'ca' is not in the vocabulary"));

    json = tinyTokenizer();
    json["model"]["merges"].push_back("abc");
    QCOMPARE(errorOf(json), std::string("tok.json: model.merges[2]: expected \"left right\", got \"abc\""));

    json = tinyTokenizer();
    json["pre_tokenizer"] = {{"type", "Sequence"}, {"pretokenizers", {{{"type", "Whitespace"}}}}};
    QCOMPARE(errorOf(json), std::string("tok.json: pre_tokenizer.pretokenizers[0].type: unsupported pre_tokenizer "
                                        "'Whitespace' (supported: Split, ByteLevel, Metaspace, Sequence)"));

    json = tinyTokenizer();
    json["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}};
    QVERIFY(errorOf(json).rfind("tok.json: pre_tokenizer.pattern: regex '(unclosed': ", 0) == 0);

    json = tinyTokenizer();
    json["pre_tokenizer"]["behavior"] = "Sideways";
    QCOMPARE(errorOf(json), std::string("tok.json: pre_tokenizer.behavior: unknown split behavior 'Sideways'"));

    json = tinyTokenizer();
    json["model"]["unk_token"] = "<unk>";
    QCOMPARE(errorOf(json), std::string("tok.json: model.unk_token: '<unk>' is not in the vocabulary"));

    json = tinyTokenizer();
    json["decoder"] = {{"type", "Strip"}, {"content", "ab"}, {"start", 1}, {"stop", 0}};
    QCOMPARE(errorOf(json), std::string("tok.json: decoder.content: expected a single character, got \"ab\""));

    json = tinyTokenizer();
    json["added_tokens"][0].erase("id");
    QCOMPARE(errorOf(json), std::string("tok.json: added_tokens[0].id: missing or not a non-negative integer"));

    json = tinyTokenizer();
    json.erase("model");
    QCOMPARE(errorOf(json), std::string("tok.json: model: missing"));
}

void TestTokenizerParts::onigurumaWhitespace()
{
    QCOMPARE(onigurumaCompatiblePattern(R"(\s+(?!\S)|[^\s\p{L}]+|\\s)"),
             std::string(R"([\s\x{85}]+(?![^\s\x{85}])|[^\s\x{85}\p{L}]+|\\s)"));
    QCOMPARE(onigurumaCompatiblePattern(R"([]\s]x)"), std::string(R"([]\s\x{85}]x)"));
    const PcreRegex regex(R"(\s+)");
    std::vector<std::pair<std::size_t, std::size_t>> matches;
    regex.findAll("a\xC2\x85\xC2\xA0" "b", matches); // NEL then NBSP
    QCOMPARE(matches.size(), std::size_t(1));
    QCOMPARE(matches[0], (std::pair<std::size_t, std::size_t>(1, 5)));
}

void TestTokenizerParts::lossyUtf8()
{
    QCOMPARE(utf8::lossy("ok"), std::string("ok"));
    QCOMPARE(utf8::lossy("\xE6\x97"), std::string("\xEF\xBF\xBD"));                 // truncated: one U+FFFD
    QCOMPARE(utf8::lossy("\xE6\x97" "a"), std::string("\xEF\xBF\xBD" "a"));
    QCOMPARE(utf8::lossy("\xC0\xAF"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));     // overlong: one per byte
    QCOMPARE(utf8::lossy("\xED\xA0\x80"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")); // surrogate
    QVERIFY(utf8::isValid("\xF0\x9F\x98\x80"));
    QVERIFY(!utf8::isValid("\xF4\x90\x80\x80")); // above U+10FFFF
}

QTEST_GUILESS_MAIN(TestTokenizerParts)
#include "test_tokenizer_parts.moc"
