#pragma once

#include "teacher/chat_types.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crsw {

/// USD per one million tokens of a model.
struct ModelPrice {
    double promptPerMillion = 0;
    double completionPerMillion = 0;
};

/// Model prices, editable as a JSON file:
///   {"models": {"gpt-4o-mini": {"prompt_usd_per_1m": 0.15, "completion_usd_per_1m": 0.60}, ...}}
/// A model is priced by its exact name, else by the longest name in the table
/// that starts it ("gpt-4o-mini-2024-07-18" -> "gpt-4o-mini"). Unknown models
/// (local vLLM/Ollama ones) cost 0 and are listed by estimateCost().
class PriceTable {
public:
    /// An empty table (everything costs 0).
    PriceTable() = default;
    /// List prices of a few common OpenAI models (standard tier, mid-2025).
    static PriceTable defaults();
    /// Parses the JSON text; throws crsw::Error "source: models.<name>.<field>: reason".
    static PriceTable parse(const std::string &jsonText, const std::string &sourceName = "prices.json");
    /// Reads a file written by save() or by hand. Throws crsw::Error naming the file and field.
    static PriceTable load(const std::string &path);
    /// Writes the table atomically.
    void save(const std::string &path) const;
    /// The JSON text save() writes.
    std::string toJson() const;
    /// Where the workbench keeps the user's table: $XDG_CONFIG_HOME/crsw-workbench/prices.json.
    static std::string defaultPath();

    void set(const std::string &model, ModelPrice price) { m_prices[model] = price; }
    const std::map<std::string, ModelPrice> &entries() const { return m_prices; }
    /// The price of a model (exact, else longest prefix), or nullopt.
    std::optional<ModelPrice> find(const std::string &model) const;
    /// Cost in USD of a usage under `model` (0 when unpriced).
    double cost(const std::string &model, const ChatUsage &usage) const;

private:
    std::map<std::string, ModelPrice> m_prices;
};

/// What a run will cost at most, shown before it starts: prompt tokens are
/// estimated (chars / 4), completion tokens taken as max_tokens (an upper
/// bound; answers are usually shorter). Cached answers are not subtracted.
struct CostEstimate {
    std::size_t requests = 0;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    double usd = 0;
    std::vector<std::string> unpricedModels; ///< models the table does not know (costed at 0)
};

/// Estimates the cost of sending `requests` under `table`.
CostEstimate estimateCost(const std::vector<ChatRequest> &requests, const PriceTable &table);

} // namespace crsw
