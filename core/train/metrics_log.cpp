#include "train/metrics_log.h"

#include "common/atomic_file.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace crsw {

MetricsLog::MetricsLog(const std::string &path, std::int64_t keepThroughStep) : m_path(path)
{
    std::string kept;
    if (keepThroughStep != 0) {
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty())
                continue;
            const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            // A torn last line (a crash mid-write) is dropped with the later steps.
            if (j.is_discarded() || !j.is_object())
                continue;
            if (keepThroughStep < 0 || j.value("step", std::int64_t(0)) <= keepThroughStep)
                kept += line + "\n";
        }
    }
    writeFileAtomically(path, kept);
}

void MetricsLog::append(const std::string &jsonObject)
{
    std::ofstream out(m_path, std::ios::app | std::ios::binary);
    out << jsonObject << '\n';
    out.flush();
    if (!out)
        throw Error({m_path, 0, {}}, "cannot append to the metrics file");
}

} // namespace crsw
