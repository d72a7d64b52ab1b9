#include "appresources.h"

#include <QFile>

namespace crsw {

QString AppResources::appIconPath()
{
    return QStringLiteral(":/icons/crsw-workbench.svg");
}

QIcon AppResources::appIcon()
{
    return QIcon(appIconPath());
}

QIcon AppResources::pageIcon(const QString &pageId)
{
    const QString path = QStringLiteral(":/icons/pages/") + pageId + QStringLiteral(".svg");
    // QIcon(path) of a missing file is not null, so check: callers treat null as "no icon".
    return QFile::exists(path) ? QIcon(path) : QIcon();
}

} // namespace crsw
