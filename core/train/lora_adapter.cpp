#include "train/lora_adapter.h"

#include "common/atomic_file.h"
#include "common/error.h"
#include "model/decoder/linear_layer.h"
#include "model/safetensors_file.h"
#include "model/safetensors_writer.h"

#include <cstring>
#include <set>

namespace crsw {

namespace {

// PEFT wraps the transformers model twice (PeftModelForCausalLM.base_model =
// LoraModel, LoraModel.model = the ForCausalLM), hence the prefix.
const std::string kPeftPrefix = "base_model.model.";

std::string lastPart(const std::string &name)
{
    const std::size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

/// The LinearLayers with an adapter, by module name.
std::vector<std::pair<std::string, LinearLayerImpl *>> adaptedLayers(CausalLMImpl &model)
{
    std::vector<std::pair<std::string, LinearLayerImpl *>> layers;
    for (const auto &item : model.named_modules("", /*include_self=*/false))
        if (auto *linear = item.value()->as<LinearLayerImpl>(); linear && linear->hasLora())
            layers.emplace_back(item.key(), linear);
    return layers;
}

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

} // namespace

std::vector<std::string> applyLora(CausalLMImpl &model, const LoraConfig &config)
{
    config.validate();
    for (auto &parameter : model.parameters())
        parameter.set_requires_grad(false);
    const std::set<std::string> targets(config.targetModules.begin(), config.targetModules.end());
    std::vector<std::string> adapted;
    for (const auto &item : model.named_modules("", /*include_self=*/false)) {
        auto *linear = item.value()->as<LinearLayerImpl>();
        if (!linear || !targets.count(lastPart(item.key())))
            continue;
        if (linear->hasLora())
            throw Error({{}, 0, item.key()}, "already has a LoRA adapter");
        linear->enableLora(config.rank, config.scaling(), config.dropout);
        adapted.push_back(item.key());
    }
    if (adapted.empty())
        throw Error({{}, 0, "target_modules"}, "no module of the model matches");
    return adapted;
}

std::vector<std::pair<std::string, torch::Tensor>> loraTensors(CausalLMImpl &model)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto &[name, layer] : adaptedLayers(model)) {
        tensors.emplace_back(kPeftPrefix + name + ".lora_A.weight", layer->lora_A);
        tensors.emplace_back(kPeftPrefix + name + ".lora_B.weight", layer->lora_B);
    }
    return tensors;
}

void saveLoraAdapter(CausalLMImpl &model, const LoraConfig &config, const std::string &folder)
{
    makeDirectories(folder);
    const auto tensors = loraTensors(model);
    if (tensors.empty())
        throw Error({folder, 0, {}}, "the model has no LoRA adapter to save");
    std::vector<torch::Tensor> contiguous; // keeps the float32 copies alive while writing
    std::vector<TensorToWrite> toWrite;
    for (const auto &[name, tensor] : tensors) {
        contiguous.push_back(tensor.detach().to(torch::kCPU, torch::kFloat).contiguous());
        toWrite.push_back({name, TensorDType::F32, contiguous.back().sizes().vec(), contiguous.back().data_ptr()});
    }
    writeSafetensors(folder + "/adapter_model.safetensors", toWrite, {{"format", "pt"}});
    writeFileAtomically(folder + "/adapter_config.json", config.toJson());
}

void loadLoraWeights(CausalLMImpl &model, const std::string &path)
{
    const SafetensorsFile file = SafetensorsFile::open(path);
    std::set<std::string> expected;
    torch::NoGradGuard noGrad;
    for (auto &[name, tensor] : loraTensors(model)) {
        expected.insert(name);
        if (!file.contains(name))
            throw Error({path, 0, name}, "missing from the adapter");
        const TensorView &view = file.tensor(name);
        if (view.shape != tensor.sizes().vec())
            throw Error({path, 0, name}, "shape " + shapeText(view.shape) + ", but the model needs "
                                             + shapeText(tensor.sizes().vec()));
        const std::vector<float> values = view.toFloat32();
        tensor.copy_(torch::from_blob(const_cast<float *>(values.data()), view.shape, torch::kFloat));
    }
    for (const std::string &name : file.names())
        if (!expected.count(name))
            throw Error({path, 0, name}, "not a LoRA tensor of the adapted modules (wrong base model or target_modules?)");
}

LoraConfig loadLoraAdapter(CausalLMImpl &model, const std::string &folder)
{
    const LoraConfig config = LoraConfig::fromFolder(folder);
    applyLora(model, config);
    loadLoraWeights(model, folder + "/adapter_model.safetensors");
    return config;
}

void mergeLora(CausalLMImpl &model)
{
    for (const auto &[name, layer] : adaptedLayers(model))
        layer->mergeLora();
}

} // namespace crsw
