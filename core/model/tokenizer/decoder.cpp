#include "model/tokenizer/decoder.h"

#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/normalizer.h"
#include "model/tokenizer/utf8.h"

namespace crsw {

using tokenizer_json::Context;

namespace {

class ByteLevelDecoder final : public Decoder {
public:
    // All tokens become one byte string, read as UTF-8 with U+FFFD for
    // broken sequences; characters outside the alphabet (added tokens) pass as they are.
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        std::string bytes;
        for (const std::string &token : tokens) {
            for (std::size_t pos = 0; pos < token.size();) {
                const std::size_t begin = pos;
                const int byte = byte_level::decodeChar(utf8::next(token, pos));
                if (byte >= 0)
                    bytes += static_cast<char>(byte);
                else
                    bytes.append(token, begin, pos - begin);
            }
        }
        tokens.assign(1, utf8::lossy(bytes));
    }
};

class ReplaceDecoder final : public Decoder {
public:
    ReplaceDecoder(const std::string &pattern, bool isRegex, std::string content)
        : m_replacer(pattern, isRegex, std::move(content))
    {
    }
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (std::string &token : tokens)
            token = m_replacer.apply(token);
    }

private:
    TextReplacer m_replacer;
};

class ByteFallbackDecoder final : public Decoder {
public:
    // Runs of <0xNN> tokens become their bytes when those form valid UTF-8,
    // else one U+FFFD per byte token (the library's rule).
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        std::vector<std::string> out;
        std::string bytes;
        std::size_t byteTokens = 0;
        const auto flush = [&] {
            if (byteTokens == 0)
                return;
            if (utf8::isValid(bytes))
                out.push_back(bytes);
            else
                for (std::size_t i = 0; i < byteTokens; ++i)
                    out.emplace_back("\xEF\xBF\xBD");
            bytes.clear();
            byteTokens = 0;
        };
        for (std::string &token : tokens) {
            int byte = -1;
            if (token.size() == 6 && token.compare(0, 3, "<0x") == 0 && token[5] == '>')
                byte = hexByte(token[3], token[4]);
            if (byte >= 0) {
                bytes += static_cast<char>(byte);
                ++byteTokens;
                continue;
            }
            flush();
            out.push_back(std::move(token));
        }
        flush();
        tokens = std::move(out);
    }

private:
    static int hexDigit(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }
    static int hexByte(char high, char low)
    {
        const int h = hexDigit(high), l = hexDigit(low);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
};

class FuseDecoder final : public Decoder {
public:
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        std::string joined;
        for (const std::string &token : tokens)
            joined += token;
        tokens.assign(1, std::move(joined));
    }
};

class StripDecoder final : public Decoder {
public:
    StripDecoder(char32_t content, std::size_t start, std::size_t stop) : m_content(content), m_start(start), m_stop(stop) {}

    // Removes up to `start` leading and `stop` trailing `content` characters from each token.
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (std::string &token : tokens) {
            std::vector<std::size_t> starts; // byte offset of each character
            for (std::size_t pos = 0; pos < token.size(); pos += utf8::sequenceLength(static_cast<unsigned char>(token[pos])))
                starts.push_back(pos);
            const auto charAt = [&](std::size_t i) {
                std::size_t pos = starts[i];
                return utf8::next(token, pos);
            };
            std::size_t first = 0, last = starts.size();
            while (first < m_start && first < last && charAt(first) == m_content)
                ++first;
            for (std::size_t i = 0; i < m_stop && last > first && charAt(last - 1) == m_content; ++i)
                --last;
            const std::size_t begin = first < starts.size() ? starts[first] : token.size();
            const std::size_t end = last < starts.size() ? starts[last] : token.size();
            token = token.substr(begin, end - begin);
        }
    }

private:
    char32_t m_content;
    std::size_t m_start, m_stop;
};

class MetaspaceDecoder final : public Decoder {
public:
    MetaspaceDecoder(std::string replacement, bool stripFirst) : m_replacement(std::move(replacement)), m_stripFirst(stripFirst) {}

    // The replacement becomes a space, except in the first token where the
    // pre-tokenizer may have prepended it: there it is dropped.
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            std::string out;
            const std::string &token = tokens[i];
            for (std::size_t pos = 0; pos < token.size();) {
                if (token.compare(pos, m_replacement.size(), m_replacement) == 0) {
                    if (!(i == 0 && m_stripFirst))
                        out += ' ';
                    pos += m_replacement.size();
                } else {
                    out += token[pos++];
                }
            }
            tokens[i] = std::move(out);
        }
    }

private:
    std::string m_replacement;
    bool m_stripFirst;
};

class SequenceDecoder final : public Decoder {
public:
    explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> steps) : m_steps(std::move(steps)) {}
    void decodeChain(std::vector<std::string> &tokens) const override
    {
        for (const auto &step : m_steps)
            step->decodeChain(tokens);
    }

private:
    std::vector<std::unique_ptr<Decoder>> m_steps;
};

std::size_t count(const nlohmann::json &json, const char *key, const Context &where)
{
    const auto found = json.find(key);
    if (found == json.end() || !found->is_number_integer() || found->get<std::int64_t>() < 0)
        where.child(key).fail("expected a non-negative integer");
    return found->get<std::size_t>();
}

char32_t singleChar(const std::string &text, const Context &where)
{
    std::size_t pos = 0;
    const char32_t c = text.empty() ? 0 : utf8::next(text, pos);
    if (text.empty() || pos != text.size())
        where.fail("expected a single character, got \"" + text + "\"");
    return c;
}

} // namespace

std::unique_ptr<Decoder> Decoder::fromJson(const nlohmann::json &json, const Context &where)
{
    const std::string type = tokenizer_json::typeOf(json, where);
    if (type == "ByteLevel")
        return std::make_unique<ByteLevelDecoder>();
    if (type == "Replace") {
        bool isRegex = false;
        const std::string pattern = tokenizer_json::patternField(json, "pattern", isRegex, where);
        return std::make_unique<ReplaceDecoder>(pattern, isRegex, tokenizer_json::stringField(json, "content", where));
    }
    if (type == "ByteFallback")
        return std::make_unique<ByteFallbackDecoder>();
    if (type == "Fuse")
        return std::make_unique<FuseDecoder>();
    if (type == "Strip") {
        const std::string content = tokenizer_json::stringField(json, "content", where);
        return std::make_unique<StripDecoder>(singleChar(content, where.child("content")), count(json, "start", where),
                                              count(json, "stop", where));
    }
    if (type == "Metaspace") {
        const std::string replacement = tokenizer_json::stringField(json, "replacement", where);
        singleChar(replacement, where.child("replacement"));
        bool stripFirst = tokenizer_json::boolField(json, "add_prefix_space", true, where);
        if (json.contains("prepend_scheme") && json.at("prepend_scheme").is_string())
            stripFirst = json.at("prepend_scheme").get<std::string>() != "never";
        return std::make_unique<MetaspaceDecoder>(replacement, stripFirst);
    }
    if (type == "Sequence") {
        const auto list = json.find("decoders");
        if (list == json.end() || !list->is_array())
            where.child("decoders").fail("expected a list");
        std::vector<std::unique_ptr<Decoder>> steps;
        for (std::size_t i = 0; i < list->size(); ++i)
            steps.push_back(fromJson((*list)[i], where.child("decoders").index(i)));
        return std::make_unique<SequenceDecoder>(std::move(steps));
    }
    where.child("type").fail("unsupported decoder '" + type
                             + "' (supported: ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence)");
}

} // namespace crsw
