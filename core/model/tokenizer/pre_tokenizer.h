#pragma once

#include "model/tokenizer/json_fields.h"

#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// A piece of text on its way to the model.
struct PreToken {
    std::string text;
    bool atStart = false; ///< begins at offset 0 of the input (Metaspace's prepend_scheme "first")
};

/// A tokenizer.json "pre_tokenizer": splits pieces into the words the model
/// sees. Supported types: Split (String or Regex; behaviours Isolated,
/// Removed, MergedWithPrevious, MergedWithNext, Contiguous; invert),
/// ByteLevel (add_prefix_space, use_regex), Metaspace, Sequence.
class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    /// Replaces `pieces` by their splits; empty pieces are dropped.
    virtual void split(std::vector<PreToken> &pieces) const = 0;

    /// Builds the pre-tokenizer described by `json` (not null); throws
    /// crsw::Error naming the file and key for unsupported types or bad fields.
    static std::unique_ptr<PreTokenizer> fromJson(const nlohmann::json &json, const tokenizer_json::Context &where);
};

} // namespace crsw
