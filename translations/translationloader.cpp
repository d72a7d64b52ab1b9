#include "translationloader.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace crsw {

namespace {

const QString kPrefix = QStringLiteral(":/i18n");

// Tries the locale's UI languages in order (QTranslator::load does the
// "de_AT" -> "de" fallback); falls back to English, whose plural forms are
// right for the source strings.
QTranslator *loadOwn(QCoreApplication &app, const QLocale &locale)
{
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("crsw"), QStringLiteral("_"), kPrefix)
        || translator->load(QStringLiteral("crsw_en"), kPrefix)) {
        return translator;
    }
    delete translator;
    return nullptr;
}

} // namespace

QStringList TranslationLoader::install(QCoreApplication &app, const QLocale &locale)
{
    QStringList loaded;
    if (QTranslator *own = loadOwn(app, locale)) {
        QCoreApplication::installTranslator(own);
        loaded << own->filePath();
    }
    // Qt's own strings (standard dialogs, QKeySequence, ...) when the system has them.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        loaded << qt->filePath();
    } else {
        delete qt;
    }
    return loaded;
}

QStringList TranslationLoader::availableLanguages()
{
    QStringList languages;
    const QStringList files = QDir(kPrefix).entryList({QStringLiteral("crsw_*.qm")}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        languages << file.mid(5, file.size() - 8); // "crsw_" ... ".qm"
    return languages;
}

} // namespace crsw
