#pragma once

#include <QCoreApplication>
#include <QSize>
#include <QString>

class QCustomPlot;

namespace crsw {

/// Saves a QCustomPlot as PNG, PDF or SVG at a fixed size, so exported
/// figures do not depend on the window's size. SVG goes through QSvgGenerator
/// and QCPPainter (QCustomPlot has no saveSvg).
class PlotExporter {
    Q_DECLARE_TR_FUNCTIONS(crsw::PlotExporter)
public:
    enum class Format { Png, Pdf, Svg };

    /// The format for a file name's suffix (.png, .pdf, .svg); false if none fits.
    static bool formatForPath(const QString &path, Format *format);
    /// Saves `plot` to `path` in the format its suffix names. Returns an empty
    /// string on success, else what went wrong.
    static QString save(QCustomPlot *plot, const QString &path, const QSize &size = QSize(960, 600));
    /// Saves in an explicit format.
    static QString save(QCustomPlot *plot, const QString &path, Format format, const QSize &size);
    /// The file-dialog filter listing the three formats.
    static QString fileDialogFilter();
};

} // namespace crsw
