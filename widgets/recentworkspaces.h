#pragma once

#include <QSettings>
#include <QStringList>

namespace crsw {

/// The recently opened workspaces, most recent first, kept in QSettings
/// ("workspaces/recent") so they survive restarts.
class RecentWorkspaces {
public:
    static constexpr int kMaxEntries = 10;

    /// The stored list, most recent first (folders that no longer exist included).
    static QStringList list();
    /// The stored list without folders that no longer hold a workspace.
    static QStringList existing();
    /// Moves (or adds) `dir` to the front, trimming the list to kMaxEntries.
    static void add(const QString &dir);
    /// Removes `dir` (after it failed to open, say).
    static void remove(const QString &dir);
    /// Empties the list.
    static void clear();

private:
    static void store(const QStringList &dirs);
};

} // namespace crsw
