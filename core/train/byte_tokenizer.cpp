#include "train/byte_tokenizer.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

namespace crsw {

namespace {

/// GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves,
/// the others for code points 256 upwards, so every byte is a visible character.
std::string byteSymbol(int byte)
{
    static const std::vector<int> codePoints = [] {
        std::vector<int> map(256, -1);
        int next = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            map[static_cast<std::size_t>(b)] = printable ? b : next++;
        }
        return map;
    }();
    const int cp = codePoints[static_cast<std::size_t>(byte)];
    std::string utf8;
    if (cp < 0x80) {
        utf8 += static_cast<char>(cp);
    } else {
        utf8 += static_cast<char>(0xC0 | (cp >> 6));
        utf8 += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return utf8;
}

} // namespace

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
    for (int b = 0; b < 256; ++b)
        vocab[byteSymbol(b)] = b;
    // Merged tokens after the bytes, in the order learnt; a merge whose
    // result is already a token (another merge order reached it) adds none.
    json mergeList = json::array();
    std::int64_t next = 256;
    for (const auto &[left, right] : merges) {
        if (!vocab.contains(left) || !vocab.contains(right))
            throw Error({{}, 0, "merges"}, "'" + left + " " + right + "' merges a token that no earlier merge made");
        const std::string merged = left + right;
        if (!vocab.contains(merged))
            vocab[merged] = next++;
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
