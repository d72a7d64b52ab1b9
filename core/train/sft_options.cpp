#include "train/sft_options.h"

#include "common/error.h"

namespace crsw {

void SftOptions::validate() const
{
    auto fail = [](const char *field, const std::string &why) { throw Error({{}, 0, field}, why); };
    if (dataPath.empty())
        fail("data", "no training data given");
    if (baseFolder.empty())
        fail("base", "no base model given");
    if (runDir.empty())
        fail("out", "no run folder given");
    if (epochs < 1 && maxSteps <= 0)
        fail("epochs", "must be at least 1");
    if (!(learningRate > 0.0))
        fail("lr", "must be positive");
    if (weightDecay < 0.0)
        fail("weight-decay", "must not be negative");
    if (batchSize < 1)
        fail("batch", "must be at least 1");
    if (gradAccum < 1)
        fail("grad-accum", "must be at least 1");
    if (maxTokens < 2)
        fail("max-tokens", "must be at least 2");
    if (!(warmupRatio >= 0.0 && warmupRatio < 1.0))
        fail("warmup-ratio", "must be in [0, 1)");
    if (saveEvery < 1)
        fail("save-every", "must be at least 1");
    if (keepCheckpoints < 1)
        fail("keep-checkpoints", "must be at least 1");
    if (device.empty())
        fail("device", "no device given (auto, cpu, cuda or cuda:N)");
    if (method == TrainMethod::Lora)
        lora.validate();
}

TrainMethod parseTrainMethod(const std::string &name)
{
    if (name == "lora")
        return TrainMethod::Lora;
    if (name == "full")
        return TrainMethod::Full;
    throw Error({{}, 0, "method"}, "unknown '" + name + "' (lora or full)");
}

std::string trainMethodName(TrainMethod method)
{
    return method == TrainMethod::Lora ? "lora" : "full";
}

} // namespace crsw
