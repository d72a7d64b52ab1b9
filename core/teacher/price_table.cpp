#include "teacher/price_table.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "teacher/token_estimate.h"

#include <QDir>
#include <QStandardPaths>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace crsw {

using nlohmann::json;

PriceTable PriceTable::defaults()
{
    // https://openai.com/api/pricing (standard tier). Edit prices.json when they change.
    PriceTable t;
    t.set("gpt-4o", {2.50, 10.00});
    t.set("gpt-4o-mini", {0.15, 0.60});
    t.set("gpt-4.1", {2.00, 8.00});
    t.set("gpt-4.1-mini", {0.40, 1.60});
    t.set("gpt-4.1-nano", {0.10, 0.40});
    t.set("gpt-4-turbo", {10.00, 30.00});
    t.set("gpt-3.5-turbo", {0.50, 1.50});
    return t;
}

PriceTable PriceTable::parse(const std::string &jsonText, const std::string &sourceName)
{
    json j;
    try {
        j = json::parse(jsonText);
    } catch (const json::parse_error &e) {
        throw Error({sourceName, 0, ""}, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw Error({sourceName, 0, ""}, "expected a JSON object");
    const auto models = j.find("models");
    if (models == j.end() || !models->is_object())
        throw Error({sourceName, 0, "models"}, "expected an object of model prices");
    PriceTable t;
    for (const auto &[name, entry] : models->items()) {
        const std::string where = "models." + name;
        if (!entry.is_object())
            throw Error({sourceName, 0, where}, "expected an object");
        ModelPrice price;
        for (const auto &[field, target] : {std::pair<const char *, double *>{"prompt_usd_per_1m", &price.promptPerMillion},
                                            {"completion_usd_per_1m", &price.completionPerMillion}}) {
            const auto it = entry.find(field);
            if (it == entry.end())
                throw Error({sourceName, 0, where + "." + field}, "missing");
            if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0)
                throw Error({sourceName, 0, where + "." + field}, "expected a non-negative number");
            *target = it->get<double>();
        }
        t.set(name, price);
    }
    return t;
}

PriceTable PriceTable::load(const std::string &path)
{
    return parse(readWholeFile(path), path);
}

std::string PriceTable::toJson() const
{
    json models = json::object();
    for (const auto &[name, price] : m_prices)
        models[name] = {{"prompt_usd_per_1m", price.promptPerMillion},
                        {"completion_usd_per_1m", price.completionPerMillion}};
    return json{{"models", models}}.dump(2) + "\n";
}

void PriceTable::save(const std::string &path) const
{
    writeFileAtomically(path, toJson());
}

std::string PriceTable::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    return QDir(dir).filePath(QStringLiteral("crsw-workbench/prices.json")).toStdString();
}

std::optional<ModelPrice> PriceTable::find(const std::string &model) const
{
    if (const auto it = m_prices.find(model); it != m_prices.end())
        return it->second;
    const std::pair<const std::string, ModelPrice> *best = nullptr;
    for (const auto &entry : m_prices) {
        if (model.compare(0, entry.first.size(), entry.first) == 0 &&
            (!best || entry.first.size() > best->first.size()))
            best = &entry;
    }
    return best ? std::optional<ModelPrice>(best->second) : std::nullopt;
}

double PriceTable::cost(const std::string &model, const ChatUsage &usage) const
{
    const auto price = find(model);
    if (!price)
        return 0;
    return (double(usage.promptTokens) * price->promptPerMillion +
            double(usage.completionTokens) * price->completionPerMillion) / 1e6;
}

CostEstimate estimateCost(const std::vector<ChatRequest> &requests, const PriceTable &table)
{
    CostEstimate e;
    std::set<std::string> unpriced;
    for (const ChatRequest &r : requests) {
        ChatUsage usage;
        usage.promptTokens = estimatePromptTokens(r);
        usage.completionTokens = std::max(0, r.params.maxTokens);
        ++e.requests;
        e.promptTokens += usage.promptTokens;
        e.completionTokens += usage.completionTokens;
        if (table.find(r.params.model))
            e.usd += table.cost(r.params.model, usage);
        else
            unpriced.insert(r.params.model);
    }
    e.unpricedModels.assign(unpriced.begin(), unpriced.end());
    return e;
}

} // namespace crsw
