#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace crsw {

/// Asks for a new workspace's name and folder. The folder follows the name
/// (<documents>/CRS Workbench/<name>) until the user picks one.
class NewWorkspaceDialog : public QDialog {
    Q_OBJECT
public:
    /// An empty dialog; OK is enabled once name and folder are valid.
    explicit NewWorkspaceDialog(QWidget *parent = nullptr);

    /// The workspace's name as typed.
    QString name() const;
    /// The folder to create the workspace in (absolute).
    QString folder() const;

private:
    void nameEdited(const QString &name);
    void browse();
    void validate();

    QLineEdit *m_name;
    QLineEdit *m_folder;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_folderChosen = false;
};

} // namespace crsw
