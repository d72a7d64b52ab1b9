#include "train/checkpoint_writer.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "model/decoder/linear_layer.h"
#include "model/safetensors_file.h"
#include "model/safetensors_writer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

namespace crsw {

namespace {

void writeTensors(const std::string &path, const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                  bool bf16)
{
    std::vector<torch::Tensor> keep; // the CPU copies must outlive writeSafetensors
    std::vector<TensorToWrite> toWrite;
    for (const auto &[name, tensor] : tensors) {
        keep.push_back(tensor.detach().to(torch::kCPU, bf16 ? torch::kBFloat16 : torch::kFloat).contiguous());
        toWrite.push_back({name, bf16 ? TensorDType::BF16 : TensorDType::F32, keep.back().sizes().vec(),
                           keep.back().data_ptr()});
    }
    writeSafetensors(path, toWrite, {{"format", "pt"}});
}

} // namespace

void saveMergedCheckpoint(CausalLMImpl &model, const std::string &baseFolder, const std::string &folder, bool bf16)
{
    makeDirectories(folder);
    // Adapted layers by the name of their weight, to fold B A in on the way out.
    std::map<std::string, LinearLayerImpl *> adapted;
    for (const auto &item : model.named_modules("", false))
        if (auto *linear = item.value()->as<LinearLayerImpl>(); linear && linear->hasLora() && !linear->loraMerged())
            adapted[item.key() + ".weight"] = linear;

    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    torch::NoGradGuard noGrad;
    for (const auto &item : model.named_parameters()) {
        const std::string &name = item.key();
        if (name.size() > 7 && (name.compare(name.size() - 7, 7, ".lora_A") == 0
                                || name.compare(name.size() - 7, 7, ".lora_B") == 0))
            continue;
        torch::Tensor value = item.value();
        if (const auto it = adapted.find(name); it != adapted.end()) {
            const LinearLayerImpl &layer = *it->second;
            value = value.to(torch::kFloat)
                + torch::matmul(layer.lora_B.to(torch::kFloat), layer.lora_A.to(torch::kFloat)) * layer.loraScaling();
        }
        tensors.emplace_back(name, value);
    }
    writeTensors(folder + "/model.safetensors", tensors, bf16);

    nlohmann::ordered_json config = nlohmann::ordered_json::parse(readWholeFile(baseFolder + "/config.json"));
    config["torch_dtype"] = bf16 ? "bfloat16" : "float32";
    writeFileAtomically(folder + "/config.json", config.dump(2) + "\n");
    namespace fs = std::filesystem;
    for (const char *file : {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                             "generation_config.json"}) {
        const fs::path from = fs::path(baseFolder) / file;
        if (fs::exists(from) && fs::absolute(from) != fs::absolute(fs::path(folder) / file))
            writeFileAtomically((fs::path(folder) / file).string(), readWholeFile(from.string()));
    }
}

void saveTrainableParameters(CausalLMImpl &model, const std::string &path)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto &item : model.named_parameters())
        if (item.value().requires_grad())
            tensors.emplace_back(item.key(), item.value());
    writeTensors(path, tensors, false);
}

void loadTrainableParameters(CausalLMImpl &model, const std::string &path)
{
    const SafetensorsFile file = SafetensorsFile::open(path);
    torch::NoGradGuard noGrad;
    for (auto &item : model.named_parameters()) {
        if (!item.value().requires_grad())
            continue;
        const TensorView &view = file.tensor(item.key()); // throws naming file and tensor
        if (view.shape != item.value().sizes().vec())
            throw Error({path, 0, item.key()}, "shape does not match the model");
        const std::vector<float> values = view.toFloat32();
        item.value().copy_(torch::from_blob(const_cast<float *>(values.data()), view.shape, torch::kFloat));
    }
}

} // namespace crsw
