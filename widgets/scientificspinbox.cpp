#include "scientificspinbox.h"

#include <QRegularExpression>

namespace crsw {

ScientificSpinBox::ScientificSpinBox(QWidget *parent) : QDoubleSpinBox(parent) {}

QString ScientificSpinBox::textFromValue(double value) const
{
    return QString::number(value, 'g', 4);
}

double ScientificSpinBox::valueFromText(const QString &text) const
{
    return text.trimmed().toDouble();
}

QValidator::State ScientificSpinBox::validate(QString &text, int &) const
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QValidator::Intermediate;
    bool ok = false;
    const double value = t.toDouble(&ok);
    if (ok)
        return value >= minimum() && value <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    // A number being typed: "2e", "2e-", "0." (rates are positive: no sign).
    static const QRegularExpression partial(QStringLiteral("^[0-9]*\\.?[0-9]*([eE][-+]?[0-9]*)?$"));
    return partial.match(t).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

} // namespace crsw
