#include "model/tokenizer/post_processor.h"

namespace crsw {

using tokenizer_json::Context;

namespace {

class TemplateProcessor final : public PostProcessor {
public:
    /// `pieces`: ids to insert, with an empty vector standing for the sequence.
    explicit TemplateProcessor(std::vector<std::vector<TokenId>> pieces) : m_pieces(std::move(pieces)) {}

    void process(std::vector<TokenId> &ids) const override
    {
        std::vector<TokenId> out;
        out.reserve(ids.size() + m_pieces.size());
        for (const auto &piece : m_pieces) {
            if (piece.empty())
                out.insert(out.end(), ids.begin(), ids.end());
            else
                out.insert(out.end(), piece.begin(), piece.end());
        }
        ids = std::move(out);
    }

private:
    std::vector<std::vector<TokenId>> m_pieces;
};

class NoOpProcessor final : public PostProcessor {
public:
    void process(std::vector<TokenId> &) const override {}
};

class SequenceProcessor final : public PostProcessor {
public:
    explicit SequenceProcessor(std::vector<std::unique_ptr<PostProcessor>> steps) : m_steps(std::move(steps)) {}
    void process(std::vector<TokenId> &ids) const override
    {
        for (const auto &step : m_steps)
            step->process(ids);
    }

private:
    std::vector<std::unique_ptr<PostProcessor>> m_steps;
};

std::unique_ptr<PostProcessor> templateFromJson(const nlohmann::json &json, const Context &where)
{
    const auto single = json.find("single");
    if (single == json.end() || !single->is_array())
        where.child("single").fail("expected a list");
    const auto specials = json.find("special_tokens");
    std::vector<std::vector<TokenId>> pieces;
    for (std::size_t i = 0; i < single->size(); ++i) {
        const nlohmann::json &item = (*single)[i];
        const Context at = where.child("single").index(i);
        if (item.contains("Sequence")) {
            pieces.emplace_back();
            continue;
        }
        if (!item.contains("SpecialToken"))
            at.fail("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
        const std::string name = tokenizer_json::stringField(item.at("SpecialToken"), "id", at.child("SpecialToken"));
        if (specials == json.end() || !specials->is_object() || !specials->contains(name))
            where.child("special_tokens").fail("no entry for '" + name + "'");
        const nlohmann::json &ids = specials->at(name).value("ids", nlohmann::json());
        if (!ids.is_array() || ids.empty())
            where.child("special_tokens." + name + ".ids").fail("expected a non-empty list of ids");
        std::vector<TokenId> piece;
        for (const nlohmann::json &id : ids) {
            if (!id.is_number_integer())
                where.child("special_tokens." + name + ".ids").fail("expected integers, got " + id.dump());
            piece.push_back(id.get<TokenId>());
        }
        pieces.push_back(std::move(piece));
    }
    return std::make_unique<TemplateProcessor>(std::move(pieces));
}

} // namespace

std::unique_ptr<PostProcessor> PostProcessor::fromJson(const nlohmann::json &json, const Context &where)
{
    const std::string type = tokenizer_json::typeOf(json, where);
    if (type == "TemplateProcessing")
        return templateFromJson(json, where);
    if (type == "ByteLevel")
        return std::make_unique<NoOpProcessor>();
    if (type == "Sequence") {
        const auto list = json.find("processors");
        if (list == json.end() || !list->is_array())
            where.child("processors").fail("expected a list");
        std::vector<std::unique_ptr<PostProcessor>> steps;
        for (std::size_t i = 0; i < list->size(); ++i)
            steps.push_back(fromJson((*list)[i], where.child("processors").index(i)));
        return std::make_unique<SequenceProcessor>(std::move(steps));
    }
    where.child("type").fail("unsupported post_processor '" + type + "' (supported: TemplateProcessing, ByteLevel, Sequence)");
}

} // namespace crsw
