// The .npy store: round trips, memory mapping, every kind of bad file, and
// numpy reading what we write / us mapping what numpy writes.
#include "common/error.h"
#include "embed/embedding_matrix.h"

#include "test_files.h"

#include <QtTest>

#include <cstring>

using namespace crsw;

namespace {

// A .npy file by hand: magic, version 1.0, the header dict padded to 64 bytes, then the payload.
std::string npyBytes(const std::string &dict, const std::string &payload, int major = 1)
{
    std::string header = dict;
    const std::size_t prefix = major == 1 ? 10 : 12;
    header += std::string((64 - (prefix + header.size() + 1) % 64) % 64, ' ') + "\n";
    std::string out = "\x93NUMPY";
    out += char(major);
    out += char(0);
    out += char(header.size() & 0xff);
    out += char((header.size() >> 8) & 0xff);
    if (major != 1) {
        out += char(0);
        out += char(0);
    }
    return out + header + payload;
}

std::string floats(std::size_t count)
{
    std::string bytes(count * sizeof(float), '\0');
    for (std::size_t i = 0; i < count; ++i) {
        const float v = float(i) * 0.5f;
        std::memcpy(&bytes[i * sizeof(float)], &v, sizeof v);
    }
    return bytes;
}

bool havePythonNumpy()
{
    QProcess probe;
    probe.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral("import numpy")});
    return probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
}

QString runPython(const QString &script, const QStringList &args)
{
    QProcess python;
    python.start(QStringLiteral("python3"), QStringList{QStringLiteral("-c"), script} + args);
    if (!python.waitForFinished(60000) || python.exitCode() != 0)
        return QStringLiteral("FAILED: ") + QString::fromUtf8(python.readAllStandardError());
    return QString::fromUtf8(python.readAllStandardOutput()).trimmed();
}

} // namespace

class TestEmbeddingMatrix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void roundTripIsMappedAndReadOnly();
    void movingKeepsTheData();
    void int32RoundTrip();
    void mapsFormatVersion2AndEmptyMatrices();
    void badFilesNameTheFile_data();
    void badFilesNameTheFile();
    void missingFileAndDirectory();
    void badInt32Files();
    void numpyLoadsWhatWeWrite();
    void weMapWhatNumpyWrites();

private:
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    QTemporaryDir m_dir;
};

void TestEmbeddingMatrix::roundTripIsMappedAndReadOnly()
{
    EmbeddingMatrix m(5, 3);
    QVERIFY(!m.isMapped());
    for (std::size_t i = 0; i < 5; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            m.mutableRow(i)[j] = float(i * 10 + j) - 7.25f;
    const std::string file = path("m.npy").toStdString();
    writeNpy(file, m);
    const EmbeddingMatrix mapped = EmbeddingMatrix::mapNpy(file);
    QVERIFY(mapped.isMapped());
    QCOMPARE(mapped.rows(), std::size_t(5));
    QCOMPARE(mapped.cols(), std::size_t(3));
    QVERIFY(std::memcmp(mapped.data(), m.data(), 15 * sizeof(float)) == 0);
    QCOMPARE(mapped.row(4)[2], 42.0f - 7.25f);
    // The payload starts on a 64-byte boundary, as numpy's own files do.
    QCOMPARE(QFileInfo(path("m.npy")).size() % 64, qint64(15 * sizeof(float)) % 64);
    EmbeddingMatrix writable = EmbeddingMatrix::mapNpy(file);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, writable.mutableData());
    // No temporary file is left beside it.
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files).size(), 1);
}

void TestEmbeddingMatrix::movingKeepsTheData()
{
    EmbeddingMatrix owned(2, 2);
    owned.mutableData()[3] = 9.0f;
    EmbeddingMatrix moved(std::move(owned));
    QCOMPARE(moved.row(1)[1], 9.0f);
    QVERIFY(owned.empty());
    writeNpy(path("a.npy").toStdString(), moved);
    EmbeddingMatrix mapped;
    mapped = EmbeddingMatrix::mapNpy(path("a.npy").toStdString());
    EmbeddingMatrix again = std::move(mapped);
    QVERIFY(again.isMapped());
    QCOMPARE(again.row(1)[1], 9.0f);
}

void TestEmbeddingMatrix::int32RoundTrip()
{
    const std::vector<std::int32_t> values{0, 5, -3, 2147483647, 12};
    writeNpyInt32(path("k.npy").toStdString(), values);
    QCOMPARE(readNpyInt32(path("k.npy").toStdString()), values);
    writeNpyInt32(path("empty.npy").toStdString(), {});
    QVERIFY(readNpyInt32(path("empty.npy").toStdString()).empty());
}

void TestEmbeddingMatrix::mapsFormatVersion2AndEmptyMatrices()
{
    test::writeBytes(path("v2.npy"), npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", floats(6), 2));
    const EmbeddingMatrix v2 = EmbeddingMatrix::mapNpy(path("v2.npy").toStdString());
    QCOMPARE(v2.rows(), std::size_t(2));
    QCOMPARE(v2.row(1)[2], 2.5f);
    test::writeBytes(path("zero.npy"), npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 8), }", ""));
    const EmbeddingMatrix zero = EmbeddingMatrix::mapNpy(path("zero.npy").toStdString());
    QVERIFY(zero.empty());
    QCOMPARE(zero.cols(), std::size_t(8));
}

void TestEmbeddingMatrix::badFilesNameTheFile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    const auto row = [](const char *name, const std::string &bytes, const char *reason) {
        QTest::newRow(name) << QByteArray(bytes.data(), int(bytes.size())) << QString::fromLatin1(reason);
    };
    const std::string good = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3), }";
    row("truncated payload", npyBytes(good, floats(11)), "truncated");
    row("huge shape", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 8), }", floats(4)),
        "truncated");
    row("float64", npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 3), }", floats(24)),
        "descr: expected float32");
    row("big-endian", npyBytes("{'descr': '>f4', 'fortran_order': False, 'shape': (4, 3), }", floats(12)),
        "descr: expected float32");
    row("3-D", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 3), }", floats(12)),
        "shape: expected a 2-D array, got 3");
    row("1-D", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (12,), }", floats(12)),
        "shape: expected a 2-D array, got 1");
    row("Fortran order", npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (4, 3), }", floats(12)),
        "fortran_order: expected C order");
    row("bad magic", "\x93NUMPZ" + npyBytes(good, floats(12)).substr(6), "bad magic");
    row("text file", "hello, this is not an array\n", "bad magic");
    row("empty file", "", "empty file");
    row("truncated header", npyBytes(good, floats(12)).substr(0, 30), "truncated .npy header");
    row("version 9", "\x93NUMPY\x09" + npyBytes(good, floats(12)).substr(7), "unsupported .npy format version 9");
    row("no shape", npyBytes("{'descr': '<f4', 'fortran_order': False, }", floats(12)), "shape: missing");
}

void TestEmbeddingMatrix::badFilesNameTheFile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    const QString file = path("bad.npy");
    test::writeBytes(file, bytes.toStdString());
    try {
        EmbeddingMatrix::mapNpy(file.toStdString());
        QFAIL("no error");
    } catch (const Error &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(file), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }
}

void TestEmbeddingMatrix::missingFileAndDirectory()
{
    const std::string missing = path("nope.npy").toStdString();
    QVERIFY_THROWS_EXCEPTION(Error, EmbeddingMatrix::mapNpy(missing));
    try {
        EmbeddingMatrix::mapNpy(missing);
    } catch (const Error &e) {
        QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("nope.npy: cannot open")));
    }
    try {
        EmbeddingMatrix::mapNpy(m_dir.path().toStdString());
        QFAIL("no error");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not a regular file")), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, readNpyInt32(m_dir.path().toStdString()));
}

void TestEmbeddingMatrix::badInt32Files()
{
    const QString file = path("keys.npy");
    test::writeBytes(file, npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", floats(3)));
    QVERIFY_THROWS_EXCEPTION(Error, readNpyInt32(file.toStdString()));
    test::writeBytes(file, npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (3, 1), }", floats(3)));
    QVERIFY_THROWS_EXCEPTION(Error, readNpyInt32(file.toStdString()));
    test::writeBytes(file, npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", floats(3)));
    QVERIFY_THROWS_EXCEPTION(Error, readNpyInt32(file.toStdString()));
}

void TestEmbeddingMatrix::numpyLoadsWhatWeWrite()
{
    if (!havePythonNumpy())
        QSKIP("python3 with numpy is not installed: the numpy round trip is skipped");
    EmbeddingMatrix m(300, 7);
    for (std::size_t i = 0; i < 300 * 7; ++i)
        m.mutableData()[i] = float(i % 97) / 7.0f - 3.0f;
    writeNpy(path("ours.npy").toStdString(), m);
    writeNpyInt32(path("keys.npy").toStdString(), {4, -1, 7});
    const QString out = runPython(QStringLiteral(
        "import sys, numpy as np\n"
        "a = np.load(sys.argv[1], mmap_mode='r'); k = np.load(sys.argv[2])\n"
        "want = (np.arange(300 * 7) % 97).astype(np.float32).reshape(300, 7) / np.float32(7) - np.float32(3)\n"
        "print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], bool((a == want).all()), k.dtype, k.tolist())\n"),
        {path("ours.npy"), path("keys.npy")});
    QCOMPARE(out, QStringLiteral("float32 (300, 7) True True int32 [4, -1, 7]"));
}

void TestEmbeddingMatrix::weMapWhatNumpyWrites()
{
    if (!havePythonNumpy())
        QSKIP("python3 with numpy is not installed: the numpy round trip is skipped");
    const QString out = runPython(QStringLiteral(
        "import sys, numpy as np\n"
        "np.save(sys.argv[1], (np.arange(40 * 5, dtype=np.float32).reshape(40, 5) * np.float32(0.25)))\n"
        "np.save(sys.argv[2], np.asfortranarray(np.ones((4, 3), dtype=np.float32)))\n"
        "np.save(sys.argv[3], np.ones((4, 3)))\n"
        "np.save(sys.argv[4], np.array([3, 1, 2], dtype=np.int32))\n"
        "print('ok')\n"),
        {path("np.npy"), path("fortran.npy"), path("f8.npy"), path("keys.npy")});
    QCOMPARE(out, QStringLiteral("ok"));
    const EmbeddingMatrix m = EmbeddingMatrix::mapNpy(path("np.npy").toStdString());
    QCOMPARE(m.rows(), std::size_t(40));
    QCOMPARE(m.cols(), std::size_t(5));
    for (std::size_t i = 0; i < 200; ++i)
        QCOMPARE(m.data()[i], float(i) * 0.25f);
    QVERIFY_THROWS_EXCEPTION(Error, EmbeddingMatrix::mapNpy(path("fortran.npy").toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, EmbeddingMatrix::mapNpy(path("f8.npy").toStdString()));
    QCOMPARE(readNpyInt32(path("keys.npy").toStdString()), (std::vector<std::int32_t>{3, 1, 2}));
}

QTEST_APPLESS_MAIN(TestEmbeddingMatrix)
#include "test_embedding_matrix.moc"
