#pragma once

#include "model/tokenizer/json_fields.h"

#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// A tokenizer.json "decoder": turns the token strings of ids back into text.
/// Supported: ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence.
class Decoder {
public:
    virtual ~Decoder() = default;
    /// Rewrites the token strings (the library's decode_chain); the text is their concatenation.
    virtual void decodeChain(std::vector<std::string> &tokens) const = 0;

    /// Builds the decoder described by `json` (not null); throws crsw::Error
    /// naming the file and key for unsupported types or bad fields.
    static std::unique_ptr<Decoder> fromJson(const nlohmann::json &json, const tokenizer_json::Context &where);
};

} // namespace crsw
