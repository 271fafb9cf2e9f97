#include "graph/graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "links/urls.h"

namespace studywiki::graph {

bool valid_edge(const Graph& g, const Edge& e) {
  int n = static_cast<int>(g.nodes.size());
  return e.a != e.b && e.a >= 0 && e.b >= 0 && e.a < n && e.b < n;
}

Adjacency::Adjacency(const Graph& g) {
  size_t n = g.nodes.size();
  std::vector<size_t> count(n + 1, 0);
  for (const Edge& e : g.edges) {
    if (!valid_edge(g, e)) continue;
    ++count[e.a];
    ++count[e.b];
  }
  offsets_.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) offsets_[i + 1] = offsets_[i] + count[i];
  std::vector<Neighbour> raw(offsets_[n]);
  std::vector<size_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (const Edge& e : g.edges) {
    if (!valid_edge(g, e)) continue;
    raw[fill[e.a]++] = {e.b, e.weight};
    raw[fill[e.b]++] = {e.a, e.weight};
  }
  // Sort each list and merge duplicates in place, then compact.
  list_.reserve(raw.size());
  std::vector<size_t> compact(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    auto first = raw.begin() + static_cast<std::ptrdiff_t>(offsets_[i]);
    auto last = raw.begin() + static_cast<std::ptrdiff_t>(offsets_[i + 1]);
    std::sort(first, last, [](const Neighbour& x, const Neighbour& y) { return x.node < y.node; });
    compact[i] = list_.size();
    for (auto it = first; it != last; ++it) {
      if (list_.size() > compact[i] && list_.back().node == it->node) list_.back().weight += it->weight;
      else list_.push_back(*it);
    }
  }
  compact[n] = list_.size();
  offsets_ = std::move(compact);
}

std::span<const Adjacency::Neighbour> Adjacency::neighbours(int node) const {
  if (node < 0 || static_cast<size_t>(node) >= size()) return {};
  return {list_.data() + offsets_[node], offsets_[node + 1] - offsets_[node]};
}

double Adjacency::strength(int node) const {
  double s = 0;
  for (const Neighbour& nb : neighbours(node)) s += nb.weight;
  return s;
}

double Adjacency::edge_weight(int a, int b) const {
  if (degree(a) > degree(b)) std::swap(a, b);  // search the shorter list
  auto list = neighbours(a);
  auto it = std::lower_bound(list.begin(), list.end(), b, [](const Neighbour& x, int v) { return x.node < v; });
  return it != list.end() && it->node == b ? it->weight : 0;
}

namespace {

/// Node indices, most connected first, ties by index.
std::vector<int> by_degree(const Adjacency& adjacency) {
  std::vector<int> order(adjacency.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int x, int y) { return adjacency.degree(x) > adjacency.degree(y); });
  return order;
}

}  // namespace

std::vector<int> top_nodes(const Graph& g, size_t max_nodes) { return top_nodes(Adjacency(g), max_nodes); }

std::vector<int> top_nodes(const Adjacency& adjacency, size_t max_nodes) {
  std::vector<int> order = by_degree(adjacency);
  if (order.size() > max_nodes) order.resize(max_nodes);
  std::sort(order.begin(), order.end());
  return order;
}

std::vector<int> top_nodes_within(const Graph& g, const Adjacency& adjacency, size_t max_bytes,
                                  const std::string& from_out) {
  // Bytes of render_svg()'s markup around the variable parts, measured on its
  // output (coordinates with one decimal, ids of 4 digits).
  constexpr size_t kFixed = 400;
  constexpr size_t kPerNode = 165;
  constexpr size_t kPerTags = 13;
  constexpr size_t kPerEdge = 94;
  std::vector<int> order = by_degree(adjacency);
  std::vector<char> kept(g.nodes.size(), 0);
  size_t bytes = kFixed;
  size_t count = 0;
  for (int v : order) {
    const Node& node = g.nodes[v];
    // The label twice: whole in <title>, cut to 20 characters in <text>.
    size_t cost = kPerNode + links::relative_href(from_out, node.out).size() + node.group.size() +
                  node.label.size() + std::min<size_t>(node.label.size(), 4 * 20);
    if (!node.tags.empty()) cost += kPerTags;
    for (const std::string& tag : node.tags) cost += tag.size() + 1;
    for (const auto& nb : adjacency.neighbours(v))
      if (kept[nb.node]) cost += kPerEdge;
    if (bytes + cost > max_bytes) break;
    bytes += cost;
    kept[v] = 1;
    ++count;
  }
  order.resize(count);
  std::sort(order.begin(), order.end());
  return order;
}

Graph subgraph(const Graph& g, const std::vector<int>& kept) {
  Graph sub;
  std::vector<int> index(g.nodes.size(), -1);
  sub.nodes.reserve(kept.size());
  for (int v : kept) {
    if (v < 0 || static_cast<size_t>(v) >= g.nodes.size() || index[v] >= 0) continue;
    index[v] = static_cast<int>(sub.nodes.size());
    sub.nodes.push_back(g.nodes[v]);
  }
  for (const Edge& e : g.edges) {
    if (!valid_edge(g, e) || index[e.a] < 0 || index[e.b] < 0) continue;
    sub.edges.push_back({index[e.a], index[e.b], e.weight});
  }
  return sub;
}

std::vector<double> node_radii(const Graph& g, const Adjacency& adjacency, double extent) {
  size_t n = g.nodes.size();
  std::vector<double> radius(n, 0);
  if (n == 0) return radius;
  double spacing = extent / std::sqrt(static_cast<double>(n));
  double scale = extent / 1000;
  double r_min = std::clamp(spacing * 0.12, 1.5 * scale, 5 * scale);
  double r_max = std::clamp(spacing * 0.45, 4 * scale, 16 * scale);
  std::vector<double> value(n);
  double top = 0;
  for (size_t i = 0; i < n; ++i) {
    double w = g.nodes[i].weight;
    value[i] = w > 0 ? w : adjacency.degree(static_cast<int>(i));
    top = std::max(top, value[i]);
  }
  for (size_t i = 0; i < n; ++i)
    radius[i] = top > 0 ? r_min + (r_max - r_min) * std::sqrt(value[i] / top) : r_min;
  return radius;
}

std::vector<double> node_radii(const Graph& g, const Adjacency& adjacency, const std::vector<Point>& pos) {
  size_t n = std::min(g.nodes.size(), pos.size());
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i == 0) x0 = x1 = pos[i].x, y0 = y1 = pos[i].y;
    x0 = std::min(x0, pos[i].x), x1 = std::max(x1, pos[i].x);
    y0 = std::min(y0, pos[i].y), y1 = std::max(y1, pos[i].y);
  }
  // layout() leaves 4 % margins, so the box is about extent / 0.92; tiny
  // drawings (two nodes close together) are treated as half a layout box.
  double extent = std::max({x1 - x0, y1 - y0, 500.0});
  return node_radii(g, adjacency, extent / 0.92);
}

}  // namespace studywiki::graph
