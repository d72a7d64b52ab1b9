#include "train/train_checkpoint.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "train/checkpoint_writer.h"
#include "train/lora_adapter.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <torch/serialize.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <mutex>

namespace fs = std::filesystem;

namespace crsw {

namespace {

std::string stepName(std::int64_t step)
{
    char name[32];
    std::snprintf(name, sizeof name, "step-%08lld", static_cast<long long>(step));
    return name;
}

std::vector<fs::path> checkpointFolders(const fs::path &root)
{
    std::vector<fs::path> folders;
    if (!fs::is_directory(root))
        return folders;
    for (const auto &entry : fs::directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.rfind("step-", 0) == 0 && name.find('.') == std::string::npos)
            folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end()); // zero-padded: name order is step order
    return folders;
}

torch::Device deviceOf(CausalLMImpl &model)
{
    const auto parameters = model.parameters();
    return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

/// The random state of `device`'s default generator (the CPU's drives LoRA
/// init and dropout on the CPU; a CUDA device's, dropout on that device).
/// The data order is not among them: epochOrder derives it from seed and epoch.
std::string generatorState(const torch::Device &device)
{
    at::Generator generator = device.is_cuda() ? at::globalContext().defaultGenerator(device)
                                               : at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    const torch::Tensor state = generator.get_state();
    return std::string(static_cast<const char *>(state.data_ptr()), static_cast<std::size_t>(state.numel()));
}

void restoreGeneratorState(const torch::Device &device, const std::string &bytes)
{
    at::Generator generator = device.is_cuda() ? at::globalContext().defaultGenerator(device)
                                               : at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    torch::Tensor state = torch::empty({static_cast<std::int64_t>(bytes.size())}, torch::kUInt8);
    std::copy(bytes.begin(), bytes.end(), static_cast<char *>(state.data_ptr()));
    generator.set_state(state);
}

const char *const kCudaRngFile = "rng_state_cuda.bin";

} // namespace

std::string TrainCheckpoint::save(const std::string &runDir, std::int64_t step, CausalLMImpl &model,
                                  torch::optim::Optimizer &optimizer, const std::optional<LoraConfig> &lora,
                                  const std::string &stateJson, int keep)
{
    const fs::path root = fs::path(runDir) / "checkpoints";
    const fs::path final = root / stepName(step);
    const fs::path partial = root / (stepName(step) + ".partial");
    fs::remove_all(partial);
    makeDirectories(partial.string());
    if (lora)
        saveLoraAdapter(model, *lora, partial.string());
    else
        saveTrainableParameters(model, (partial / "trainable.safetensors").string());
    torch::save(optimizer, (partial / "optimizer.pt").string());
    writeFileAtomically((partial / "rng_state.bin").string(), generatorState(torch::kCPU));
    if (const torch::Device device = deviceOf(model); device.is_cuda())
        writeFileAtomically((partial / kCudaRngFile).string(), generatorState(device));
    writeFileAtomically((partial / "trainer_state.json").string(), stateJson);
    fs::remove_all(final);
    fs::rename(partial, final);
    writeFileAtomically((root / "latest").string(), final.filename().string() + "\n");

    std::vector<fs::path> folders = checkpointFolders(root);
    for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < folders.size(); ++i)
        if (folders[i] != final)
            fs::remove_all(folders[i]);
    return final.string();
}

std::string TrainCheckpoint::latest(const std::string &runDir)
{
    const fs::path root = fs::path(runDir) / "checkpoints";
    if (fs::exists(root / "latest")) {
        std::string name = readWholeFile((root / "latest").string());
        name.erase(name.find_last_not_of(" \r\n") + 1);
        if (!name.empty() && fs::exists(root / name / "trainer_state.json"))
            return (root / name).string();
    }
    const std::vector<fs::path> folders = checkpointFolders(root);
    for (auto it = folders.rbegin(); it != folders.rend(); ++it)
        if (fs::exists(*it / "trainer_state.json"))
            return it->string();
    return {};
}

std::string TrainCheckpoint::load(const std::string &folder, CausalLMImpl &model, torch::optim::Optimizer &optimizer,
                                  bool lora)
{
    const fs::path dir(folder);
    if (lora)
        loadLoraWeights(model, (dir / "adapter_model.safetensors").string());
    else
        loadTrainableParameters(model, (dir / "trainable.safetensors").string());
    const torch::Device device = deviceOf(model);
    try {
        // Onto the model's device: a run saved on a GPU resumes on the CPU and back.
        torch::load(optimizer, (dir / "optimizer.pt").string(), device);
    } catch (const c10::Error &e) {
        throw Error({(dir / "optimizer.pt").string(), 0, {}}, std::string("cannot load: ") + e.what_without_backtrace());
    }
    restoreGeneratorState(torch::kCPU, readWholeFile((dir / "rng_state.bin").string()));
    // Dropout on a GPU draws from its own generator; a run moved between
    // devices keeps its data order (epochOrder) but not its dropout masks.
    if (device.is_cuda() && fs::exists(dir / kCudaRngFile))
        restoreGeneratorState(device, readWholeFile((dir / kCudaRngFile).string()));
    return readWholeFile((dir / "trainer_state.json").string());
}

} // namespace crsw
