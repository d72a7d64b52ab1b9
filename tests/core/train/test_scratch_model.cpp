// The from-scratch model: the byte-level tokenizer (every byte one token,
// Llama 3 specials, BOS by the post-processor, exact decode), a config and
// weights that load as a Llama model with the Llama 3 chat format, labelled
// as a scratch model.
#include "model/chat_format.h"
#include "model/decoder/checkpoint_loader.h"
#include "model/language_model.h"
#include "model/tokenizer/tokenizer.h"
#include "train/byte_tokenizer.h"
#include "train/scratch_model.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace crsw;

class TestScratchModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void byteTokenizerIsOneTokenPerByte()
    {
        const Tokenizer tokenizer = Tokenizer::fromJson(byteTokenizerJson());
        QCOMPARE(tokenizer.vocabSize(), std::size_t(262));
        const std::string text = "Héllo, wörld!\n\t1. Amélie<|eot_id|>";
        EncodeOptions plain;
        plain.addSpecialTokens = false;
        const auto ids = tokenizer.encode(text, plain);
        const std::string bytes = "Héllo, wörld!\n\t1. Amélie";
        QCOMPARE(ids.size(), bytes.size() + 1);
        for (std::size_t i = 0; i < bytes.size(); ++i)
            QCOMPARE(std::int64_t(ids[i]), std::int64_t(static_cast<unsigned char>(bytes[i])));
        QCOMPARE(std::int64_t(ids.back()), std::int64_t(260));
        QCOMPARE(QString::fromStdString(tokenizer.decode(ids)), QString::fromStdString(text));
        QCOMPARE(QString::fromStdString(tokenizer.decode(ids, true)), QString::fromStdString(bytes));
        const auto withBos = tokenizer.encode("a");
        QCOMPARE(withBos.size(), std::size_t(2));
        QCOMPARE(std::int64_t(withBos.front()), std::int64_t(256));
    }

    void folderLoadsAsALlamaChatModel()
    {
        QTemporaryDir dir;
        const std::string folder = dir.filePath(QStringLiteral("scratch")).toStdString();
        ScratchModelOptions options;
        options.hiddenSize = 32;
        options.layers = 2;
        options.heads = 2;
        options.kvHeads = 1;
        options.intermediateSize = 64;
        const std::int64_t parameters = writeScratchModel(folder, options);
        QVERIFY(parameters > 262 * 32);
        std::ifstream in(folder + "/config.json");
        const nlohmann::json config = nlohmann::json::parse(in);
        QCOMPARE(config.at("crsw_scratch").get<bool>(), true);

        LanguageModel model(folder);
        QVERIFY(model.chatFormat() == ChatFormat::Llama3);
        QCOMPARE(model.config().vocabSize, std::int64_t(262));
        const auto stops = model.stopTokens();
        QVERIFY(std::find(stops.begin(), stops.end(), 260) != stops.end());
        const auto prompt = model.chatPrompt({{"user", "hi"}});
        QCOMPARE(prompt.front(), std::int64_t(256));
        Progress progress;
        GenerationOptions generation;
        generation.maxNewTokens = 4;
        QCOMPARE(model.generate({prompt}, generation, progress).size(), std::size_t(1));

        // The init is transformers': norms at one, weights ~ N(0, 0.02).
        CausalLM lm = loadCausalLM(folder);
        const torch::Tensor q = lm->named_parameters()["model.layers.0.self_attn.q_proj.weight"];
        QVERIFY(std::abs(q.std().item<double>() - 0.02) < 0.004);
        QCOMPARE(lm->named_parameters()["model.norm.weight"].min().item<double>(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestScratchModel)
#include "test_scratch_model.moc"
