#include "graph/layout.h"

#include <igraph.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <numbers>
#include <numeric>

namespace studywiki::graph {

namespace {

/// igraph 0.10 as packaged is not thread-safe (IGRAPH_THREAD_SAFE 0): its RNG,
/// error handlers and finally-stack are globals. Every call goes through here.
class IgraphSession {
 public:
  explicit IgraphSession(unsigned seed) : lock_(mutex()) {
    old_error_ = igraph_set_error_handler(igraph_error_handler_ignore);
    old_warning_ = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_rng_seed(igraph_rng_default(), seed);
  }
  ~IgraphSession() {
    igraph_set_error_handler(old_error_);
    igraph_set_warning_handler(old_warning_);
  }
  IgraphSession(const IgraphSession&) = delete;
  IgraphSession& operator=(const IgraphSession&) = delete;

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  std::lock_guard<std::mutex> lock_;
  igraph_error_handler_t* old_error_;
  igraph_warning_handler_t* old_warning_;
};

/// An igraph_t built from the valid edges of `g` among the nodes `index` maps (>= 0).
struct IgraphGraph {
  igraph_t graph;
  igraph_vector_t weights;
  bool ok = false;

  IgraphGraph(const Graph& g, const std::vector<int>& index, int count, bool soften_weights) {
    igraph_vector_int_t ends;
    igraph_vector_int_init(&ends, 0);
    igraph_vector_init(&weights, 0);
    for (const Edge& e : g.edges) {
      if (!valid_edge(g, e) || index[e.a] < 0 || index[e.b] < 0) continue;
      igraph_vector_int_push_back(&ends, index[e.a]);
      igraph_vector_int_push_back(&ends, index[e.b]);
      double w = e.weight > 0 ? e.weight : 1;
      igraph_vector_push_back(&weights, soften_weights ? 1 + std::log(std::max(w, 1.0)) : w);
    }
    ok = igraph_create(&graph, &ends, count, IGRAPH_UNDIRECTED) == IGRAPH_SUCCESS;
    igraph_vector_int_destroy(&ends);
  }
  ~IgraphGraph() {
    if (ok) igraph_destroy(&graph);
    igraph_vector_destroy(&weights);
  }
  IgraphGraph(const IgraphGraph&) = delete;
  IgraphGraph& operator=(const IgraphGraph&) = delete;
};

/// Above this many connected nodes FR uses igraph's grid variant: the exact
/// one is O(n²) per iteration (1000 nodes × 500 iterations ≈ 1.3 s here).
constexpr int kGridAbove = 500;

/// Fruchterman–Reingold of the connected nodes, in igraph's own units.
/// Iterations fall with size so every graph stays under ~0.1 s exact, and
/// 10,000 nodes on the grid near half a second.
bool force_layout(const Graph& g, const std::vector<int>& index, int count, unsigned seed, std::vector<Point>& out) {
  IgraphSession session(seed);
  IgraphGraph ig(g, index, count, true);
  if (!ig.ok) return false;
  bool grid = count > kGridAbove;
  igraph_integer_t iterations =
      grid ? std::clamp(2'500'000 / count, 100, 300) : std::clamp(50'000'000 / (count * count + 1), 100, 500);
  igraph_matrix_t result;
  igraph_matrix_init(&result, 0, 0);
  igraph_error_t rc = igraph_layout_fruchterman_reingold(
      &ig.graph, &result, false, iterations, std::sqrt(static_cast<double>(count)),
      grid ? IGRAPH_LAYOUT_GRID : IGRAPH_LAYOUT_NOGRID, &ig.weights, nullptr, nullptr, nullptr, nullptr);
  bool ok = rc == IGRAPH_SUCCESS && igraph_matrix_nrow(&result) == count;
  if (ok) {
    out.resize(count);
    for (int i = 0; i < count; ++i) out[i] = {MATRIX(result, i, 0), MATRIX(result, i, 1)};
  }
  igraph_matrix_destroy(&result);
  return ok;
}

double round1(double v) { return std::round(v * 10) / 10; }

double dist2(Point a, Point b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y); }

/// Uniform grid of cells of side `cell` over [0, size]², each cell listing the points in it.
class CellGrid {
 public:
  CellGrid(double size, double cell, size_t points) : cell_(cell) {
    cols_ = std::max(1, static_cast<int>(std::ceil(size / cell)) + 1);
    head_.assign(static_cast<size_t>(cols_) * cols_, -1);
    next_.assign(points, -1);
  }
  void add(int i, Point p) {
    size_t c = cell_of(p);
    next_[i] = head_[c];
    head_[c] = i;
  }
  void clear() { std::fill(head_.begin(), head_.end(), -1); }
  /// Calls fn(j) for every point in the 3×3 cells around p.
  template <typename Fn>
  void near(Point p, Fn&& fn) const {
    int cx = coord(p.x), cy = coord(p.y);
    for (int y = std::max(0, cy - 1); y <= std::min(cols_ - 1, cy + 1); ++y)
      for (int x = std::max(0, cx - 1); x <= std::min(cols_ - 1, cx + 1); ++x)
        for (int j = head_[static_cast<size_t>(y) * cols_ + x]; j >= 0; j = next_[j]) fn(j);
  }

 private:
  int coord(double v) const { return std::clamp(static_cast<int>(v / cell_), 0, cols_ - 1); }
  size_t cell_of(Point p) const { return static_cast<size_t>(coord(p.y)) * cols_ + coord(p.x); }
  double cell_;
  int cols_;
  std::vector<int> head_, next_;
};

/// Evens out the radial density around the mean: each point keeps its angle
/// and its rank by distance, and moves most of the way (`share`) to the radius
/// it would have in a uniformly filled disc. igraph's grid FR packs the core of
/// a dense graph tightly and flings small components far out; without this the
/// core would be a dot once the layout is fitted into the box, and separating
/// its nodes would cost seconds.
void even_out(std::vector<Point>& pts, double share) {
  size_t n = pts.size();
  if (n < 10) return;
  Point mean{0, 0};
  for (const Point& p : pts) mean.x += p.x, mean.y += p.y;
  mean.x /= static_cast<double>(n), mean.y /= static_cast<double>(n);
  std::vector<double> dist(n);
  for (size_t i = 0; i < n; ++i) dist[i] = std::sqrt(dist2(pts[i], mean));
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return dist[a] != dist[b] ? dist[a] < dist[b] : a < b; });
  double outer = dist[order[n * 9 / 10]] / std::sqrt(0.9);  // disc radius from the 90th percentile
  if (outer <= 0) return;
  for (size_t rank = 0; rank < n; ++rank) {
    size_t i = order[rank];
    double uniform = outer * std::sqrt((static_cast<double>(rank) + 0.5) / static_cast<double>(n));
    double r = std::min(dist[i], 1.5 * outer);
    double target = (1 - share) * r + share * uniform;
    if (dist[i] < 1e-12) {
      double angle = std::numbers::pi * (3 - std::sqrt(5.0)) * static_cast<double>(rank);
      pts[i] = {mean.x + target * std::cos(angle), mean.y + target * std::sin(angle)};
    } else {
      pts[i] = {mean.x + (pts[i].x - mean.x) * target / dist[i], mean.y + (pts[i].y - mean.y) * target / dist[i]};
    }
  }
}

/// Pushes apart centres closer than `d` (a few relaxation passes), then places
/// every point in index order where no earlier point is closer than `d`,
/// searching a small spiral around it when needed — so the guarantee holds
/// after rounding to 0.1.
void separate(std::vector<Point>& pos, double d, double size) {
  const double golden = std::numbers::pi * (3 - std::sqrt(5.0));
  size_t n = pos.size();
  CellGrid grid(size, d, n);
  auto clamp_box = [&](Point& p) {
    p.x = std::clamp(p.x, 0.0, size);
    p.y = std::clamp(p.y, 0.0, size);
  };
  for (int pass = 0; pass < 30; ++pass) {
    grid.clear();
    for (size_t i = 0; i < n; ++i) grid.add(static_cast<int>(i), pos[i]);
    bool moved = false;
    for (size_t i = 0; i < n; ++i) {
      grid.near(pos[i], [&](int j) {
        if (static_cast<size_t>(j) <= i) return;
        double dd = dist2(pos[i], pos[j]);
        if (dd >= d * d) return;
        double len = std::sqrt(dd);
        double ux, uy;
        if (len < 1e-9) {
          double angle = golden * static_cast<double>(i + j);
          ux = std::cos(angle);
          uy = std::sin(angle);
        } else {
          ux = (pos[j].x - pos[i].x) / len;
          uy = (pos[j].y - pos[i].y) / len;
        }
        double push = (d - len) * 0.5 + d * 0.05;
        pos[i].x -= ux * push;
        pos[i].y -= uy * push;
        pos[j].x += ux * push;
        pos[j].y += uy * push;
        clamp_box(pos[i]);
        clamp_box(pos[j]);
        moved = true;
      });
    }
    if (!moved) break;
  }

  grid.clear();
  std::vector<Point> placed(n);
  auto free_at = [&](Point p) {
    bool ok = true;
    grid.near(p, [&](int j) {
      if (dist2(p, placed[j]) < d * d) ok = false;
    });
    return ok;
  };
  for (size_t i = 0; i < n; ++i) {
    Point p{round1(pos[i].x), round1(pos[i].y)};
    for (int k = 1; !free_at(p) && k < 200000; ++k) {
      double r = d * 0.5 * std::sqrt(static_cast<double>(k));
      double angle = golden * k;
      p = {round1(std::clamp(pos[i].x + r * std::cos(angle), 0.0, size)),
           round1(std::clamp(pos[i].y + r * std::sin(angle), 0.0, size))};
    }
    placed[i] = p;
    grid.add(static_cast<int>(i), p);
  }
  pos = std::move(placed);
}

}  // namespace

double min_distance(size_t nodes, double size) {
  if (nodes < 2) return 0;
  double spacing = size / std::sqrt(static_cast<double>(nodes));
  return std::clamp(0.35 * spacing, size / 1000, 24 * size / 1000);
}

std::vector<Point> layout(const Graph& g, unsigned seed) { return layout(g, seed, kLayoutSize); }

std::vector<Point> layout(const Graph& g, unsigned seed, double size) {
  size_t n = g.nodes.size();
  std::vector<Point> pos(n, Point{size / 2, size / 2});
  if (n <= 1) return pos;

  std::vector<int> degree(n, 0);
  for (const Edge& e : g.edges)
    if (valid_edge(g, e)) ++degree[e.a], ++degree[e.b];
  std::vector<int> index(n, -1), connected, isolated;
  for (size_t i = 0; i < n; ++i) {
    if (degree[i] > 0) {
      index[i] = static_cast<int>(connected.size());
      connected.push_back(static_cast<int>(i));
    } else {
      isolated.push_back(static_cast<int>(i));
    }
  }

  // 1. Connected nodes: force-directed (a circle if igraph fails).
  std::vector<Point> raw;
  int count = static_cast<int>(connected.size());
  if (count > 0 && !force_layout(g, index, count, seed, raw)) {
    raw.resize(count);
    for (int i = 0; i < count; ++i) {
      double angle = 2 * std::numbers::pi * i / count;
      raw[i] = {std::cos(angle) * std::sqrt(count), std::sin(angle) * std::sqrt(count)};
    }
  }

  // 2. Small components that the forces pushed far out come back to the edge
  //    of the rest, then the isolated nodes go on a sunflower spiral around all.
  Point centre{0, 0};
  double reach = 0, spacing = 1;
  if (count > 0) {
    even_out(raw, count > kGridAbove ? 0.7 : 0.3);
    double x0 = raw[0].x, x1 = x0, y0 = raw[0].y, y1 = y0;
    for (const Point& p : raw) {
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    }
    centre = {(x0 + x1) / 2, (y0 + y1) / 2};
    for (const Point& p : raw) reach = std::max(reach, std::sqrt(dist2(p, centre)));
    double area = std::max((x1 - x0) * (y1 - y0), 1e-9);
    spacing = count > 1 ? std::max(std::sqrt(area / count), 1e-3) : 1;
    reach += spacing;
    for (int i = 0; i < count; ++i) pos[connected[i]] = raw[i];
  }
  const double golden = std::numbers::pi * (3 - std::sqrt(5.0));
  for (size_t k = 0; k < isolated.size(); ++k) {
    double r = std::sqrt(reach * reach + (static_cast<double>(k) + 0.5) * spacing * spacing / std::numbers::pi);
    double angle = golden * static_cast<double>(k);
    pos[isolated[k]] = {centre.x + r * std::cos(angle), centre.y + r * std::sin(angle)};
  }

  // 3. Into the box, keeping the aspect ratio, then apart.
  double x0 = pos[0].x, x1 = x0, y0 = pos[0].y, y1 = y0;
  for (const Point& p : pos) {
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  }
  double margin = size * 0.04;
  double span = std::max({x1 - x0, y1 - y0, 1e-9});
  double scale = (size - 2 * margin) / span;
  double ox = (size - (x1 - x0) * scale) / 2, oy = (size - (y1 - y0) * scale) / 2;
  for (Point& p : pos) p = {ox + (p.x - x0) * scale, oy + (p.y - y0) * scale};
  separate(pos, min_distance(n, size), size);
  return pos;
}

std::vector<int> communities(const Graph& g, unsigned seed) {
  size_t n = g.nodes.size();
  std::vector<int> result(n, -1);
  std::vector<int> index(n);
  for (size_t i = 0; i < n; ++i) index[i] = static_cast<int>(i);
  bool any_edge = std::any_of(g.edges.begin(), g.edges.end(), [&](const Edge& e) { return valid_edge(g, e); });
  if (!any_edge) return result;

  std::vector<int> membership(n, 0);
  {
    IgraphSession session(seed);
    IgraphGraph ig(g, index, static_cast<int>(n), false);
    if (!ig.ok) return result;
    igraph_vector_t strength;
    igraph_vector_int_t members;
    igraph_vector_init(&strength, 0);
    igraph_vector_int_init(&members, 0);
    igraph_strength(&ig.graph, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &ig.weights);
    double total = 0;
    for (igraph_integer_t e = 0; e < igraph_vector_size(&ig.weights); ++e) total += VECTOR(ig.weights)[e];
    igraph_integer_t clusters = 0;
    igraph_real_t quality = 0;
    // Modularity: node weights = strengths, resolution 1 / (2 · total weight).
    igraph_error_t rc = igraph_community_leiden(&ig.graph, &ig.weights, &strength, 1 / (2 * total), 0.01, false, 5,
                                                &members, &clusters, &quality);
    bool ok = rc == IGRAPH_SUCCESS && igraph_vector_int_size(&members) == static_cast<igraph_integer_t>(n);
    if (ok)
      for (size_t i = 0; i < n; ++i) membership[i] = static_cast<int>(VECTOR(members)[i]);
    igraph_vector_int_destroy(&members);
    igraph_vector_destroy(&strength);
    if (!ok) return result;
  }

  // Renumber: largest community first, ties by smallest member; nodes without edges get -1.
  std::vector<int> degree(n, 0);
  for (const Edge& e : g.edges)
    if (valid_edge(g, e)) ++degree[e.a], ++degree[e.b];
  int raw_count = 0;
  for (int m : membership) raw_count = std::max(raw_count, m + 1);
  std::vector<int> size(raw_count, 0), first(raw_count, static_cast<int>(n));
  for (size_t i = 0; i < n; ++i) {
    if (degree[i] == 0) continue;
    ++size[membership[i]];
    first[membership[i]] = std::min(first[membership[i]], static_cast<int>(i));
  }
  std::vector<int> order;
  for (int c = 0; c < raw_count; ++c)
    if (size[c] > 0) order.push_back(c);
  std::sort(order.begin(), order.end(), [&](int x, int y) {
    return size[x] != size[y] ? size[x] > size[y] : first[x] < first[y];
  });
  std::vector<int> rank(raw_count, -1);
  for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r);
  for (size_t i = 0; i < n; ++i) result[i] = degree[i] > 0 ? rank[membership[i]] : -1;
  return result;
}

}  // namespace studywiki::graph
