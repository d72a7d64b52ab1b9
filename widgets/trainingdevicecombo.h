#pragma once

#include "model/compute_device.h"

#include <QComboBox>

namespace crsw {

/// Where fine-tuning (and "Try it") runs: "Automatic (CUDA when present,
/// else CPU)", "CPU", and one entry per CUDA device libtorch sees. Its value
/// is SftOptions::device ("auto", "cpu", "cuda:N"). The choice is saved in
/// QSettings ("training/device") when the user makes it and restored by the
/// next combo; a saved CUDA device that is not there any more gives Automatic.
class TrainingDeviceCombo : public QComboBox {
    Q_OBJECT
public:
    explicit TrainingDeviceCombo(QWidget *parent = nullptr);

    /// Re-lists the entries for `info` (the constructor probes computeInfo();
    /// tests pass a machine with GPUs). Keeps the choice when it is still listed.
    void setComputeInfo(const ComputeInfo &info);
    /// "auto", "cpu" or "cuda:N".
    QString device() const;
    /// Selects and saves `device` ("cuda" = "cuda:0"); false (nothing changes) when it is not listed.
    bool setDevice(const QString &device);
    /// One line on what libtorch offers: why there is no CUDA entry, or how many GPUs it sees.
    QString note() const;

Q_SIGNALS:
    /// The choice changed (by the user or setDevice).
    void deviceChanged(const QString &device);

private:
    ComputeInfo m_info;
};

} // namespace crsw
