#include "newworkspacedialog.h"

#include "pipeline/workspace.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>

namespace crsw {

namespace {
QString baseFolder()
{
    QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (documents.isEmpty())
        documents = QDir::homePath();
    return QDir(documents).filePath(QStringLiteral("CRS Workbench"));
}
} // namespace

NewWorkspaceDialog::NewWorkspaceDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_folder(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Workspace"));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    auto *form = new QFormLayout(this);
    m_name->setPlaceholderText(tr("e.g. movies-js-budget-1000"));
    form->addRow(tr("&Name:"), m_name);

    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    auto *browse = new QPushButton(tr("&Browse…"), this);
    folderRow->addWidget(browse);
    form->addRow(tr("&Folder:"), folderRow);

    m_problem->setWordWrap(true);
    form->addRow(m_problem);
    auto *explanation = new QLabel(
        tr("The folder gets workspace.json and the subfolders data/, benchmarks/, embeddings/, selections/, "
           "synthetic/, cache/, runs/ and reports/: plain files you can read without the workbench."),
        this);
    explanation->setWordWrap(true);
    form->addRow(explanation);
    form->addRow(m_buttons);

    connect(m_name, &QLineEdit::textEdited, this, &NewWorkspaceDialog::nameEdited);
    connect(m_folder, &QLineEdit::textEdited, this, [this] {
        m_folderChosen = true;
        validate();
    });
    connect(browse, &QPushButton::clicked, this, &NewWorkspaceDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(560, sizeHint().height());
    validate();
}

QString NewWorkspaceDialog::name() const
{
    return m_name->text().trimmed();
}

QString NewWorkspaceDialog::folder() const
{
    const QString text = m_folder->text().trimmed();
    return text.isEmpty() ? QString() : QDir::cleanPath(QDir(text).absolutePath());
}

void NewWorkspaceDialog::nameEdited(const QString &name)
{
    if (!m_folderChosen) {
        // A folder name from the workspace name: no slashes, no leading dot.
        QString leaf = name.trimmed();
        leaf.replace(QLatin1Char('/'), QLatin1Char('-'));
        while (leaf.startsWith(QLatin1Char('.')))
            leaf.remove(0, 1);
        m_folder->setText(leaf.isEmpty() ? QString() : QDir(baseFolder()).filePath(leaf));
    }
    validate();
}

void NewWorkspaceDialog::browse()
{
    const QString start = folder().isEmpty() ? baseFolder() : folder();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the New Workspace"), start);
    if (dir.isEmpty())
        return;
    m_folderChosen = true;
    m_folder->setText(QDir::toNativeSeparators(dir));
    validate();
}

void NewWorkspaceDialog::validate()
{
    QString problem;
    const QString dir = folder();
    if (name().isEmpty())
        problem = tr("Give the workspace a name.");
    else if (dir.isEmpty())
        problem = tr("Choose a folder.");
    else if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir())
        problem = tr("%1 is a file.").arg(QDir::toNativeSeparators(dir));
    else if (Workspace::exists(dir.toStdString()))
        problem = tr("%1 already holds a workspace; open it instead.").arg(QDir::toNativeSeparators(dir));
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace crsw
