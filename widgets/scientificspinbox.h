#pragma once

#include <QDoubleSpinBox>

namespace crsw {

/// A QDoubleSpinBox for small rates: shows "1e-05" / "0.0002" (4 significant
/// digits, Python's %g) instead of QDoubleSpinBox's fixed decimals
/// ("0.0000100"), and accepts what researchers type, "2e-4" included. The
/// value is still rounded to decimals() places, so keep those high (7).
class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget *parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString &text) const override;
    QValidator::State validate(QString &text, int &pos) const override;
};

} // namespace crsw
