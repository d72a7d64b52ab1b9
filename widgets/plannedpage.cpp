#include "plannedpage.h"

#include "appresources.h"

#include <QLabel>
#include <QVBoxLayout>

namespace crsw {

PlannedPage::PlannedPage(const QString &pageId, const QString &title, const QString &description, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(pageId + QStringLiteral("Page"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->setSpacing(12);

    auto *icon = new QLabel(this);
    icon->setPixmap(AppResources::pageIcon(pageId).pixmap(48, 48));
    layout->addWidget(icon);

    auto *heading = new QLabel(title, this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setBold(true);
    heading->setFont(font);
    layout->addWidget(heading);

    auto *status = new QLabel(tr("Not built yet: this page comes with a later stage of the pipeline."), this);
    status->setObjectName(QStringLiteral("plannedStatus"));
    status->setEnabled(false); // drawn in the palette's disabled colour, like its list entry
    layout->addWidget(status);

    auto *text = new QLabel(description, this);
    text->setObjectName(QStringLiteral("plannedDescription"));
    text->setWordWrap(true);
    text->setMaximumWidth(640);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(text);
    layout->addStretch(1);
}

} // namespace crsw
