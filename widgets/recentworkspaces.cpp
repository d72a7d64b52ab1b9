#include "recentworkspaces.h"

#include "pipeline/workspace.h"

#include <QDir>

namespace crsw {

namespace {
const QString kKey = QStringLiteral("workspaces/recent");

QString normalized(const QString &dir)
{
    return QDir::cleanPath(QDir(dir).absolutePath());
}
} // namespace

QStringList RecentWorkspaces::list()
{
    return QSettings().value(kKey).toStringList();
}

QStringList RecentWorkspaces::existing()
{
    QStringList result;
    const QStringList all = list();
    for (const QString &dir : all) {
        if (Workspace::exists(dir.toStdString()))
            result << dir;
    }
    return result;
}

void RecentWorkspaces::add(const QString &dir)
{
    const QString path = normalized(dir);
    QStringList dirs = list();
    dirs.removeAll(path);
    dirs.prepend(path);
    while (dirs.size() > kMaxEntries)
        dirs.removeLast();
    store(dirs);
}

void RecentWorkspaces::remove(const QString &dir)
{
    QStringList dirs = list();
    dirs.removeAll(normalized(dir));
    store(dirs);
}

void RecentWorkspaces::clear()
{
    store({});
}

void RecentWorkspaces::store(const QStringList &dirs)
{
    QSettings settings;
    settings.setValue(kKey, dirs);
}

} // namespace crsw
