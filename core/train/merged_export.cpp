#include "train/merged_export.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "model/decoder/checkpoint_loader.h"
#include "train/checkpoint_writer.h"
#include "train/lora_adapter.h"
#include "train/lora_config.h"

#include <filesystem>


namespace fs = std::filesystem;

namespace crsw {

namespace {

/// Absolute and normalised, without a trailing separator (so "out/" and
/// "out" give the same sibling "out.partial").
fs::path normalFolder(const std::string &folder)
{
    fs::path path = fs::absolute(folder).lexically_normal();
    if (path.filename().empty())
        path = path.parent_path();
    return path;
}

/// Deletes a temporary output folder when the export does not get as far as
/// renaming it into place (an error, a cancel, an exception from libtorch).
class PartialFolder {
public:
    explicit PartialFolder(fs::path path) : m_path(std::move(path)) {}
    ~PartialFolder()
    {
        if (!m_path.empty()) {
            std::error_code ignored; // nothing better to do while unwinding
            fs::remove_all(m_path, ignored);
        }
    }
    PartialFolder(const PartialFolder &) = delete;
    PartialFolder &operator=(const PartialFolder &) = delete;
    void release() { m_path.clear(); }

private:
    fs::path m_path;
};

} // namespace

std::string adapterBaseFolder(const std::string &adapterFolder)
{
    const std::string configPath = (fs::path(adapterFolder) / "adapter_config.json").string();
    const LoraConfig config = LoraConfig::fromFolder(adapterFolder);
    // Both errors name the key, so a caller can add how to give the base instead.
    if (config.baseModel.empty())
        throw Error({configPath, 0, "base_model_name_or_path"}, "names no base model folder");
    std::error_code ec;
    if (!fs::is_directory(config.baseModel, ec))
        throw Error({configPath, 0, "base_model_name_or_path"},
                    "names the base model folder " + config.baseModel + ", which does not exist (moved or deleted?)");
    return config.baseModel;
}

MergedExport exportMergedModel(const std::string &baseFolder, const std::string &adapterFolder,
                               const std::string &outFolder, Progress &progress, bool bf16)
{
    if (adapterFolder.empty())
        throw Error("no adapter folder given");
    if (outFolder.empty())
        throw Error("no output folder given");
    const fs::path adapter = normalFolder(adapterFolder);
    // Checked up front so the message names the missing file, not what failed to parse.
    for (const char *file : {"adapter_config.json", "adapter_model.safetensors"})
        if (!fs::is_regular_file(adapter / file))
            throw Error({(adapter / file).string(), 0, {}},
                        "missing: not a LoRA adapter folder (PEFT layout: adapter_config.json and "
                        "adapter_model.safetensors)");

    MergedExport result;
    result.baseFolder = baseFolder.empty() ? adapterBaseFolder(adapter.string()) : baseFolder;
    const fs::path base = normalFolder(result.baseFolder);
    if (!fs::is_directory(base))
        throw Error({base.string(), 0, {}}, "no such base model folder");
    if (!fs::is_regular_file(base / "config.json"))
        throw Error({(base / "config.json").string(), 0, {}}, "missing: the base is not a Hugging Face model folder");

    const fs::path target = normalFolder(outFolder);
    result.outFolder = target.string();
    if (target == base || target == adapter)
        throw Error({target.string(), 0, {}}, "is the base or the adapter folder; choose a new output folder");
    std::error_code ec;
    if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
        throw Error({target.string(), 0, {}}, "already exists and is not empty; choose a new output folder");

    // Everything is read before anything is written: a bad adapter fails without touching the disk.
    progress.reportNow(0.0, "loading the base model");
    CausalLM model = loadCausalLM(base.string());
    progress.throwIfCancelled();
    progress.reportNow(0.4, "loading the adapter");
    loadLoraAdapter(*model, adapter.string());
    result.adaptedModules = static_cast<std::int64_t>(loraTensors(*model).size() / 2); // lora_A and lora_B each
    progress.throwIfCancelled();

    const fs::path partial = target.string() + ".partial";
    fs::remove_all(partial, ec); // left by an export that was killed
    if (ec)
        throw Error({partial.string(), 0, {}}, "cannot remove the temporary folder of an earlier export: " + ec.message());
    PartialFolder guard(partial);
    progress.reportNow(0.5, "writing the merged model");
    // saveMergedCheckpoint folds W + scaling * B A on the way out.
    saveMergedCheckpoint(*model, base.string(), partial.string(), bf16);
    progress.throwIfCancelled(); // a cancel during the write leaves no OUT either

    progress.reportNow(0.95, "moving it into place");
    if (fs::exists(target, ec))
        fs::remove(target, ec); // an empty folder (checked above): rename() cannot replace a folder
    fs::rename(partial, target, ec);
    if (ec)
        throw Error({target.string(), 0, {}}, "cannot rename " + partial.string() + " into place: " + ec.message());
    guard.release();
    // The rename must reach the disk too, or a crash could bring the half folder's name back.
    syncDirectory(target.parent_path().string());
    progress.reportNow(1.0, "merged into " + target.string());
    return result;
}

} // namespace crsw
