#pragma once
#include <vector>

#include "graph/graph.h"

/// Build-time layout of the note and tag graphs with igraph, so the site ships a
/// finished picture instead of a force simulation in the browser.
namespace studywiki::graph {

/// Side of the square layout box; the SVG's labels and radii are sized for it.
inline constexpr double kLayoutSize = 1000;

/// The smallest distance layout() leaves between two node centres in a box of
/// `size` holding `nodes` nodes: about a third of the mean spacing, capped.
double min_distance(size_t nodes, double size = kLayoutSize);

/// Deterministic layout in the box [0, size]² (4 % margins), coordinates rounded
/// to 0.1 and no two centres closer than min_distance(). Connected nodes go
/// through igraph's Fruchterman–Reingold — exact up to 500 nodes, its grid
/// variant above, iterations falling with size: ≤ 0.1 s up to 2,000 nodes,
/// ~0.5 s at 10,000 nodes / 90,000 edges here — with igraph's RNG seeded with
/// `seed`, so the same graph gives the same coordinates. The radial density is
/// then evened out (grid FR packs dense cores and flings small components
/// away), nodes without edges go on a sunflower spiral around the rest, and
/// close centres are pushed apart. DrL is not used: igraph 0.10's DrL took two
/// minutes on that graph. Thread-safe (igraph calls are serialised).
std::vector<Point> layout(const Graph& g, unsigned seed = 42);
std::vector<Point> layout(const Graph& g, unsigned seed, double size);

/// Community of each node (igraph Leiden, modularity, seeded): 0 is the largest
/// community, ties by smallest member; nodes without edges get -1. Thread-safe.
std::vector<int> communities(const Graph& g, unsigned seed = 42);

}  // namespace studywiki::graph
