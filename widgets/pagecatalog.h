#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace crsw {

/// The workbench's pages in list order: their ids (used by --page and the
/// icons), titles, and for pages a later issue builds, the one sentence that
/// says what they will hold.
class PageCatalog {
    Q_DECLARE_TR_FUNCTIONS(crsw::PageCatalog)
public:
    struct Page {
        QString id;          ///< "data", "evaluation", ...
        QString title;       ///< translated list title
        QString description; ///< translated: what the page holds or will hold
        bool available;      ///< false: planned, shown disabled
    };

    /// Every page, in list order (titles translated at call time).
    static QList<Page> pages();
    /// The page ids in list order.
    static QStringList ids();
    /// The index of a page by id or title (case-insensitive; "&" optional), or -1.
    static int indexOf(const QString &idOrTitle);
};

} // namespace crsw
