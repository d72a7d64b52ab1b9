#include "embed/projection/barnes_hut_tree.h"

#include <algorithm>
#include <cmath>

namespace crsw {

namespace {
int quadrant(double centreX, double centreY, double x, double y)
{
    return (x >= centreX ? 1 : 0) + (y >= centreY ? 2 : 0);
}
} // namespace

void BarnesHutTree::build(const double *xy, std::size_t n)
{
    m_cells.clear();
    m_boxes.clear();
    if (n == 0)
        return;
    double minX = xy[0], maxX = xy[0], minY = xy[1], maxY = xy[1];
    for (std::size_t i = 1; i < n; ++i) {
        minX = std::min(minX, xy[2 * i]);
        maxX = std::max(maxX, xy[2 * i]);
        minY = std::min(minY, xy[2 * i + 1]);
        maxY = std::max(maxY, xy[2 * i + 1]);
    }
    Box root;
    root.centreX = 0.5 * (minX + maxX);
    root.centreY = 0.5 * (minY + maxY);
    // A little margin so the maximum lies strictly inside [centre - half, centre + half).
    root.half = std::max({0.5 * (maxX - minX), 0.5 * (maxY - minY), 1e-12}) * (1.0 + 1e-9) + 1e-12;
    // 2^-40 of the root: deeper cells would only separate points closer than any force resolves.
    m_minHalf = root.half * 0x1.0p-40;
    m_cells.reserve(2 * n + 16);
    m_boxes.reserve(2 * n + 16);
    Cell cell;
    cell.width2 = 4.0 * root.half * root.half;
    m_cells.push_back(cell);
    m_boxes.push_back(root);
    for (std::size_t i = 0; i < n; ++i)
        insert(xy[2 * i], xy[2 * i + 1]);
}

void BarnesHutTree::subdivide(std::size_t cell)
{
    const std::int32_t first = std::int32_t(m_cells.size());
    const Box parent = m_boxes[cell]; // copied: push_back may reallocate
    const Cell leaf = m_cells[cell];
    const double half = parent.half * 0.5;
    for (int q = 0; q < 4; ++q) {
        Box box;
        box.centreX = parent.centreX + ((q & 1) ? half : -half);
        box.centreY = parent.centreY + ((q & 2) ? half : -half);
        box.half = half;
        m_boxes.push_back(box);
        Cell child;
        child.width2 = 4.0 * half * half;
        m_cells.push_back(child);
    }
    m_cells[cell].firstChild = first;
    // The leaf's points (all at its centre of mass) move down into one child.
    Cell &moved = m_cells[std::size_t(first + quadrant(parent.centreX, parent.centreY, leaf.massX, leaf.massY))];
    moved.massX = leaf.massX;
    moved.massY = leaf.massY;
    moved.count = leaf.count;
}

void BarnesHutTree::insert(double x, double y)
{
    std::size_t cell = 0;
    for (;;) {
        Cell &c = m_cells[cell];
        if (c.firstChild < 0) {
            if (c.count == 0 || (c.massX == x && c.massY == y) || m_boxes[cell].half <= m_minHalf) {
                // An empty leaf, a duplicate, or the depth bound: the leaf takes the point.
                const double total = double(c.count) + 1.0;
                c.massX += (x - c.massX) / total;
                c.massY += (y - c.massY) / total;
                ++c.count;
                return;
            }
            subdivide(cell);
        }
        Cell &node = m_cells[cell]; // subdivide() may have moved the storage
        const double total = double(node.count) + 1.0;
        node.massX += (x - node.massX) / total;
        node.massY += (y - node.massY) / total;
        ++node.count;
        const Box &box = m_boxes[cell];
        cell = std::size_t(node.firstChild + quadrant(box.centreX, box.centreY, x, y));
    }
}

double BarnesHutTree::repulsion(double x, double y, double theta, double *fx, double *fy) const
{
    if (m_cells.empty())
        return 0.0;
    double sumQ = 0.0, forceX = 0.0, forceY = 0.0;
    const double theta2 = theta * theta;
    std::int32_t stack[256];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Cell &c = m_cells[std::size_t(stack[--top])];
        const double dx = x - c.massX, dy = y - c.massY;
        const double d2 = dx * dx + dy * dy;
        if (c.firstChild < 0 || c.width2 < theta2 * d2) {
            if (d2 == 0.0) {
                // The point's own leaf: its duplicates count (q = 1, no force), itself not.
                sumQ += double(c.count) - 1.0;
                continue;
            }
            const double q = 1.0 / (1.0 + d2);
            const double mass = double(c.count) * q;
            sumQ += mass;
            forceX += mass * q * dx;
            forceY += mass * q * dy;
        } else {
            // Depth is at most ~41 levels (m_minHalf), three pending siblings each; empty cells are skipped.
            for (int child = 3; child >= 0; --child) {
                if (m_cells[std::size_t(c.firstChild + child)].count > 0)
                    stack[top++] = c.firstChild + child;
            }
        }
    }
    *fx += forceX;
    *fy += forceY;
    return sumQ;
}

} // namespace crsw
