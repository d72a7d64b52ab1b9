#pragma once

#include "model/tokenizer/bpe_model.h"
#include "model/tokenizer/json_fields.h"

#include <memory>
#include <vector>

namespace crsw {

/// A tokenizer.json "post_processor": adds special tokens around an encoded
/// sequence. Supported: TemplateProcessing (its "single" template),
/// ByteLevel (offsets only, so nothing to do on ids), Sequence.
class PostProcessor {
public:
    virtual ~PostProcessor() = default;
    /// Rewrites `ids` of one sequence, e.g. prepending BOS.
    virtual void process(std::vector<TokenId> &ids) const = 0;

    /// Builds the post-processor described by `json` (not null); throws
    /// crsw::Error naming the file and key for unsupported types or bad fields.
    static std::unique_ptr<PostProcessor> fromJson(const nlohmann::json &json, const tokenizer_json::Context &where);
};

} // namespace crsw
