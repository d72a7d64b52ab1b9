#include "select/selection.h"

#include "common/error.h"

#include <cctype>
#include <cmath>

namespace crsw {

namespace {

struct NamedStrategy {
    SelectionStrategy strategy;
    const char *name;
};

constexpr NamedStrategy kStrategies[] = {
    {SelectionStrategy::RandomUniform, "RANDOM_UNIFORM"},
    {SelectionStrategy::JS, "JS"},
    {SelectionStrategy::Fisher, "FISHER"},
    {SelectionStrategy::MetadataJS, "METADATA_JS"},
    {SelectionStrategy::MetadataFisher, "METADATA_FISHER"},
    {SelectionStrategy::UserJS, "USER_JS"},
    {SelectionStrategy::UserFisher, "USER_FISHER"},
};

std::string upper(const std::string &text)
{
    std::string out = text;
    for (char &c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // "random-uniform" and "random_uniform" both name RANDOM_UNIFORM.
    for (char &c : out)
        if (c == '-')
            c = '_';
    return out;
}

void requireFinite(double value, const char *field, bool positive)
{
    if (!std::isfinite(value) || (positive ? value <= 0.0 : value < 0.0))
        throw Error({{}, 0, field},
                    std::string("must be a finite number ") + (positive ? "> 0" : ">= 0") + ", got "
                        + std::to_string(value));
}

} // namespace

std::string strategyName(SelectionStrategy strategy)
{
    for (const NamedStrategy &entry : kStrategies)
        if (entry.strategy == strategy)
            return entry.name;
    return "UNKNOWN";
}

SelectionStrategy parseStrategy(const std::string &name)
{
    const std::string wanted = upper(name);
    std::string valid;
    for (const NamedStrategy &entry : kStrategies) {
        if (wanted == entry.name)
            return entry.strategy;
        valid += valid.empty() ? "" : ", ";
        valid += entry.name;
    }
    throw Error({{}, 0, "strategy"}, "unknown strategy \"" + name + "\" (valid: " + valid + ")");
}

SelectionStrategy baseAlgorithm(SelectionStrategy strategy)
{
    switch (strategy) {
    case SelectionStrategy::JS:
    case SelectionStrategy::MetadataJS:
    case SelectionStrategy::UserJS:
        return SelectionStrategy::JS;
    case SelectionStrategy::Fisher:
    case SelectionStrategy::MetadataFisher:
    case SelectionStrategy::UserFisher:
        return SelectionStrategy::Fisher;
    case SelectionStrategy::RandomUniform:
        break;
    }
    return SelectionStrategy::RandomUniform;
}

void validateSelectionParams(SelectionStrategy strategy, const SelectionParams &params, std::size_t rows)
{
    if (rows == 0)
        throw Error({{}, 0, "embeddings"}, "the corpus is empty: there is nothing to select from");
    if (params.budget == 0)
        throw Error({{}, 0, "budget"}, "the budget must be at least 1");
    if (params.budget > rows)
        throw Error({{}, 0, "budget"}, "the budget " + std::to_string(params.budget) + " exceeds the "
                                           + std::to_string(rows) + " samples");
    const SelectionStrategy base = baseAlgorithm(strategy);
    if (base == SelectionStrategy::JS) {
        if (params.clusters < 1 || static_cast<std::size_t>(params.clusters) > rows)
            throw Error({{}, 0, "clusters"}, "K must be between 1 and the " + std::to_string(rows)
                                                 + " samples, got " + std::to_string(params.clusters));
        requireFinite(params.tau, "tau", true);
    }
    if (base == SelectionStrategy::Fisher)
        requireFinite(params.lambda, "lambda", true);
    if (strategy == SelectionStrategy::MetadataJS || strategy == SelectionStrategy::MetadataFisher)
        requireFinite(params.metadataWeight, "metadata weight", false);
    if (strategy == SelectionStrategy::UserJS || strategy == SelectionStrategy::UserFisher)
        requireFinite(params.userWeight, "user weight", false);
}

} // namespace crsw
