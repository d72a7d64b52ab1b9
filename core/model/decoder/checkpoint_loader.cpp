#include "model/decoder/checkpoint_loader.h"

#include "common/error.h"
#include "model/safetensors_checkpoint.h"

#include <torch/cuda.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <cstring>

namespace crsw {

namespace {

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

torch::ScalarType torchType(TensorDType dtype)
{
    switch (dtype) {
    case TensorDType::F32:
        return torch::kFloat;
    case TensorDType::F16:
        return torch::kHalf;
    case TensorDType::BF16:
        return torch::kBFloat16;
    case TensorDType::F64:
        return torch::kDouble;
    default:
        return torch::kByte; // never used: callers reject non-float types first
    }
}

/// The file that holds (or, when absent, should hold) `name`: its shard, else
/// the index of a sharded checkpoint, else the single file.
std::string fileOf(const SafetensorsCheckpoint &checkpoint, const std::string &name)
{
    for (const auto &file : checkpoint.files())
        if (file->contains(name))
            return file->path();
    if (!checkpoint.indexPath().empty())
        return checkpoint.indexPath();
    return checkpoint.files().empty() ? std::string() : checkpoint.files().front()->path();
}

const char *architectureName(ModelArchitecture architecture)
{
    switch (architecture) {
    case ModelArchitecture::Llama:
        return "LlamaForCausalLM";
    case ModelArchitecture::Gemma2:
        return "Gemma2ForCausalLM";
    case ModelArchitecture::Qwen2:
        return "Qwen2ForCausalLM";
    }
    return "?";
}

} // namespace

DecoderLoadOptions DecoderLoadOptions::parse(const std::string &device, const std::string &dtype)
{
    DecoderLoadOptions options;
    if (dtype == "float32")
        options.dtype = torch::kFloat;
    else if (dtype == "bfloat16")
        options.dtype = torch::kBFloat16;
    else if (dtype == "float16")
        options.dtype = torch::kHalf;
    else
        throw Error({{}, 0, "dtype"}, "unsupported '" + dtype + "' (supported: float32, bfloat16, float16)");
    try {
        options.device = torch::Device(device);
    } catch (const std::exception &) {
        throw Error({{}, 0, "device"}, "unknown device '" + device + "' (e.g. cpu, cuda, cuda:1)");
    }
    if (options.device.is_cuda() && !torch::cuda::is_available())
        throw Error({{}, 0, "device"}, "'" + device + "' requested, but this libtorch sees no CUDA device");
    return options;
}

CausalLM loadCausalLM(const std::string &folder, const DecoderLoadOptions &options)
{
    const ModelConfig config = ModelConfig::fromFile(folder);
    const SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint::open(folder);
    CausalLM model(config, torch::TensorOptions().dtype(options.dtype).device(options.device));

    torch::NoGradGuard noGrad;
    for (auto &item : model->named_parameters()) {
        const std::string &name = item.key();
        torch::Tensor &parameter = item.value();
        if (!checkpoint.contains(name))
            throw Error({fileOf(checkpoint, name), 0, name}, "missing from the checkpoint");
        const TensorView &view = checkpoint.tensor(name);
        const std::vector<std::int64_t> expected = parameter.sizes().vec();
        if (view.shape != expected)
            throw Error({fileOf(checkpoint, name), 0, name},
                        "shape " + shapeText(view.shape) + ", but " + architectureName(config.architecture)
                            + " with this config.json needs " + shapeText(expected));
        if (!isFloatConvertible(view.dtype))
            throw Error({fileOf(checkpoint, name), 0, name},
                        std::string("dtype ") + dtypeName(view.dtype) + " is not a floating-point type");
        // Copy out of the mapping first: safetensors data may be unaligned for the element type.
        torch::Tensor stored = torch::empty(expected, torch::TensorOptions().dtype(torchType(view.dtype)));
        std::memcpy(stored.data_ptr(), view.data, view.byteSize);
        parameter.copy_(stored);
    }
    model->eval();
    return model;
}

} // namespace crsw
