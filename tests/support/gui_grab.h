#pragma once
// Header-only: the test must link Qt6::Widgets.

#include <QDir>
#include <QString>
#include <QWidget>
#include <QtTest>

namespace crsw::test {

/// Saves a grab of `widget` as $CRSW_GUI_GRABS/NAME.png when that variable is
/// set (and does nothing otherwise): the GUI tests' screenshots, for a person
/// to look at. Waits `settleMs` first so that queued replots and layouts run.
inline void saveGuiGrab(QWidget &widget, const QString &name, int settleMs = 200)
{
    const QString dir = qEnvironmentVariable("CRSW_GUI_GRABS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QTest::qWait(settleMs);
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    QVERIFY2(widget.grab().save(path), qPrintable(QStringLiteral("cannot write %1").arg(path)));
}

} // namespace crsw::test
