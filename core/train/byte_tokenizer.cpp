#include "train/byte_tokenizer.h"

#include "common/error.h"
#include "model/tokenizer/byte_level.h"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace crsw {

const std::vector<std::string> &byteTokenizerSpecials()
{
    static const std::vector<std::string> specials{"<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>",
                                                   "<|end_header_id|>", "<|eot_id|>", "<|finetune_right_pad_id|>"};
    return specials;
}

std::string byteTokenizerJson()
{
    return byteLevelTokenizerJson({});
}

std::string byteLevelTokenizerJson(const std::vector<std::pair<std::string, std::string>> &merges)
{
    using json = nlohmann::ordered_json;
    json vocab = json::object();
    // ordered_json looks keys up by a linear scan, on insertion too, which made
    // writing a 64k vocabulary take seconds: tokens are checked in `made` and
    // appended to the object's vector directly (each key is new by then).
    auto &vocabEntries = static_cast<json::object_t::Container &>(vocab.get_ref<json::object_t &>());
    std::unordered_set<std::string> made;
    for (int b = 0; b < 256; ++b) {
        std::string symbol;
        const char byte = static_cast<char>(b);
        byte_level::encode(std::string_view(&byte, 1), symbol);
        made.insert(symbol);
        vocabEntries.emplace_back(std::move(symbol), b);
    }
    // Merged tokens after the bytes, in the order learnt; a merge whose
    // result is already a token (another merge order reached it) adds none.
    json mergeList = json::array();
    std::int64_t next = 256;
    for (const auto &[left, right] : merges) {
        if (!made.count(left) || !made.count(right))
            throw Error({{}, 0, "merges"}, "'" + left + " " + right + "' merges a token that no earlier merge made");
        std::string merged = left + right;
        if (made.insert(merged).second)
            vocabEntries.emplace_back(std::move(merged), next++);
        mergeList.push_back(left + " " + right);
    }
    // The specials right after the model's vocabulary: the `tokenizers`
    // library numbers added tokens that are not in the vocabulary from its
    // size on, whatever ids the file gives them.
    json added = json::array();
    for (std::size_t i = 0; i < byteTokenizerSpecials().size(); ++i)
        added.push_back({{"id", next + static_cast<std::int64_t>(i)}, {"content", byteTokenizerSpecials()[i]},
                         {"single_word", false}, {"lstrip", false}, {"rstrip", false}, {"normalized", false},
                         {"special", true}});
    const std::string bos = byteTokenizerSpecials()[0];
    auto special = [&](const char *sequence, int typeId) {
        return json::array({{{"SpecialToken", {{"id", bos}, {"type_id", 0}}}},
                            {{"Sequence", {{"id", sequence}, {"type_id", typeId}}}}});
    };
    json pair = special("A", 0);
    for (const auto &piece : special("B", 1))
        pair.push_back(piece);

    json j;
    j["version"] = "1.0";
    j["truncation"] = nullptr;
    j["padding"] = nullptr;
    j["added_tokens"] = added;
    j["normalizer"] = nullptr;
    j["pre_tokenizer"] = {{"type", "ByteLevel"},
                          {"add_prefix_space", false},
                          {"trim_offsets", true},
                          // Merges are learnt within GPT-2's words; bytes alone need no split.
                          {"use_regex", !merges.empty()}};
    j["post_processor"] = {{"type", "TemplateProcessing"},
                           {"single", special("A", 0)},
                           {"pair", pair},
                           {"special_tokens", {{bos, {{"id", bos}, {"ids", {next}}, {"tokens", {bos}}}}}}};
    j["decoder"] = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}};
    j["model"] = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                  {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false},
                  {"ignore_merges", false}, {"vocab", vocab}, {"merges", mergeList}};
    return j.dump(2) + "\n";
}

} // namespace crsw
