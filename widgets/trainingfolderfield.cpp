#include "trainingfolderfield.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace crsw {

TrainingFolderField::TrainingFolderField(const QString &dialogTitle, QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_dialogTitle(dialogTitle)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    m_edit->setClearButtonEnabled(true);
    setFocusProxy(m_edit);
    // On editingFinished, not on every key: a folder path is checked on a worker thread.
    connect(m_edit, &QLineEdit::editingFinished, this, [this] {
        if (m_edit->isModified()) {
            m_edit->setModified(false);
            Q_EMIT edited(path());
        }
    });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getExistingDirectory(this, m_dialogTitle, path());
        if (chosen.isEmpty())
            return;
        setPath(chosen);
        Q_EMIT edited(path());
    });
}

QString TrainingFolderField::path() const
{
    return QDir::fromNativeSeparators(m_edit->text().trimmed());
}

void TrainingFolderField::setPath(const QString &path)
{
    m_edit->setText(QDir::toNativeSeparators(path));
    m_edit->setToolTip(QDir::toNativeSeparators(path));
    m_edit->setCursorPosition(int(m_edit->text().size()));
}

} // namespace crsw
