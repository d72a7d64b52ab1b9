#include "pathfield.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace crsw {

PathField::PathField(const QString &dialogTitle, const QString &nameFilter, QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_dialogTitle(dialogTitle)
    , m_nameFilter(nameFilter)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    m_edit->setClearButtonEnabled(true);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textEdited, this, [this] { Q_EMIT edited(path()); });
    connect(m_browse, &QPushButton::clicked, this, &PathField::browse);
}

QString PathField::path() const
{
    return QDir::fromNativeSeparators(m_edit->text().trimmed());
}

void PathField::setPath(const QString &path)
{
    m_edit->setText(QDir::toNativeSeparators(path));
    m_edit->setToolTip(QDir::toNativeSeparators(path));
    // The end of a long path (the file and its folder) says more than its start.
    m_edit->setCursorPosition(int(m_edit->text().size()));
}

void PathField::browse()
{
    QString start = path().isEmpty() ? m_startFolder : path();
    if (!start.isEmpty() && !QFileInfo(start).isDir() && !QFileInfo::exists(start))
        start = QFileInfo(start).absolutePath();
    const QString chosen = QFileDialog::getOpenFileName(this, m_dialogTitle, start, m_nameFilter);
    if (chosen.isEmpty())
        return;
    setPath(chosen);
    Q_EMIT edited(path());
}

} // namespace crsw
