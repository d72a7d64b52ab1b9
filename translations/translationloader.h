#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace crsw {

/// Loads the GUI's translations (the .qm files compiled in under ":/i18n")
/// and Qt's own (qtbase_*.qm from the Qt installation) for a locale.
class TranslationLoader {
public:
    /// Installs translators for `locale` on `app` (they are parented to it).
    /// English is the source language, but crsw_en.qm is still loaded for its
    /// plural forms. Returns the .qm files that were loaded.
    static QStringList install(QCoreApplication &app, const QLocale &locale = QLocale());

    /// The languages with a compiled-in translation ("en", ...).
    static QStringList availableLanguages();
};

} // namespace crsw
