#pragma once
#include <vector>

#include "graph/graph.h"

namespace studywiki::graph {

/// "Related notes": up to `k` nodes ranked by their Adamic–Adar score with
/// `center` — the sum, over common neighbours z, of 1 / ln(degree(z)), so a
/// shared rare tag or a small hub counts more than a shared huge one. Pass a
/// graph whose edges are links plus shared tags. Leaves out `center`, nodes in
/// `exclude` (the notes it already links to) and nodes with no common
/// neighbour; ties by index. Cost: the sum of its neighbours' degrees.
std::vector<int> related(const Adjacency& adjacency, int center, const std::vector<int>& exclude, size_t k = 5);
std::vector<int> related(const Graph& g, int center, const std::vector<int>& exclude, size_t k = 5);

}  // namespace studywiki::graph
