#include "plotexporter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSvgGenerator>

#include "qcustomplotinclude.h"

namespace crsw {

namespace {
QString saveSvg(QCustomPlot *plot, const QString &path, const QSize &size)
{
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(plot->windowTitle().isEmpty() ? QStringLiteral("CRS Workbench plot") : plot->windowTitle());
    generator.setDescription(QStringLiteral("Exported by CRS Workbench"));
    QCPPainter painter;
    if (!painter.begin(&generator))
        return PlotExporter::tr("Cannot write %1.").arg(QDir::toNativeSeparators(path));
    // toPainter draws every layer at the given size without touching the widget's own buffers.
    plot->toPainter(&painter, size.width(), size.height());
    painter.end();
    return QString();
}
} // namespace

bool PlotExporter::formatForPath(const QString &path, Format *format)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        *format = Format::Png;
    else if (suffix == QLatin1String("pdf"))
        *format = Format::Pdf;
    else if (suffix == QLatin1String("svg"))
        *format = Format::Svg;
    else
        return false;
    return true;
}

QString PlotExporter::save(QCustomPlot *plot, const QString &path, const QSize &size)
{
    Format format;
    if (!formatForPath(path, &format)) {
        return PlotExporter::tr(
            "Cannot tell the format of %1: name it .png, .pdf or .svg.")
            .arg(QDir::toNativeSeparators(path));
    }
    return save(plot, path, format, size);
}

QString PlotExporter::save(QCustomPlot *plot, const QString &path, Format format, const QSize &size)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return PlotExporter::tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(info.absolutePath()));
    bool ok = false;
    switch (format) {
    case Format::Png:
        ok = plot->savePng(path, size.width(), size.height(), 1.0);
        break;
    case Format::Pdf:
        ok = plot->savePdf(path, size.width(), size.height(), QCP::epNoCosmetic, QStringLiteral("CRS Workbench"),
                           plot->windowTitle());
        break;
    case Format::Svg: {
        const QString error = saveSvg(plot, path, size);
        if (!error.isEmpty())
            return error;
        ok = true;
        break;
    }
    }
    if (!ok || QFileInfo(path).size() == 0)
        return PlotExporter::tr("Could not write %1.").arg(QDir::toNativeSeparators(path));
    return QString();
}

QString PlotExporter::fileDialogFilter()
{
    return PlotExporter::tr("PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)");
}

} // namespace crsw
