#pragma once

#include <QFrame>

class QLabel;

namespace crsw {

/// A strip above a page's content that shows an error or a note in full,
/// selectable text (crsw::Error messages name the file, line and field, and
/// users copy them), with a button to dismiss it. Hidden while empty.
class MessageBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Error, Warning, Info };

    /// A hidden banner.
    explicit MessageBanner(QWidget *parent = nullptr);

    /// Shows `text` (plain text) in the style of `kind`.
    void showMessage(Kind kind, const QString &text);
    /// Hides the banner.
    void clear();
    /// The text shown, empty when hidden.
    QString text() const;
    /// The kind of the message shown last.
    Kind kind() const { return m_kind; }

private:
    QLabel *m_label;
    Kind m_kind = Kind::Info;
};

} // namespace crsw
