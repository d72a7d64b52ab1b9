#include "data/demo/demo_world_model.h"

#include <algorithm>

namespace crsw {

bool DemoWorld::isFavourite(int user, int item) const
{
    const auto &clusters = users[std::size_t(user)].clusters;
    return std::find(clusters.begin(), clusters.end(), items[std::size_t(item)].cluster) != clusters.end();
}

} // namespace crsw
