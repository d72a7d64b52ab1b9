// crsw-workbench: the Qt Widgets workbench. Everything but start-up lives in
// the crsw_widgets library, which the GUI tests link too.
#include "appresources.h"
#include "mainwindow.h"
#include "screenshottaker.h"
#include "startupoptions.h"
#include "translationloader.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication::setOrganizationName(QStringLiteral("crsw"));
    QApplication::setApplicationName(QStringLiteral("crsw-workbench"));
    QApplication::setApplicationVersion(QStringLiteral(CRSW_VERSION));

    auto usageError = [](const QString &error) {
        std::fprintf(stderr, "crsw-workbench: %s\n\n%s", qUtf8Printable(error),
                     qUtf8Printable(crsw::StartupOptions::helpText()));
        return 2;
    };
    // The command line is read before QApplication exists, so --help, --version
    // and usage errors work without a display. Qt's own options (-platform,
    // -style, ...) are only known once QApplication has taken them out, so a
    // command line with a single-dash option is read again after that.
    QStringList arguments;
    bool qtOptions = false;
    for (int i = 0; i < argc; ++i) {
        arguments << QString::fromLocal8Bit(argv[i]);
        const QString &a = arguments.constLast();
        qtOptions |= i > 0 && a.size() > 2 && a.startsWith(QLatin1Char('-')) && !a.startsWith(QStringLiteral("--"));
    }
    crsw::StartupOptions options;
    QString error;
    if (!options.parse(arguments, &error) && !qtOptions)
        return usageError(error);
    if (options.help) {
        std::fputs(qUtf8Printable(crsw::StartupOptions::helpText()), stdout);
        return 0;
    }
    if (options.version) {
        std::printf("crsw-workbench %s\n", CRSW_VERSION);
        return 0;
    }

    QApplication app(argc, argv);
    if (qtOptions && !options.parse(QApplication::arguments(), &error))
        return usageError(error);
    QApplication::setApplicationDisplayName(QStringLiteral("CRS Workbench"));
    // Matches packaging/io.github.crsw.Workbench.desktop, so desktops pair the window with its icon.
    QApplication::setDesktopFileName(QStringLiteral("io.github.crsw.Workbench"));
    QApplication::setWindowIcon(crsw::AppResources::appIcon());
    crsw::TranslationLoader::install(app);

    crsw::MainWindow window;
    window.show();
    window.start(options);

    if (!options.screenshotFile.isEmpty()) {
        auto *taker = new crsw::ScreenshotTaker(&window, options.screenshotFile, &window);
        QObject::connect(taker, &crsw::ScreenshotTaker::finished, &app, [](bool ok, const QString &message) {
            std::fprintf(ok ? stdout : stderr, "crsw-workbench: %s\n", qUtf8Printable(message));
            QCoreApplication::exit(ok ? 0 : 1);
        });
        taker->start();
    }
    return QApplication::exec();
}
