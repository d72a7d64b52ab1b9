// The decoders against transformers (tests/golden/model/make_decoder_goldens.py):
// fp32 logits within 1e-4 of Hugging Face's for each architecture, a
// left-padded batch equal to each sequence alone, and greedy generations
// with the KV cache token for token.
#include "decoder_test_support.h"

#include "model/compute_device.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/decoder/generation.h"

#include <QtTest>

#include <torch/csrc/autograd/grad_mode.h>

using namespace crsw;

namespace {

constexpr double kTolerance = 1e-4;

double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    if (a.sizes() != b.sizes())
        return std::numeric_limits<double>::infinity();
    return (a.to(torch::kFloat) - b.to(torch::kFloat)).abs().max().item<double>();
}

QString idsText(const std::vector<std::int64_t> &ids)
{
    QStringList parts;
    for (std::int64_t id : ids)
        parts << QString::number(id);
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

#define COMPARE_IDS(actual, expected)                                                                      \
    QVERIFY2((actual) == (expected),                                                                       \
             qPrintable(QStringLiteral("got %1, expected %2").arg(idsText(actual), idsText(expected))))

std::vector<std::vector<std::int64_t>> sequences(const nlohmann::json &golden, const char *key)
{
    return golden.at(key).get<std::vector<std::vector<std::int64_t>>>();
}

} // namespace

class TestDecoderGolden : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { configureTorchThreads(); }

    void logits_data() { architectures(); }
    void logits()
    {
        QFETCH(QString, arch);
        torch::NoGradGuard noGrad;
        CausalLM model = loadCausalLM(test::decoderGoldenDir(arch.toStdString()));
        const nlohmann::json golden = test::decoderGoldenJson(arch.toStdString());
        const SafetensorsFile expected = SafetensorsFile::open(test::decoderGoldenDir(arch.toStdString())
                                                               + "/golden.safetensors");
        const auto seqs = sequences(golden, "sequences");
        double worst = 0.0;
        for (std::size_t i = 0; i < seqs.size(); ++i) {
            const torch::Tensor logits = model->forward(test::idsTensor(seqs[i]))[0];
            const double diff = maxAbsDiff(logits, test::goldenTensor(expected, "logits." + std::to_string(i)));
            worst = std::max(worst, diff);
        }
        qInfo("%s: max |logits - transformers| = %.3g", qPrintable(arch), worst);
        QVERIFY2(worst <= kTolerance, qPrintable(QStringLiteral("max abs diff %1").arg(worst)));
    }

    void paddedBatch_data() { architectures(); }
    void paddedBatch()
    {
        // A left-padded batch (positions from the mask, as generate() makes them)
        // gives each row the logits it has alone, and transformers' batch logits.
        QFETCH(QString, arch);
        torch::NoGradGuard noGrad;
        CausalLM model = loadCausalLM(test::decoderGoldenDir(arch.toStdString()));
        const nlohmann::json golden = test::decoderGoldenJson(arch.toStdString());
        const SafetensorsFile expected = SafetensorsFile::open(test::decoderGoldenDir(arch.toStdString())
                                                               + "/golden.safetensors");
        const auto seqs = sequences(golden, "sequences");
        const auto [ids, mask] = test::leftPad(seqs, golden.at("pad_token_id").get<std::int64_t>());
        const torch::Tensor batch = model->forward(ids, mask);
        const std::int64_t width = ids.size(1);
        double worstAlone = 0.0;
        for (std::size_t i = 0; i < seqs.size(); ++i) {
            const auto n = static_cast<std::int64_t>(seqs[i].size());
            const torch::Tensor alone = model->forward(test::idsTensor(seqs[i]))[0];
            const torch::Tensor row = batch[static_cast<std::int64_t>(i)].narrow(0, width - n, n);
            worstAlone = std::max(worstAlone, maxAbsDiff(row, alone));
        }
        const double worstHf = maxAbsDiff(batch.select(1, width - 1), test::goldenTensor(expected, "batch_last"));
        qInfo("%s: padded vs alone %.3g, padded vs transformers %.3g", qPrintable(arch), worstAlone, worstHf);
        QVERIFY2(worstAlone <= kTolerance, qPrintable(QStringLiteral("padded vs alone %1").arg(worstAlone)));
        QVERIFY2(worstHf <= kTolerance, qPrintable(QStringLiteral("padded vs transformers %1").arg(worstHf)));
    }

    void greedy_data() { architectures(); }
    void greedy()
    {
        QFETCH(QString, arch);
        CausalLM model = loadCausalLM(test::decoderGoldenDir(arch.toStdString()));
        const nlohmann::json golden = test::decoderGoldenJson(arch.toStdString());
        const auto seqs = sequences(golden, "sequences");
        GenerationOptions options;
        options.maxNewTokens = golden.at("max_new_tokens").get<std::int64_t>();
        options.padToken = golden.at("pad_token_id").get<std::int64_t>();

        // Each prompt alone, then all of them as one left-padded batch.
        const auto expectedSingle = sequences(golden, "greedy_single");
        for (std::size_t i = 0; i < seqs.size(); ++i) {
            const auto result = generate(*model, {seqs[i]}, options);
            COMPARE_IDS(result.at(0).tokens, expectedSingle[i]);
            QVERIFY(!result[0].stopped);
        }
        const auto batch = generate(*model, seqs, options);
        const auto expectedBatch = sequences(golden, "greedy_batch");
        QCOMPARE(batch.size(), expectedBatch.size());
        for (std::size_t i = 0; i < batch.size(); ++i)
            COMPARE_IDS(batch[i].tokens, expectedBatch[i]);
    }

private:
    void architectures()
    {
        QTest::addColumn<QString>("arch");
        for (const char *arch : {"llama", "qwen2", "gemma2"})
            QTest::newRow(arch) << QString::fromLatin1(arch);
    }
};

QTEST_GUILESS_MAIN(TestDecoderGolden)
#include "test_decoder_golden.moc"
