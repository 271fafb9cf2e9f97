#include "graph/json.h"

#include <algorithm>
#include <cmath>

#include "links/urls.h"

namespace studywiki::graph {

namespace {
double round1(double v) { return std::round(v * 10) / 10; }
}  // namespace

nlohmann::json to_json(const Graph& g, const std::vector<Point>& pos) {
  Adjacency adjacency(g);
  size_t n = std::min(g.nodes.size(), pos.size());
  std::vector<double> radius = node_radii(g, adjacency, pos);  // as in render_svg()
  nlohmann::json nodes = nlohmann::json::array();
  for (size_t i = 0; i < n; ++i) {
    const Node& node = g.nodes[i];
    nlohmann::json j = {{"id", i},
                        {"label", node.label},
                        {"url", links::relative_href("graph.json", node.out)},
                        {"group", node.group}};
    if (!node.tags.empty()) j["tags"] = node.tags;
    j["x"] = round1(pos[i].x);
    j["y"] = round1(pos[i].y);
    j["size"] = round1(std::max(0.5, radius[i]));
    nodes.push_back(std::move(j));
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const Edge& e : g.edges) {
    if (!valid_edge(g, e) || static_cast<size_t>(std::max(e.a, e.b)) >= n) continue;
    edges.push_back({{"source", e.a}, {"target", e.b}, {"weight", e.weight}});
  }
  return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

}  // namespace studywiki::graph
