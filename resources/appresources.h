#pragma once

#include <QIcon>
#include <QString>

namespace crsw {

/// The icons compiled into the GUI (resources/icons, under ":/icons").
class AppResources {
public:
    /// Resource path of the scalable application icon.
    static QString appIconPath();
    /// The application icon (window icon, About box).
    static QIcon appIcon();
    /// A page-list icon by page id ("data", "selection", "templates",
    /// "dialogues", "finetuning", "evaluation", "experiments"); null if unknown.
    static QIcon pageIcon(const QString &pageId);
};

} // namespace crsw
