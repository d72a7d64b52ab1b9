#pragma once

#include <QWidget>

namespace crsw {

/// A page a later issue builds: its title and one plain sentence on what it
/// will hold. It has no controls, so nothing pretends to work.
class PlannedPage : public QWidget {
    Q_OBJECT
public:
    /// The page of `pageId` (its icon), with its title and sentence.
    PlannedPage(const QString &pageId, const QString &title, const QString &description,
                QWidget *parent = nullptr);
};

} // namespace crsw
