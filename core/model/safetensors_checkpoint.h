#pragma once

#include "model/safetensors_file.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace crsw {

/// The weights of a Hugging Face model folder: one model.safetensors, or the
/// shards listed by model.safetensors.index.json ("weight_map": tensor ->
/// shard file). Every shard is mapped on open and every weight_map entry is
/// checked to exist in its shard. Movable, not copyable.
class SafetensorsCheckpoint {
public:
    /// Opens a model folder, an index .json or a single .safetensors file.
    static SafetensorsCheckpoint open(const std::string &path);

    /// All tensor names, sorted.
    std::vector<std::string> names() const;
    /// True when some file of the checkpoint has a tensor `name`.
    bool contains(const std::string &name) const;
    /// The view of tensor `name`; throws crsw::Error naming the checkpoint when absent.
    const TensorView &tensor(const std::string &name) const;
    /// The mapped files (one unless sharded), in shard-name order.
    const std::vector<std::unique_ptr<SafetensorsFile>> &files() const { return m_files; }
    /// The index file read, or empty for a single file.
    const std::string &indexPath() const { return m_indexPath; }

private:
    std::string m_source;
    std::string m_indexPath;
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    std::map<std::string, const SafetensorsFile *> m_owner; ///< tensor -> its file
};

} // namespace crsw
