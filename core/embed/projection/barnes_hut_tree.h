#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crsw {

/// A 2-D quadtree over points with each cell's centre of mass, for the
/// Barnes-Hut approximation of t-SNE's repulsive forces (van der Maaten 2014):
/// a cell far enough from a point (width / distance < theta) acts as one body
/// of its point count at its centre of mass. Points are inserted in index
/// order, so the tree and every sum over it are deterministic. Identical
/// points share one leaf; below a minimum cell width distinct points are
/// merged too (their centre of mass stands for them), which bounds the depth.
class BarnesHutTree {
public:
    /// Rebuilds the tree over n points (xy interleaved: x0, y0, x1, y1, ...).
    void build(const double *xy, std::size_t n);

    /// The t-SNE repulsion on a point of the tree at (x, y): adds
    /// sum_j q_ij^2 (y_i - y_j) to (fx, fy) and returns sum_j q_ij, with
    /// q_ij = 1 / (1 + |y_i - y_j|^2) over every other point j (cells
    /// summarised when width / distance < theta). Thread-safe (read-only).
    double repulsion(double x, double y, double theta, double *fx, double *fy) const;

    /// Number of cells (for tests).
    std::size_t cellCount() const { return m_cells.size(); }

private:
    // What the force traversal reads, 32 bytes, apart from the geometry only
    // building needs: the traversal is most of t-SNE's time.
    struct Cell {
        double massX = 0, massY = 0;    // centre of mass of the points inside
        double width2 = 0;              // (cell width)^2, for the theta test
        std::uint32_t count = 0;
        std::int32_t firstChild = -1;   // four consecutive children; -1: a leaf
    };
    struct Box {
        double centreX = 0, centreY = 0, half = 0; // the square [centre - half, centre + half)
    };

    void insert(double x, double y);
    void subdivide(std::size_t cell);

    std::vector<Cell> m_cells;
    std::vector<Box> m_boxes; // parallel to m_cells
    double m_minHalf = 0;
};

} // namespace crsw
