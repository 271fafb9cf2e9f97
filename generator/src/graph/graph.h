#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <vector>

/// The note graph and the tag graph: plain data the build fills in, plus the
/// adjacency every later step (layout, SVG, local graphs, related notes) reads.
/// Nothing here is mutable after construction, so one Graph and one Adjacency
/// can be shared by every render thread.
namespace studywiki::graph {

struct Node {
  std::string label;              ///< title or tag name (UTF-8, may be CJK); escaped when written
  std::string out;                ///< output path of its page, e.g. "数据库/mysql/索引.html" or "tags/db.html"
  std::string group;              ///< colour group: top-level folder, or "" (then coloured by community)
  std::vector<std::string> tags;  ///< written to data-tags for the theme's filter; may be empty
  double weight = 1;              ///< size driver (e.g. notes with the tag); 0 = use the degree
};

/// Undirected; the caller merges duplicates. Self-loops and out-of-range ends are ignored everywhere.
struct Edge {
  int a, b;
  double weight = 1;
};

struct Graph {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

struct Point {
  double x, y;
};

/// Neighbour lists in one flat array (CSR), sorted by neighbour index, with
/// duplicate edges merged (weights summed) and self-loops dropped. Build it once
/// per Graph and pass it to the thousands of local_svg()/related() calls of a build.
class Adjacency {
 public:
  struct Neighbour {
    int node;
    double weight;
  };

  Adjacency() = default;
  explicit Adjacency(const Graph& g);

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::span<const Neighbour> neighbours(int node) const;
  /// Number of distinct neighbours.
  int degree(int node) const { return static_cast<int>(neighbours(node).size()); }
  double strength(int node) const;
  /// Weight of the edge a–b, 0 when there is none (binary search).
  double edge_weight(int a, int b) const;

 private:
  std::vector<size_t> offsets_;
  std::vector<Neighbour> list_;
};

/// True when the edge joins two different, existing nodes.
bool valid_edge(const Graph& g, const Edge& e);

/// The `max_nodes` most connected nodes (by distinct neighbours; ties by index),
/// as original indices in ascending order. Used to cap the global graph.
std::vector<int> top_nodes(const Graph& g, size_t max_nodes);
std::vector<int> top_nodes(const Adjacency& adjacency, size_t max_nodes);

/// Like top_nodes, but takes as many as fit in about `max_bytes` of render_svg()
/// output embedded in the page at `from_out` (an estimate from hrefs, labels and
/// the edges among the kept nodes; within a few percent of the real size).
std::vector<int> top_nodes_within(const Graph& g, const Adjacency& adjacency, size_t max_bytes,
                                  const std::string& from_out);

/// The nodes `kept` (in that order) and the edges among them, renumbered.
Graph subgraph(const Graph& g, const std::vector<int>& kept);

/// Circle radius of each node in a drawing whose nodes span about `extent`
/// user units: from Node::weight, or from the degree where the weight is 0;
/// area grows linearly with it. Shared by the SVG and graph.json.
std::vector<double> node_radii(const Graph& g, const Adjacency& adjacency, double extent);
/// node_radii() for a drawing at `pos` (from layout(): the box it fills).
std::vector<double> node_radii(const Graph& g, const Adjacency& adjacency, const std::vector<Point>& pos);

}  // namespace studywiki::graph
