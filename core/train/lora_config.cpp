#include "train/lora_config.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace crsw {

const std::vector<std::string> &loraTargetChoices()
{
    static const std::vector<std::string> choices{"q_proj", "k_proj", "v_proj", "o_proj",
                                                  "gate_proj", "up_proj", "down_proj"};
    return choices;
}

double LoraConfig::scaling() const
{
    return useRsLora ? alpha / std::sqrt(static_cast<double>(rank)) : alpha / static_cast<double>(rank);
}

void LoraConfig::validate() const
{
    if (rank < 1)
        throw Error({{}, 0, "r"}, "the LoRA rank must be at least 1");
    if (!(alpha > 0.0))
        throw Error({{}, 0, "lora_alpha"}, "must be positive");
    if (!(dropout >= 0.0 && dropout < 1.0))
        throw Error({{}, 0, "lora_dropout"}, "must be in [0, 1)");
    if (targetModules.empty())
        throw Error({{}, 0, "target_modules"}, "no module to adapt");
    for (const std::string &target : targetModules)
        if (std::find(loraTargetChoices().begin(), loraTargetChoices().end(), target) == loraTargetChoices().end())
            throw Error({{}, 0, "target_modules"}, "unknown module '" + target
                                                       + "' (supported: q_proj, k_proj, v_proj, o_proj, gate_proj, "
                                                         "up_proj, down_proj)");
}

std::string LoraConfig::toJson() const
{
    // The keys PEFT 0.1x writes for a plain LoRA; PEFT fills in any it adds later.
    nlohmann::ordered_json j;
    j["alpha_pattern"] = nlohmann::json::object();
    j["auto_mapping"] = nullptr;
    j["base_model_name_or_path"] = baseModel;
    j["bias"] = "none";
    j["fan_in_fan_out"] = false;
    j["inference_mode"] = true;
    j["init_lora_weights"] = true;
    j["layers_pattern"] = nullptr;
    j["layers_to_transform"] = nullptr;
    j["lora_alpha"] = alpha;
    j["lora_dropout"] = dropout;
    j["modules_to_save"] = nullptr;
    j["peft_type"] = "LORA";
    j["r"] = rank;
    j["rank_pattern"] = nlohmann::json::object();
    j["revision"] = nullptr;
    std::vector<std::string> targets = targetModules;
    std::sort(targets.begin(), targets.end()); // PEFT stores a set; sorted for stable files
    j["target_modules"] = targets;
    j["task_type"] = "CAUSAL_LM";
    j["use_dora"] = false;
    j["use_rslora"] = useRsLora;
    return j.dump(2) + "\n";
}

LoraConfig LoraConfig::fromJson(const std::string &text, const std::string &source)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        throw Error({source, 0, {}}, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw Error({source, 0, {}}, "expected a JSON object");
    auto fail = [&](const std::string &key, const std::string &why) { throw Error({source, 0, key}, why); };
    auto isNullOrEmpty = [&](const char *key) {
        const auto it = j.find(key);
        return it == j.end() || it->is_null() || (it->is_object() && it->empty()) || (it->is_array() && it->empty());
    };
    if (j.value("peft_type", std::string()) != "LORA")
        fail("peft_type", "expected \"LORA\"");
    LoraConfig config;
    try {
        config.rank = j.at("r").get<std::int64_t>();
        config.alpha = j.value("lora_alpha", 8.0);
        config.dropout = j.value("lora_dropout", 0.0);
        config.baseModel = j.value("base_model_name_or_path", std::string());
        if (j.contains("base_model_name_or_path") && j["base_model_name_or_path"].is_null())
            config.baseModel.clear();
        config.useRsLora = j.value("use_rslora", false);
        if (j.value("use_dora", false))
            fail("use_dora", "DoRA adapters are not supported");
        if (j.value("fan_in_fan_out", false))
            fail("fan_in_fan_out", "only false is supported (Conv1D layers do not occur in these models)");
        if (j.value("bias", std::string("none")) != "none")
            fail("bias", "only \"none\" is supported");
        for (const char *key : {"rank_pattern", "alpha_pattern", "layers_to_transform", "modules_to_save"})
            if (!isNullOrEmpty(key))
                fail(key, "not supported (per-module ranks, layer subsets and extra saved modules)");
        const nlohmann::json &targets = j.at("target_modules");
        if (!targets.is_array())
            fail("target_modules", "only a list of module names is supported (not a regular expression)");
        config.targetModules = targets.get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception &e) {
        throw Error({source, 0, {}}, e.what());
    }
    try {
        config.validate();
    } catch (const Error &e) {
        throw Error({source, 0, e.where().field}, e.reason());
    }
    return config;
}

LoraConfig LoraConfig::fromFolder(const std::string &folder)
{
    const std::string path = folder + "/adapter_config.json";
    return fromJson(readWholeFile(path), path);
}

std::vector<std::string> parseLoraTargets(const std::string &commaSeparated)
{
    std::vector<std::string> targets;
    std::size_t start = 0;
    while (start <= commaSeparated.size()) {
        const std::size_t comma = std::min(commaSeparated.find(',', start), commaSeparated.size());
        std::string name = commaSeparated.substr(start, comma - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (!name.empty() && std::find(targets.begin(), targets.end(), name) == targets.end())
            targets.push_back(name);
        start = comma + 1;
    }
    LoraConfig check;
    check.targetModules = targets;
    check.validate();
    return targets;
}

} // namespace crsw
