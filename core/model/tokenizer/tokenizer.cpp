#include "model/tokenizer/tokenizer.h"

#include "common/atomic_file.h"
#include "model/tokenizer/added_vocabulary.h"
#include "model/tokenizer/decoder.h"
#include "model/tokenizer/normalizer.h"
#include "model/tokenizer/post_processor.h"
#include "model/tokenizer/pre_tokenizer.h"
#include "model/tokenizer/utf8.h"

#include <algorithm>

#include <sys/stat.h>

namespace crsw {

using tokenizer_json::Context;

Tokenizer::Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer &&) noexcept = default;
Tokenizer &Tokenizer::operator=(Tokenizer &&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::fromFile(const std::string &path)
{
    struct stat st{};
    const bool folder = ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    const std::string file = folder ? path + "/tokenizer.json" : path;
    return fromJson(readWholeFile(file), file);
}

Tokenizer Tokenizer::fromJson(const std::string &text, const std::string &source)
{
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        throw Error({source, 0, {}}, std::string("not valid JSON: ") + e.what());
    }
    const Context root{source, {}};
    if (!json.is_object())
        root.fail("expected a JSON object");
    const auto present = [&](const char *key) { return json.contains(key) && !json.at(key).is_null(); };

    Tokenizer tokenizer;
    if (!present("model"))
        root.child("model").fail("missing");
    const std::string modelType = tokenizer_json::typeOf(json.at("model"), root.child("model"));
    if (modelType != "BPE")
        root.child("model.type").fail("unsupported model '" + modelType + "' (supported: BPE)");
    tokenizer.m_model = BpeModel::fromJson(json.at("model"), root.child("model"));
    if (present("normalizer"))
        tokenizer.m_normalizer = Normalizer::fromJson(json.at("normalizer"), root.child("normalizer"));
    if (present("pre_tokenizer"))
        tokenizer.m_preTokenizer = PreTokenizer::fromJson(json.at("pre_tokenizer"), root.child("pre_tokenizer"));
    if (present("post_processor"))
        tokenizer.m_postProcessor = PostProcessor::fromJson(json.at("post_processor"), root.child("post_processor"));
    if (present("decoder"))
        tokenizer.m_decoder = Decoder::fromJson(json.at("decoder"), root.child("decoder"));
    tokenizer.m_added = std::make_unique<AddedVocabulary>(present("added_tokens") ? json.at("added_tokens") : nlohmann::json(),
                                                          tokenizer.m_normalizer.get(), root.child("added_tokens"));
    return tokenizer;
}

std::vector<TokenId> Tokenizer::encode(std::string_view text, const EncodeOptions &options) const
{
    if (!utf8::isValid(text))
        throw Error("tokenizer: the text to encode is not valid UTF-8");
    std::vector<TokenId> ids;
    ids.reserve(text.size() / 3 + 4);
    std::vector<PreToken> words;
    for (TextPiece &piece : m_added->split(text, m_normalizer.get(), options.parseSpecialTokens)) {
        if (piece.id >= 0) {
            ids.push_back(piece.id);
            continue;
        }
        words.clear();
        words.push_back({std::move(piece.text), piece.atStart});
        if (m_preTokenizer)
            m_preTokenizer->split(words);
        for (const PreToken &word : words)
            m_model->tokenize(word.text, ids);
    }
    if (options.addSpecialTokens && m_postProcessor)
        m_postProcessor->process(ids);
    return ids;
}

std::string Tokenizer::decode(const std::vector<TokenId> &ids, bool skipSpecialTokens) const
{
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const TokenId id : ids) {
        if (const AddedToken *added = m_added->byId(id)) {
            if (!(skipSpecialTokens && added->special))
                tokens.push_back(added->content);
        } else if (const std::string *token = m_model->idToToken(id)) {
            tokens.push_back(*token);
        }
    }
    if (!m_decoder) {
        std::string joined; // the library joins with spaces when there is no decoder
        for (std::size_t i = 0; i < tokens.size(); ++i)
            joined += (i ? " " : "") + tokens[i];
        return joined;
    }
    m_decoder->decodeChain(tokens);
    std::string text;
    for (const std::string &token : tokens)
        text += token;
    return text;
}

std::optional<TokenId> Tokenizer::tokenToId(std::string_view token) const
{
    if (const auto id = m_added->idOf(token))
        return id;
    return m_model->tokenToId(token);
}

std::optional<std::string> Tokenizer::idToToken(TokenId id) const
{
    if (const AddedToken *added = m_added->byId(id))
        return added->content;
    if (const std::string *token = m_model->idToToken(id))
        return *token;
    return std::nullopt;
}

bool Tokenizer::isSpecial(TokenId id) const
{
    const AddedToken *added = m_added->byId(id);
    return added && added->special;
}

std::size_t Tokenizer::vocabSize() const
{
    std::size_t size = m_model->vocabSize();
    for (const AddedToken &token : m_added->tokens())
        size = std::max(size, static_cast<std::size_t>(token.id) + 1);
    return size;
}

} // namespace crsw
