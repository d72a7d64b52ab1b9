#include "seedcorpusdialog.h"

#include "pathfield.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

namespace crsw {

SeedCorpusDialog::SeedCorpusDialog(const QString &reviews, const QString &metadata, const QString &startFolder,
                                   QWidget *parent)
    : QDialog(parent)
    , m_reviews(new PathField(tr("Choose the Reviews File"), tr("Amazon Reviews'23 (*.jsonl *.jsonl.gz);;All files (*)"),
                              this))
    , m_metadata(new PathField(tr("Choose the Item Metadata File"),
                               tr("Amazon Reviews'23 (*.jsonl *.jsonl.gz);;All files (*)"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Seed Corpus"));
    auto *form = new QFormLayout(this);
    auto *intro = new QLabel(tr("An Amazon Reviews'23 category: its reviews and its item metadata, as .jsonl or "
                                ".jsonl.gz. They are read where they are, not copied."),
                             this);
    intro->setWordWrap(true);
    form->addRow(intro);
    m_reviews->setPath(reviews);
    m_metadata->setPath(metadata);
    m_reviews->setStartFolder(startFolder);
    m_metadata->setStartFolder(startFolder);
    form->addRow(tr("&Reviews:"), m_reviews);
    form->addRow(tr("&Item metadata:"), m_metadata);
    form->addRow(m_buttons);
    connect(m_reviews, &PathField::edited, this, &SeedCorpusDialog::validate);
    connect(m_metadata, &PathField::edited, this, &SeedCorpusDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(640, sizeHint().height());
    validate();
}

QString SeedCorpusDialog::reviewsPath() const
{
    return m_reviews->path();
}

QString SeedCorpusDialog::metadataPath() const
{
    return m_metadata->path();
}

void SeedCorpusDialog::validate()
{
    // Both files must exist; the loader reports anything wrong inside them.
    const bool ok = QFileInfo(reviewsPath()).isFile() && QFileInfo(metadataPath()).isFile();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace crsw
