// safetensors: the golden file written by the Python library, round trips
// through our writer (checked by Python when it has safetensors), damaged
// files, and sharded checkpoints.
#include "common/error.h"
#include "model/safetensors_checkpoint.h"
#include "model/safetensors_file.h"
#include "model/safetensors_writer.h"

#include "test_files.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>

using namespace crsw;

namespace {

const std::string kGoldenDir = CRSW_MODEL_GOLDEN_DIR;

std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A safetensors file from a header text and a data blob.
std::string fileBytes(const std::string &header, const std::string &data)
{
    std::string bytes(8, '\0');
    std::uint64_t length = header.size();
    for (int i = 0; i < 8; ++i)
        bytes[i] = static_cast<char>(length >> (8 * i));
    return bytes + header + data;
}

/// The message of the crsw::Error that opening `bytes` throws ("" if none).
QString openError(const QString &path, const std::string &bytes)
{
    test::writeBytes(path, bytes);
    try {
        SafetensorsFile::open(path.toStdString());
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

/// python3 (or $CRSW_PYTHON) when it imports safetensors and numpy, else empty.
QString pythonWithSafetensors()
{
    const QString python = qEnvironmentVariable("CRSW_PYTHON", QStringLiteral("python3"));
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import safetensors.numpy, numpy")});
    if (!probe.waitForFinished(60000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        return {};
    return python;
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void readsGoldenFile();
    void halfAndBf16Conversions();
    void roundTripThroughWriter();
    void writerOutputLoadsInPython();
    void damagedFiles_data();
    void damagedFiles();
    void missingTensorNamesFileAndTensor();
    void shardedCheckpoint();
    void shardedIndexErrors();

private:
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

void TestSafetensors::readsGoldenFile()
{
    const SafetensorsFile file = SafetensorsFile::open(kGoldenDir + "/tiny.safetensors");
    const nlohmann::json expected = nlohmann::json::parse(readText(kGoldenDir + "/tiny.safetensors.json"));
    QCOMPARE(file.metadata(), (expected.at("metadata").get<std::map<std::string, std::string>>()));
    QCOMPARE(file.names().size(), expected.at("tensors").size());
    for (const auto &[name, want] : expected.at("tensors").items()) {
        const TensorView &view = file.tensor(name);
        QCOMPARE(std::string(dtypeName(view.dtype)), want.at("dtype").get<std::string>());
        QCOMPARE(view.shape, want.at("shape").get<std::vector<std::int64_t>>());
        const nlohmann::json &values = want.at("values");
        QCOMPARE(static_cast<std::size_t>(view.numel()), values.size());
        if (isFloatConvertible(view.dtype)) {
            const std::vector<float> got = view.toFloat32();
            for (std::size_t i = 0; i < got.size(); ++i) {
                // F16 values are stored as strings so that "inf" survives JSON.
                const double value = values[i].is_string() ? std::stod(values[i].get<std::string>()) : values[i].get<double>();
                QCOMPARE(got[i], static_cast<float>(value));
            }
        } else {
            for (std::size_t i = 0; i < values.size(); ++i) {
                std::int64_t got = 0;
                if (view.dtype == TensorDType::I64)
                    got = view.as<std::int64_t>(TensorDType::I64)[i];
                else if (view.dtype == TensorDType::I32)
                    got = view.as<std::int32_t>(TensorDType::I32)[i];
                else
                    got = view.as<std::uint8_t>(TensorDType::U8)[i];
                QCOMPARE(got, values[i].get<std::int64_t>());
            }
        }
    }
    // Zero-copy: the F32 view points into the mapping and is aligned.
    const float *direct = file.tensor("layer.weight").as<float>(TensorDType::F32);
    QCOMPARE(direct[3], 3.25f);
    QVERIFY_THROWS_EXCEPTION(Error, file.tensor("steps").toFloat32());
    QVERIFY_THROWS_EXCEPTION(Error, file.tensor("half").as<float>(TensorDType::F32));
}

void TestSafetensors::halfAndBf16Conversions()
{
    QCOMPARE(halfToFloat(0x3C00), 1.0f);
    QCOMPARE(halfToFloat(0xC000), -2.0f);
    QCOMPARE(halfToFloat(0x7BFF), 65504.0f);
    QCOMPARE(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
    QVERIFY(std::isinf(halfToFloat(0x7C00)));
    QVERIFY(std::isnan(halfToFloat(0x7E00)));
    QCOMPARE(floatToHalf(1.0f), std::uint16_t(0x3C00));
    QCOMPARE(floatToHalf(65520.0f), std::uint16_t(0x7C00)); // halfway above the maximum rounds to infinity
    QCOMPARE(floatToHalf(std::ldexp(1.0f, -25)), std::uint16_t(0x0000)); // ties to even (zero)
    QCOMPARE(floatToHalf(std::ldexp(3.0f, -25)), std::uint16_t(0x0002));
    // Every half value converts to float and back unchanged.
    for (std::uint32_t bits = 0; bits < 0x10000; ++bits) {
        if ((bits & 0x7C00) == 0x7C00 && (bits & 0x3FF) != 0)
            continue; // NaN payloads are not preserved
        QCOMPARE(floatToHalf(halfToFloat(static_cast<std::uint16_t>(bits))), static_cast<std::uint16_t>(bits));
    }
    QCOMPARE(floatToBf16(1.0f), std::uint16_t(0x3F80));
    QCOMPARE(bf16ToFloat(0x3F80), 1.0f);
    QCOMPARE(floatToBf16(1.00390625f), std::uint16_t(0x3F80)); // 1 + 2^-8: tie, to even
    QCOMPARE(floatToBf16(1.01171875f), std::uint16_t(0x3F82)); // 1 + 3 * 2^-8: tie, to even (up)
    QVERIFY(std::isnan(bf16ToFloat(floatToBf16(std::nanf("")))));
}

void TestSafetensors::roundTripThroughWriter()
{
    const std::vector<float> f32 = {1.5f, -2.0f, 3.0f, 0.25f, 1e-8f, -0.0f};
    std::vector<std::uint16_t> bf16, f16;
    for (float v : f32) {
        bf16.push_back(floatToBf16(v));
        f16.push_back(floatToHalf(v));
    }
    const std::vector<std::int64_t> i64 = {1, -2, 3};
    const std::vector<std::uint8_t> u8 = {9, 8, 7};
    const std::string out = path("round.safetensors").toStdString();
    writeSafetensors(out,
                     {{"b.bf16", TensorDType::BF16, {2, 3}, bf16.data()},
                      {"a.u8", TensorDType::U8, {3}, u8.data()},
                      {"c.f32", TensorDType::F32, {3, 2}, f32.data()},
                      {"d.f16", TensorDType::F16, {6}, f16.data()},
                      {"e.i64", TensorDType::I64, {3}, i64.data()},
                      {"f.empty", TensorDType::F32, {0}, nullptr}},
                     {{"format", "pt"}});
    const std::string bytes = test::readBytes(path("round.safetensors"));
    std::uint64_t headerLength = 0;
    std::memcpy(&headerLength, bytes.data(), 8);
    QCOMPARE((8 + headerLength) % 8, std::uint64_t(0));

    const SafetensorsFile file = SafetensorsFile::open(out);
    QCOMPARE(file.metadata().at("format"), std::string("pt"));
    QCOMPARE(file.tensor("c.f32").toFloat32(), f32);
    QCOMPARE(file.tensor("c.f32").shape, (std::vector<std::int64_t>{3, 2}));
    const std::vector<float> fromBf16 = file.tensor("b.bf16").toFloat32();
    const std::vector<float> fromF16 = file.tensor("d.f16").toFloat32();
    for (std::size_t i = 0; i < f32.size(); ++i) {
        QCOMPARE(fromBf16[i], bf16ToFloat(bf16[i]));
        QCOMPARE(fromF16[i], halfToFloat(f16[i]));
        QVERIFY(std::fabs(fromBf16[i] - f32[i]) <= std::fabs(f32[i]) / 128);
    }
    QCOMPARE(file.tensor("e.i64").as<std::int64_t>(TensorDType::I64)[1], std::int64_t(-2));
    QCOMPARE(file.tensor("a.u8").as<std::uint8_t>(TensorDType::U8)[2], std::uint8_t(7));
    QCOMPARE(file.tensor("f.empty").numel(), std::int64_t(0));
    // Every tensor is aligned to its element size.
    for (const std::string &name : file.names()) {
        const TensorView &view = file.tensor(name);
        QVERIFY(reinterpret_cast<std::uintptr_t>(view.data) % dtypeSize(view.dtype) == 0);
    }
    QVERIFY_THROWS_EXCEPTION(Error, writeSafetensors(out, {{"x", TensorDType::F32, {1}, f32.data()},
                                                           {"x", TensorDType::F32, {1}, f32.data()}}));
}

void TestSafetensors::writerOutputLoadsInPython()
{
    const QString python = pythonWithSafetensors();
    if (python.isEmpty())
        QSKIP("python3 with safetensors and numpy not found (set CRSW_PYTHON); skipping");
    const std::vector<float> f32 = {1.5f, -2.0f, 3.0f, 0.25f};
    std::vector<std::uint16_t> f16, bf16;
    for (float v : f32) {
        f16.push_back(floatToHalf(v));
        bf16.push_back(floatToBf16(v));
    }
    const std::vector<std::int64_t> i64 = {5, -6};
    const std::string out = path("py.safetensors").toStdString();
    writeSafetensors(out,
                     {{"w", TensorDType::F32, {2, 2}, f32.data()},
                      {"h", TensorDType::F16, {4}, f16.data()},
                      {"i", TensorDType::I64, {2}, i64.data()},
                      {"b", TensorDType::BF16, {4}, bf16.data()}},
                     {{"format", "pt"}});
    // numpy has no bfloat16: BF16 is checked through the raw deserializer.
    const QString script = QStringLiteral(
        "import sys, numpy as np\n"
        "from safetensors import deserialize, safe_open\n"
        "path = sys.argv[1]\n"
        "with safe_open(path, framework='numpy') as f:\n"
        "    assert f.metadata() == {'format': 'pt'}, f.metadata()\n"
        "    w = f.get_tensor('w'); h = f.get_tensor('h'); i = f.get_tensor('i')\n"
        "assert w.dtype == np.float32 and w.shape == (2, 2) and w.tolist() == [[1.5, -2.0], [3.0, 0.25]]\n"
        "assert h.dtype == np.float16 and h.tolist() == [1.5, -2.0, 3.0, 0.25]\n"
        "assert i.dtype == np.int64 and i.tolist() == [5, -6]\n"
        "raw = dict(deserialize(open(path, 'rb').read()))\n"
        "b = np.frombuffer(bytes(raw['b']['data']), dtype=np.uint16).astype(np.uint32) << 16\n"
        "assert b.view(np.float32).tolist() == [1.5, -2.0, 3.0, 0.25]\n"
        "print('ok')\n");
    QProcess process;
    process.start(python, {QStringLiteral("-c"), script, QString::fromStdString(out)});
    QVERIFY(process.waitForFinished(60000));
    const QString output = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    QVERIFY2(process.exitCode() == 0 && output.contains(QStringLiteral("ok")), qPrintable(output));
}

void TestSafetensors::damagedFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    const std::string good = R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const std::string data(8, '\0');
    const auto row = [](const char *name, const std::string &bytes, const char *message) {
        QTest::newRow(name) << QByteArray(bytes.data(), static_cast<int>(bytes.size())) << QString::fromLatin1(message);
    };
    row("shorter than the length field", std::string(5, '\0'), "shorter than the 8-byte header length");
    row("header length beyond the file", fileBytes(good, data).substr(0, 8) + "{}", "goes beyond the file");
    row("truncated data", fileBytes(good, data).substr(0, 8 + good.size() + 4),
        "t: data_offsets [0, 8] go beyond the data (4 bytes; file truncated?)");
    row("not json", fileBytes("{nope", ""), "header is not valid JSON");
    row("unknown dtype", fileBytes(R"({"t":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}})", data),
        "t: unknown dtype 'F7'");
    row("size mismatch", fileBytes(R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data),
        "t: data_offsets span 8 bytes but F32 [3] needs 12");
    row("overlap",
        fileBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                  data),
        "b: data_offsets overlap those of 'a'");
    row("backwards offsets", fileBytes(R"({"t":{"dtype":"U8","shape":[0],"data_offsets":[8,0]}})", data),
        "run backwards");
    row("negative shape", fileBytes(R"({"t":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}})", data),
        "t: shape: expected non-negative integers");
    row("missing offsets", fileBytes(R"({"t":{"dtype":"U8","shape":[1]}})", data), "t: data_offsets: expected [begin, end]");
    row("metadata not strings", fileBytes(R"({"__metadata__":{"n":1}})", ""), "__metadata__.n: expected a string");
}

void TestSafetensors::damagedFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const QString file = path("damaged.safetensors");
    const QString error = openError(file, bytes.toStdString());
    QVERIFY2(error.startsWith(file + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestSafetensors::missingTensorNamesFileAndTensor()
{
    const SafetensorsFile file = SafetensorsFile::open(kGoldenDir + "/tiny.safetensors");
    try {
        file.tensor("nope");
        QFAIL("no error");
    } catch (const Error &e) {
        QCOMPARE(std::string(e.what()), kGoldenDir + "/tiny.safetensors: nope: no such tensor");
    }
    QVERIFY_THROWS_EXCEPTION(Error, SafetensorsFile::open(path("absent.safetensors").toStdString()));
}

void TestSafetensors::shardedCheckpoint()
{
    const std::vector<float> a = {1, 2}, b = {3, 4, 5};
    const std::string dir = m_dir.path().toStdString();
    writeSafetensors(dir + "/model-00001-of-00002.safetensors", {{"layers.0.w", TensorDType::F32, {2}, a.data()}});
    writeSafetensors(dir + "/model-00002-of-00002.safetensors", {{"layers.1.w", TensorDType::F32, {3}, b.data()}});
    test::writeBytes(m_dir.filePath(QStringLiteral("model.safetensors.index.json")),
                     R"({"metadata":{"total_size":20},"weight_map":{"layers.0.w":"model-00001-of-00002.safetensors",)"
                     R"("layers.1.w":"model-00002-of-00002.safetensors"}})");
    const SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint::open(dir);
    QCOMPARE(checkpoint.files().size(), std::size_t(2));
    QCOMPARE(checkpoint.names(), (std::vector<std::string>{"layers.0.w", "layers.1.w"}));
    QCOMPARE(checkpoint.tensor("layers.1.w").toFloat32(), b);
    QCOMPARE(checkpoint.tensor("layers.0.w").toFloat32(), a);
    QVERIFY(!checkpoint.contains("lm_head.weight"));

    // A single file opens the same way.
    const SafetensorsCheckpoint single = SafetensorsCheckpoint::open(dir + "/model-00002-of-00002.safetensors");
    QCOMPARE(single.names(), (std::vector<std::string>{"layers.1.w"}));
}

void TestSafetensors::shardedIndexErrors()
{
    const std::vector<float> a = {1, 2};
    const std::string dir = m_dir.path().toStdString();
    writeSafetensors(dir + "/shard-1.safetensors", {{"w", TensorDType::F32, {2}, a.data()}});
    const QString index = m_dir.filePath(QStringLiteral("model.safetensors.index.json"));
    const auto errorOf = [&](const std::string &json) -> std::string {
        test::writeBytes(index, json);
        try {
            SafetensorsCheckpoint::open(dir);
        } catch (const Error &e) {
            return e.what();
        }
        return {};
    };
    const std::string indexPath = index.toStdString();
    QCOMPARE(errorOf(R"({"weight_map":{"w":"shard-1.safetensors","v":"shard-1.safetensors"}})"),
             indexPath + ": weight_map.v: tensor not found in its shard shard-1.safetensors");
    QVERIFY(errorOf(R"({"weight_map":{"w":"shard-9.safetensors"}})").find("shard-9.safetensors: cannot open") != std::string::npos);
    QCOMPARE(errorOf(R"({"metadata":{}})"), indexPath + ": weight_map: missing or not an object");
    QCOMPARE(errorOf(R"({"weight_map":{"w":3}})"), indexPath + ": weight_map.w: expected a shard file name, got 3");
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
