#pragma once

#include <QDialog>

class QDialogButtonBox;

namespace crsw {

class PathField;

/// Asks for a workspace's seed corpus: an Amazon Reviews'23 reviews file and
/// its item metadata file (.jsonl or .jsonl.gz).
class SeedCorpusDialog : public QDialog {
    Q_OBJECT
public:
    /// Starts from the current files (empty when none); browsing starts in `startFolder`.
    SeedCorpusDialog(const QString &reviews, const QString &metadata, const QString &startFolder,
                     QWidget *parent = nullptr);

    /// The chosen files.
    QString reviewsPath() const;
    QString metadataPath() const;

private:
    void validate();

    PathField *m_reviews;
    PathField *m_metadata;
    QDialogButtonBox *m_buttons;
};

} // namespace crsw
