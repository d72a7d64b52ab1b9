#include "model/decoder/causal_lm.h"

#include "model/decoder/row_projection.h"

namespace crsw {

CausalLMImpl::CausalLMImpl(const ModelConfig &config, const torch::TensorOptions &options)
{
    model = register_module("model", DecoderModel(config, options));
    if (!config.tieWordEmbeddings)
        lm_head = register_module("lm_head", LinearLayer(config.hiddenSize, config.vocabSize, false, options));
}

torch::Tensor CausalLMImpl::forward(const torch::Tensor &ids, const torch::Tensor &attentionMask,
                                    const torch::Tensor &positions, KvCache *cache, bool lastPositionOnly)
{
    torch::Tensor hidden = model->forward(ids, attentionMask, positions, cache);
    if (lastPositionOnly)
        hidden = hidden.narrow(1, hidden.size(1) - 1, 1); // generation needs no [T, vocab] logits
    return logits(hidden);
}

torch::Tensor CausalLMImpl::logits(const torch::Tensor &hidden)
{
    torch::Tensor out = lm_head ? projectRows(*lm_head, hidden) : torch::linear(hidden, model->embed_tokens->weight);
    const ModelConfig &c = model->config();
    if (c.architecture == ModelArchitecture::Gemma2 && c.finalLogitSoftcapping)
        out = torch::tanh(out / *c.finalLogitSoftcapping) * *c.finalLogitSoftcapping;
    return out;
}

} // namespace crsw
