// Generation beyond the greedy goldens: stop tokens (alone and batched), seeded
// sampling, top-p as transformers filters, the KV cache against full forward
// passes, and cancellation.
#include "decoder_test_support.h"

#include "model/compute_device.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/decoder/generation.h"
#include "model/decoder/kv_cache.h"
#include "model/decoder/token_sampler.h"

#include <QtTest>

#include <torch/csrc/autograd/grad_mode.h>

using namespace crsw;

namespace {

using Ids = std::vector<std::int64_t>;

std::vector<Ids> goldenRows(const nlohmann::json &golden, const char *key)
{
    return golden.at(key).get<std::vector<Ids>>();
}

/// The first position of `tokens` (from 1) whose token did not occur before it.
std::size_t firstNewToken(const Ids &tokens)
{
    for (std::size_t k = 1; k < tokens.size(); ++k)
        if (std::find(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(k), tokens[k])
            == tokens.begin() + static_cast<std::ptrdiff_t>(k))
            return k;
    return 0;
}

} // namespace

class TestDecoderGeneration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        configureTorchThreads();
        m_golden = test::decoderGoldenJson("qwen2");
        m_model = loadCausalLM(test::decoderGoldenDir("qwen2"));
        m_prompts = goldenRows(m_golden, "sequences");
        m_greedy = goldenRows(m_golden, "greedy_single");
    }

    void stopToken()
    {
        // A row ends at its stop token, which is not part of its output.
        GenerationOptions options;
        options.maxNewTokens = 16;
        std::vector<std::size_t> cut;
        for (std::size_t i = 0; i < m_prompts.size(); ++i) {
            const std::size_t k = firstNewToken(m_greedy[i]);
            QVERIFY(k > 0);
            cut.push_back(k);
            options.stopTokens = {m_greedy[i][k]};
            const auto result = generate(*m_model, {m_prompts[i]}, options);
            QCOMPARE(result[0].tokens, Ids(m_greedy[i].begin(), m_greedy[i].begin() + static_cast<std::ptrdiff_t>(k)));
            QVERIFY(result[0].stopped);
        }
        // Batched, with every row's stop token in the list: each row still stops at its own first one.
        options.stopTokens.clear();
        for (std::size_t i = 0; i < m_prompts.size(); ++i)
            options.stopTokens.push_back(m_greedy[i][cut[i]]);
        const auto batch = generate(*m_model, m_prompts, options);
        for (std::size_t i = 0; i < m_prompts.size(); ++i) {
            Ids expected;
            bool stopped = false;
            for (std::int64_t t : m_greedy[i]) {
                if (std::find(options.stopTokens.begin(), options.stopTokens.end(), t) != options.stopTokens.end()) {
                    stopped = true;
                    break;
                }
                expected.push_back(t);
            }
            QCOMPARE(batch[i].tokens, expected);
            QCOMPARE(batch[i].stopped, stopped);
        }
    }

    void maxNewTokens()
    {
        GenerationOptions options;
        options.maxNewTokens = 3;
        const auto result = generate(*m_model, m_prompts, options);
        for (std::size_t i = 0; i < result.size(); ++i)
            QCOMPARE(result[i].tokens, Ids(m_greedy[i].begin(), m_greedy[i].begin() + 3));
    }

    void seededSampling()
    {
        GenerationOptions options;
        options.maxNewTokens = 16;
        options.sampling.temperature = 1.0;
        options.sampling.seed = 7;
        const auto first = generate(*m_model, m_prompts, options);
        const auto again = generate(*m_model, m_prompts, options);
        bool differsFromGreedy = false;
        for (std::size_t i = 0; i < first.size(); ++i) {
            QCOMPARE(first[i].tokens, again[i].tokens); // same seed, same tokens
            QCOMPARE(first[i].tokens.size(), std::size_t(16));
            differsFromGreedy = differsFromGreedy || first[i].tokens != m_greedy[i];
        }
        QVERIFY(differsFromGreedy);
        options.sampling.seed = 8;
        const auto other = generate(*m_model, m_prompts, options);
        bool differs = false;
        for (std::size_t i = 0; i < first.size(); ++i)
            differs = differs || other[i].tokens != first[i].tokens;
        QVERIFY(differs);
        // A vanishing top-p keeps only the most likely token: sampling becomes greedy.
        options.sampling.topP = 1e-6;
        const auto nucleus = generate(*m_model, m_prompts, options);
        for (std::size_t i = 0; i < nucleus.size(); ++i)
            QCOMPARE(nucleus[i].tokens, m_greedy[i]);
    }

    void topPFilter()
    {
        // TopPLogitsWarper: tokens whose ascending cumulative probability stays
        // within 1 - top_p go; the most likely token always stays.
        const torch::Tensor logits = torch::tensor({0.15f, 0.5f, 0.05f, 0.3f}).log().unsqueeze(0);
        auto kept = [&](double topP) {
            const torch::Tensor filtered = TokenSampler::topPFilter(logits, topP)[0];
            Ids ids;
            for (std::int64_t i = 0; i < 4; ++i)
                if (std::isfinite(filtered[i].item<float>()))
                    ids.push_back(i);
            return ids;
        };
        QCOMPARE(kept(0.8), Ids({1, 3}));
        QCOMPARE(kept(0.9), Ids({0, 1, 3}));
        QCOMPARE(kept(0.01), Ids({1}));
        QCOMPARE(kept(1.0), Ids({0, 1, 2, 3}));
    }

    void cacheMatchesFullForward()
    {
        // Prefill all but the last four tokens, then feed them one at a time:
        // the logits equal one full forward pass (Gemma 2: through the sliding window too).
        torch::NoGradGuard noGrad;
        for (const char *arch : {"gemma2", "llama"}) {
            CausalLM model = loadCausalLM(test::decoderGoldenDir(arch));
            const Ids seq = goldenRows(test::decoderGoldenJson(arch), "sequences")[0];
            const torch::Tensor ids = test::idsTensor(seq);
            const std::int64_t n = ids.size(1);
            const torch::Tensor full = model->forward(ids)[0];
            KvCache cache(model->config().numHiddenLayers);
            model->forward(ids.narrow(1, 0, n - 4), {}, {}, &cache);
            for (std::int64_t t = n - 4; t < n; ++t) {
                const torch::Tensor step = model->forward(ids.narrow(1, t, 1), {}, {}, &cache)[0][0];
                const double diff = (step - full[t]).abs().max().item<double>();
                QVERIFY2(diff <= 1e-4,
                         qPrintable(QStringLiteral("%1 position %2: %3").arg(QLatin1String(arch)).arg(t).arg(diff)));
            }
            QCOMPARE(cache.length(), n);
        }
    }

    void cancel()
    {
        Progress progress;
        progress.cancel();
        GenerationOptions options;
        QVERIFY_THROWS_EXCEPTION(Cancelled, generate(*m_model, m_prompts, options, progress));
    }

private:
    nlohmann::json m_golden;
    CausalLM m_model{nullptr};
    std::vector<Ids> m_prompts;
    std::vector<Ids> m_greedy;
};

QTEST_GUILESS_MAIN(TestDecoderGeneration)
#include "test_decoder_generation.moc"
