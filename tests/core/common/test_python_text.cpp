// Python str semantics (isspace, re \d, lower) and repr(float), which the He et
// al. reproduction depends on. Expected values were printed by CPython 3.11.
#include "common/python_float.h"
#include "common/python_text.h"

#include <QtTest>

using namespace crsw;

class TestPythonText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void floatRepr_data();
    void floatRepr();
    void lower_data();
    void lower();
    void spacesAndDigits();
    void collapseAndStrip();
    void utf8RoundTripAndValidation();
};

void TestPythonText::floatRepr_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("0.03317535545023697") << 0.03317535545023697 << QStringLiteral("0.03317535545023697");
    QTest::newRow("0.012358677545407877") << 0.012358677545407877 << QStringLiteral("0.012358677545407877");
    QTest::newRow("1e-05") << 1e-05 << QStringLiteral("1e-05");
    QTest::newRow("0.0001") << 0.0001 << QStringLiteral("0.0001");
    QTest::newRow("1.5e-07") << 1.5e-07 << QStringLiteral("1.5e-07");
    QTest::newRow("123456789012345.0") << 123456789012345.0 << QStringLiteral("123456789012345.0");
    QTest::newRow("1234567890123456.0") << 1234567890123456.0 << QStringLiteral("1234567890123456.0");
    QTest::newRow("1e+16") << 1e+16 << QStringLiteral("1e+16");
    QTest::newRow("2.5") << 2.5 << QStringLiteral("2.5");
    QTest::newRow("100.0") << 100.0 << QStringLiteral("100.0");
    QTest::newRow("1/3") << 1.0 / 3.0 << QStringLiteral("0.3333333333333333");
    QTest::newRow("0.1") << 0.1 << QStringLiteral("0.1");
    QTest::newRow("-0.5") << -0.5 << QStringLiteral("-0.5");
    QTest::newRow("5e-324") << 5e-324 << QStringLiteral("5e-324");
    QTest::newRow("max") << 1.7976931348623157e+308 << QStringLiteral("1.7976931348623157e+308");
    QTest::newRow("0.00012345") << 0.00012345 << QStringLiteral("0.00012345");
    QTest::newRow("12.0") << 12.0 << QStringLiteral("12.0");
    QTest::newRow("1e+22") << 1e+22 << QStringLiteral("1e+22");
    QTest::newRow("0.9999999999999999") << 0.9999999999999999 << QStringLiteral("0.9999999999999999");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0.0");
}

void TestPythonText::floatRepr()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(pythonFloatRepr(value)), expected);
}

void TestPythonText::lower_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ascii") << QStringLiteral("The Matrix II") << QStringLiteral("the matrix ii");
    QTest::newRow("latin1") << QStringLiteral("AMÉLIE À") << QStringLiteral("amélie à");
    // U+0130 lowers to two code points in Python: "i" + U+0307.
    QTest::newRow("dotted I") << QStringLiteral("\u0130stanbul") << QStringLiteral("i\u0307stanbul");
    QTest::newRow("final sigma") << QStringLiteral("ΟΔΥΣΣΕΥΣ") << QStringLiteral("οδυσσευς");
    QTest::newRow("cyrillic") << QStringLiteral("БРАТ") << QStringLiteral("брат");
    QTest::newRow("fullwidth") << QStringLiteral("ＡＢＣ") << QStringLiteral("ａｂｃ");
}

void TestPythonText::lower()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(pytext::lower(input.toStdString())), expected);
}

void TestPythonText::spacesAndDigits()
{
    for (char32_t c : {U' ', U'\t', U'\n', U'\r', U'\v', U'\f', char32_t(0x1C), char32_t(0x85), char32_t(0xA0),
                       char32_t(0x2003), char32_t(0x3000)})
        QVERIFY2(pytext::isSpace(c), qPrintable(QString::number(uint(c), 16)));
    for (char32_t c : {U'a', U'0', U'_', char32_t(0x200B), char32_t(0xFEFF)})
        QVERIFY(!pytext::isSpace(c));
    for (char32_t c : {U'0', U'9', char32_t(0x0663), char32_t(0xFF15), char32_t(0x1D7CE)})
        QVERIFY2(pytext::isDecimal(c), qPrintable(QString::number(uint(c), 16)));
    // Superscripts are digits for str.isdigit() but not decimals, so re's \d does not match them.
    for (char32_t c : {U'a', U'.', char32_t(0xB2), char32_t(0x2460)})
        QVERIFY(!pytext::isDecimal(c));
}

void TestPythonText::collapseAndStrip()
{
    const auto text = pytext::decodeUtf8("  a \t\u00a0 b\n\nc  ");
    QCOMPARE(pytext::encodeUtf8(pytext::collapseSpaces(text)), std::string("a b c"));
    QCOMPARE(pytext::encodeUtf8(pytext::strip(text)), std::string("a \t\u00a0 b\n\nc"));
    QCOMPARE(pytext::encodeUtf8(pytext::collapseSpaces(pytext::decodeUtf8(" \n "))), std::string());
}

void TestPythonText::utf8RoundTripAndValidation()
{
    const std::string text = "Amélie – 東京物語 🎬";
    QCOMPARE(pytext::encodeUtf8(pytext::decodeUtf8(text)), text);
    QVERIFY(pytext::isValidUtf8(text));
    QVERIFY(!pytext::isValidUtf8(std::string("ab\xff")));
    QVERIFY(!pytext::isValidUtf8(std::string("\xc0\xaf")));          // overlong '/'
    QVERIFY(!pytext::isValidUtf8(std::string("\xed\xa0\x80")));      // surrogate
    QVERIFY(!pytext::isValidUtf8(std::string("\xe6\x9d")));          // truncated
    QCOMPARE(pytext::decodeUtf8(std::string("a\xffz")), std::u32string(U"a\uFFFDz"));
}

QTEST_APPLESS_MAIN(TestPythonText)
#include "test_python_text.moc"
