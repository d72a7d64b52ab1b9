#include "trainingdevicecombo.h"

#include <QSettings>
#include <QThread>

namespace crsw {

namespace {
const QString kSettingsKey = QStringLiteral("training/device");
const QString kAuto = QStringLiteral("auto");
} // namespace

TrainingDeviceCombo::TrainingDeviceCombo(QWidget *parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("deviceCombo"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setComputeInfo(computeInfo());
    {
        const QSignalBlocker quiet(this); // restoring is not a choice: nothing to save or announce
        const int saved = findData(QSettings().value(kSettingsKey, kAuto).toString());
        setCurrentIndex(saved >= 0 ? saved : 0);
    }
    connect(this, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(kSettingsKey, device());
        Q_EMIT deviceChanged(device());
    });
}

void TrainingDeviceCombo::setComputeInfo(const ComputeInfo &info)
{
    const QString before = device();
    m_info = info;
    {
        const QSignalBlocker quiet(this);
        clear();
        addItem(tr("Automatic (CUDA when present, else CPU)"), kAuto);
        addItem(tr("CPU"), QStringLiteral("cpu"));
        for (int index = 0; info.cudaAvailable && index < info.cudaDevices; ++index)
            addItem(tr("CUDA device %1 (cuda:%1)").arg(index), QStringLiteral("cuda:%1").arg(index));
        const int kept = findData(before);
        setCurrentIndex(kept >= 0 ? kept : 0);
    }
    setToolTip(note());
    if (device() != before && !before.isEmpty())
        Q_EMIT deviceChanged(device());
}

QString TrainingDeviceCombo::device() const
{
    return currentIndex() < 0 ? QString() : currentData().toString();
}

bool TrainingDeviceCombo::setDevice(const QString &device)
{
    const int index = findData(device == QLatin1String("cuda") ? QStringLiteral("cuda:0") : device);
    if (index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}

QString TrainingDeviceCombo::note() const
{
    const QString version = QString::fromStdString(m_info.torchVersion);
    if (!m_info.cudaAvailable || m_info.cudaDevices < 1)
        return tr("No CUDA device: this libtorch build (%1) is CPU-only or sees no GPU. The CPU trains with %2 threads.")
            .arg(version)
            .arg(QThread::idealThreadCount());
    return tr("libtorch %1 sees %n CUDA device(s); Automatic uses cuda:0.", nullptr, m_info.cudaDevices).arg(version);
}

} // namespace crsw
