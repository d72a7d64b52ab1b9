// The LM embedder against transformers: mean-pooled, L2-normalised last hidden
// states of the golden checkpoints (make_decoder_goldens.py), independent of
// how texts are batched; the text path tokenizes with the folder's tokenizer.json.
#include "common/error.h"
#include "model/lm_embedder.h"
#include "model/safetensors_file.h"
#include "model/tokenizer/tokenizer.h"

#include "test_files.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace crsw;

namespace {

std::string goldenDir(const std::string &arch)
{
    return std::string(CRSW_MODEL_GOLDEN_DIR) + "/decoders/" + arch;
}

std::vector<std::vector<std::int64_t>> goldenSequences(const std::string &arch)
{
    std::ifstream in(goldenDir(arch) + "/golden.json");
    return nlohmann::json::parse(in).at("sequences").get<std::vector<std::vector<std::int64_t>>>();
}

double maxAbsDiff(const std::vector<float> &a, const std::vector<float> &b)
{
    double worst = a.size() == b.size() ? 0.0 : INFINITY;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])));
    return worst;
}

} // namespace

class TestLmEmbedder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void golden_data()
    {
        QTest::addColumn<QString>("arch");
        for (const char *arch : {"llama", "qwen2", "gemma2"})
            QTest::newRow(arch) << QString::fromLatin1(arch);
    }

    void golden()
    {
        QFETCH(QString, arch);
        const std::string dir = goldenDir(arch.toStdString());
        const auto sequences = goldenSequences(arch.toStdString());
        const std::vector<float> expected =
            SafetensorsFile::open(dir + "/golden.safetensors").tensor("embedding").toFloat32();
        Progress progress;
        for (std::int64_t batchSize : {16, 1}) {
            LmEmbedderOptions options;
            options.batchSize = batchSize;
            LmEmbedder embedder(dir, options);
            QCOMPARE(embedder.dimension(), std::size_t(64));
            QCOMPARE(embedder.name(), "lm:" + arch.toStdString());
            std::vector<float> out(sequences.size() * embedder.dimension());
            embedder.embedTokens(sequences, out.data(), progress);
            const double diff = maxAbsDiff(out, expected);
            qInfo("%s, batch %d: max |embedding - transformers| = %.3g", qPrintable(arch), int(batchSize), diff);
            QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
        }
    }

    void texts()
    {
        // The llama golden folder has the tokenizer.json its vocabulary was made for:
        // embed(texts) is embedTokens of the tokenizer's ids (BOS included).
        const std::string dir = goldenDir("llama");
        const Tokenizer tokenizer = Tokenizer::fromFile(dir + "/tokenizer.json");
        const std::vector<std::string_view> texts = {"I liked Arrival and Contact.", "c a", "Heat"};
        Progress progress;
        LmEmbedder embedder(dir);
        std::vector<float> out(texts.size() * 64);
        embedder.embed(texts, out.data(), progress);
        std::vector<std::vector<std::int64_t>> ids;
        for (std::string_view text : texts) {
            const auto tokens = tokenizer.encode(text);
            QCOMPARE(tokens.front(), TokenId(900)); // <|begin_of_text|>
            ids.emplace_back(tokens.begin(), tokens.end());
        }
        std::vector<float> direct(out.size());
        embedder.embedTokens(ids, direct.data(), progress);
        QCOMPARE(maxAbsDiff(out, direct), 0.0);
        for (std::size_t row = 0; row < texts.size(); ++row) {
            double norm = 0.0;
            for (std::size_t j = 0; j < 64; ++j)
                norm += double(out[row * 64 + j]) * out[row * 64 + j];
            QVERIFY(std::abs(std::sqrt(norm) - 1.0) < 1e-5);
        }
    }

    void tokenPastVocabulary()
    {
        // A tokenizer that does not fit the model (BOS id 900, 320 tokens): a clear error.
        QTemporaryDir dir;
        for (const char *file : {"config.json", "model.safetensors"})
            test::writeBytes(dir.filePath(QString::fromLatin1(file)),
                             test::readBytes(QString::fromStdString(goldenDir("qwen2") + "/" + file)));
        test::writeBytes(dir.filePath(QStringLiteral("tokenizer.json")),
                         test::readBytes(QStringLiteral(CRSW_MODEL_GOLDEN_DIR "/llama3_style.tokenizer.json")));
        LmEmbedder embedder(dir.path().toStdString());
        std::vector<float> out(64);
        Progress progress;
        try {
            embedder.embed({"a b c"}, out.data(), progress);
            QFAIL("no error for a token id past the vocabulary");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("token id 900 is outside the model's vocabulary (vocab_size 320)")
                         != std::string::npos,
                     e.what());
        }
    }

    void noTokenizer()
    {
        LmEmbedder embedder(goldenDir("qwen2"));
        std::vector<float> out(64);
        Progress progress;
        QVERIFY_THROWS_EXCEPTION(Error, embedder.embed({"x"}, out.data(), progress));
    }
};

QTEST_GUILESS_MAIN(TestLmEmbedder)
#include "test_lm_embedder.moc"
