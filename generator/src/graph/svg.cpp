#include "graph/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>
#include <set>

#include "core/escape.h"
#include "core/utf8.h"
#include "graph/layout.h"
#include "links/urls.h"

namespace studywiki::graph {

const char* const kPalette[12] = {"#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2",
                                  "#edc948", "#ff9da7", "#9c755f", "#499894", "#d37295", "#86bc5d"};
const char* const kNeutralColor = "#9a9a9a";

namespace {

constexpr size_t kLabelChars = 20;

void append_number(std::string& out, double v) {
  long long tenths = std::llround(v * 10);
  if (tenths < 0) {
    out += '-';
    tenths = -tenths;
  }
  out += std::to_string(tenths / 10);
  if (tenths % 10) {
    out += '.';
    out += static_cast<char>('0' + tenths % 10);
  }
}

/// Width of `text` in em: CJK and full-width forms 1, everything else 0.6.
double text_width_em(std::string_view text) {
  double width = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = utf8::next(text, pos);
    width += utf8::is_cjk(cp) || utf8::is_fullwidth_punct(cp) || (cp >= 0xFF01 && cp <= 0xFF5E) ? 1.0 : 0.6;
  }
  return width;
}

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

/// What gets drawn: nodes of `g` (by index) at positions, and edges between them.
struct Drawing {
  struct Item {
    int node;
    Point at;
    double radius;
    std::string fill;
  };
  struct Line {
    int a, b;  // indices into items
    double width;
  };
  std::vector<Item> items;
  std::vector<Line> lines;
};

/// `min_extent`: the drawing is treated as at least this wide, so a graph of
/// one or two nodes is not blown up to the page width. With `data`, the same
/// drawing is also described there (see LocalGraph::data), and `open_tag` gets
/// the <svg …> start tag alone.
std::string write_svg(const Graph& g, const Drawing& d, const SvgOptions& options, std::string_view kind,
                      int highlight, double font_px, double default_display, double min_extent,
                      std::string* data = nullptr, std::string* open_tag = nullptr) {
  size_t n = d.items.size();

  // Units per CSS pixel at the default zoom, from the extent of the circles.
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto& it = d.items[i];
    if (i == 0) x0 = x1 = it.at.x, y0 = y1 = it.at.y;
    x0 = std::min(x0, it.at.x - it.radius), x1 = std::max(x1, it.at.x + it.radius);
    y0 = std::min(y0, it.at.y - it.radius), y1 = std::max(y1, it.at.y + it.radius);
  }
  double extent = std::max({x1 - x0, y1 - y0, min_extent, 1.0});
  double display = options.display_width > 0 ? options.display_width : default_display;
  double unit = extent / display;
  double font = font_px * unit;

  // Labels: the current node, then the largest nodes, skipping overlaps.
  std::vector<std::string> text(n);
  for (size_t i = 0; i < n; ++i) text[i] = utf8::truncate(g.nodes[d.items[i].node].label, kLabelChars);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    bool ca = d.items[a].node == highlight, cb = d.items[b].node == highlight;
    if (ca != cb) return ca;
    return d.items[a].radius > d.items[b].radius;
  });
  std::vector<char> shown(n, 0);
  std::vector<Box> boxes;
  auto label_box = [&](size_t i) {
    const auto& it = d.items[i];
    double half = text_width_em(text[i]) * font / 2;
    double top = it.at.y + it.radius + font * 0.15;
    return Box{it.at.x - half, top, it.at.x + half, top + font * 1.1};
  };
  for (size_t k = 0; k < n && boxes.size() < options.max_labels; ++k) {
    size_t i = order[k];
    if (text[i].empty()) continue;
    Box b = label_box(i);
    if (std::any_of(boxes.begin(), boxes.end(), [&](const Box& o) { return o.overlaps(b); })) continue;
    boxes.push_back(b);
    shown[i] = 1;
  }
  for (const Box& b : boxes) {
    x0 = std::min(x0, b.x0), x1 = std::max(x1, b.x1);
    y0 = std::min(y0, b.y0), y1 = std::max(y1, b.y1);
  }
  double pad = 4 * unit;
  x0 -= pad, y0 -= pad, x1 += pad, y1 += pad;
  auto widen = [&](double& lo, double& hi) {  // neither side thinner than 40 % of the extent
    double grow = std::max(0.0, 0.4 * extent - (hi - lo)) / 2;
    lo -= grow, hi += grow;
  };
  widen(x0, x1);
  widen(y0, y1);

  std::string out;
  out.reserve(256 + n * 220 + d.lines.size() * 100);
  out += "<svg class=\"graph graph-";
  append_html_escaped(out, kind);
  out += "\" viewBox=\"";
  append_number(out, x0);
  out += ' ';
  append_number(out, y0);
  out += ' ';
  append_number(out, x1 - x0);
  out += ' ';
  append_number(out, y1 - y0);
  out += "\" data-kind=\"";
  append_html_escaped(out, kind);
  out += "\" role=\"group\" aria-label=\"";  // "img" would hide the node links from screen readers
  append_html_escaped(out, options.aria_label);
  // Lines carry stroke-width only where it differs from the group's (weight 1).
  std::string base_width;
  append_number(base_width, unit);
  out += "\" xmlns=\"http://www.w3.org/2000/svg\"";
  if (open_tag) {
    *open_tag = out;
    *open_tag += '>';
  }
  out += ">\n<g class=\"edges\" stroke=\"#8a8a8a\" stroke-width=\"";
  out += base_width;
  out += "\">\n";
  std::string width;
  for (const auto& line : d.lines) {
    const auto& a = d.items[line.a];
    const auto& b = d.items[line.b];
    out += "<line class=\"edge\" x1=\"";
    append_number(out, a.at.x);
    out += "\" y1=\"";
    append_number(out, a.at.y);
    out += "\" x2=\"";
    append_number(out, b.at.x);
    out += "\" y2=\"";
    append_number(out, b.at.y);
    out += "\" data-a=\"";
    out += std::to_string(a.node);
    out += "\" data-b=\"";
    out += std::to_string(b.node);
    width.clear();
    append_number(width, std::max(0.1, line.width * unit));
    if (width != base_width) {
      out += "\" stroke-width=\"";
      out += width;
    }
    out += "\"/>\n";
  }
  out += "</g>\n<g class=\"nodes\" font-size=\"";
  append_number(out, font);
  out += "\" text-anchor=\"middle\">\n";
  // Paint order: circles without a label first, so no circle covers a shown
  // label; the current node last.
  std::vector<size_t> paint(n);
  std::iota(paint.begin(), paint.end(), 0);
  auto layer = [&](size_t i) { return d.items[i].node == highlight ? 2 : shown[i] ? 1 : 0; };
  std::stable_sort(paint.begin(), paint.end(), [&](size_t a, size_t b) { return layer(a) < layer(b); });
  if (data) {
    std::vector<size_t> painted_at(n);
    for (size_t k = 0; k < n; ++k) painted_at[paint[k]] = k;
    // LocalGraph::data as JSON text, keys in byte order: c, e, f, h, n, w.
    std::string colors = "[", nodes = "[", lines = "[";
    std::map<std::string, size_t> color_index;
    for (size_t i : paint) {
      const auto& it = d.items[i];
      const Node& node = g.nodes[it.node];
      auto [slot, added] = color_index.emplace(it.fill, color_index.size());
      if (added) {
        if (colors.size() > 1) colors += ',';
        append_json_string(colors, it.fill);
      }
      if (nodes.size() > 1) nodes += ',';
      nodes += '[';
      append_json_string(nodes, node.out);
      nodes += ',';
      append_json_string(nodes, node.label);
      nodes += ',';
      if (text[i] == node.label) nodes += '0';
      else append_json_string(nodes, text[i]);
      nodes += ',';
      append_number(nodes, it.at.x);
      nodes += ',';
      append_number(nodes, it.at.y);
      nodes += ',';
      append_number(nodes, std::max(0.5, it.radius));
      nodes += ',';
      nodes += std::to_string(slot->second);
      nodes += shown[i] ? ",1]" : ",0]";
    }
    std::string width;
    for (const auto& line : d.lines) {
      if (lines.size() > 1) lines += ',';
      lines += '[';
      lines += std::to_string(painted_at[static_cast<size_t>(line.a)]);
      lines += ',';
      lines += std::to_string(painted_at[static_cast<size_t>(line.b)]);
      width.clear();
      append_number(width, std::max(0.1, line.width * unit));
      if (width != base_width) {
        lines += ',';
        lines += width;
      }
      lines += ']';
    }
    int current = -1;
    for (size_t k = 0; k < n; ++k)
      if (d.items[paint[k]].node == highlight) current = static_cast<int>(k);
    std::string& json = *data;
    json.clear();
    json += "{\"c\":";
    json += colors;
    json += "],\"e\":";
    json += lines;
    json += "],\"f\":";
    append_number(json, font);
    json += ",\"h\":";
    json += std::to_string(current);
    json += ",\"n\":";
    json += nodes;
    json += "],\"w\":";
    json += base_width;
    json += '}';
  }
  for (size_t i : paint) {
    const auto& it = d.items[i];
    const Node& node = g.nodes[it.node];
    out += it.node == highlight ? "<a class=\"node current\"" : "<a class=\"node\"";
    if (!node.out.empty()) {
      out += " href=\"";
      append_html_escaped(out, links::relative_href(options.from_out, node.out));
      out += '"';
    }
    out += " data-id=\"";
    out += std::to_string(it.node);
    out += "\" data-group=\"";
    append_html_escaped(out, node.group);
    out += '"';
    if (!node.tags.empty() && kind != "local") {  // tags serve the note graph's filter only
      out += " data-tags=\"";
      for (size_t t = 0; t < node.tags.size(); ++t) {
        if (t) out += ' ';
        append_html_escaped(out, node.tags[t]);
      }
      out += '"';
    }
    out += "><circle cx=\"";
    append_number(out, it.at.x);
    out += "\" cy=\"";
    append_number(out, it.at.y);
    out += "\" r=\"";
    append_number(out, std::max(0.5, it.radius));
    out += "\" fill=\"";
    append_html_escaped(out, it.fill);
    out += "\"/><title>";
    append_html_escaped(out, node.label);
    out += "</title><text class=\"";
    out += shown[i] ? "label" : "label hidden";
    out += "\" x=\"";
    append_number(out, it.at.x);
    out += "\" y=\"";
    append_number(out, it.at.y + it.radius + font);
    out += "\">";
    append_html_escaped(out, text[i]);
    out += "</text></a>\n";
  }
  out += "</g></svg>";
  return out;
}

double edge_width(double weight) { return std::min(4.0, 1 + 0.5 * std::log(std::max(weight, 1.0))); }

/// A stable palette slot for a group name when no colours were computed for the whole graph.
const char* hashed_color(const std::string& group) {
  uint32_t h = 2166136261u;
  for (unsigned char c : group) h = (h ^ c) * 16777619u;
  return kPalette[h % 12];
}

}  // namespace

std::map<std::string, std::string> group_colors(const Graph& g) {
  std::set<std::string> groups;
  for (const Node& node : g.nodes)
    if (!node.group.empty()) groups.insert(node.group);
  std::map<std::string, std::string> colors;
  size_t i = 0;
  for (const std::string& group : groups) colors[group] = kPalette[i++ % 12];
  return colors;
}

std::vector<std::string> node_colors(const Graph& g, unsigned seed) {
  std::vector<std::string> fill(g.nodes.size(), kNeutralColor);
  auto groups = group_colors(g);
  if (!groups.empty()) {
    for (size_t i = 0; i < g.nodes.size(); ++i)
      if (!g.nodes[i].group.empty()) fill[i] = groups[g.nodes[i].group];
    return fill;
  }
  std::vector<int> community = communities(g, seed);
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (community[i] >= 0) fill[i] = kPalette[community[i] % 12];
  return fill;
}

std::string render_svg(const Graph& g, const std::vector<Point>& pos, const SvgOptions& options) {
  return render_svg(g, Adjacency(g), pos, options);
}

std::string render_svg(const Graph& g, const Adjacency& adjacency, const std::vector<Point>& pos,
                       const SvgOptions& options) {
  size_t n = std::min(g.nodes.size(), pos.size());
  std::vector<std::string> computed;
  const std::vector<std::string>* colors = options.colors;
  if (colors == nullptr || colors->size() < n) {
    computed = node_colors(g);
    colors = &computed;
  }
  std::vector<double> radius = node_radii(g, adjacency, pos);

  Drawing d;
  d.items.reserve(n);
  for (size_t i = 0; i < n; ++i) d.items.push_back({static_cast<int>(i), pos[i], radius[i], (*colors)[i]});
  for (const Edge& e : g.edges) {
    if (!valid_edge(g, e) || static_cast<size_t>(std::max(e.a, e.b)) >= n) continue;
    d.lines.push_back({e.a, e.b, edge_width(e.weight)});
  }
  std::string_view kind = options.kind.empty() ? std::string_view("notes") : std::string_view(options.kind);
  return write_svg(g, d, options, kind, options.highlight, 12, 800, kLayoutSize * 0.5);
}

std::vector<int> local_nodes(const Adjacency& adjacency, int center, int hops, size_t max_nodes) {
  std::vector<int> kept;
  if (center < 0 || static_cast<size_t>(center) >= adjacency.size() || max_nodes == 0) return kept;
  kept.push_back(center);
  size_t ring_start = 0;
  struct Candidate {
    int node;
    double score;
  };
  std::vector<Candidate> candidates;
  auto is_kept = [&](int v) { return std::find(kept.begin(), kept.end(), v) != kept.end(); };
  for (int h = 1; h <= hops && kept.size() < max_nodes; ++h) {
    size_t ring_end = kept.size();
    candidates.clear();
    // A node reached from several parents scores the sum: accumulate in a
    // dense per-thread array rather than sorting every 2-hop candidate.
    thread_local std::vector<double> score;
    thread_local std::vector<char> seen;
    if (score.size() < adjacency.size()) {
      score.assign(adjacency.size(), 0);
      seen.assign(adjacency.size(), 0);
    }
    std::vector<int> touched;
    for (size_t r = ring_start; r < ring_end; ++r)
      for (const auto& nb : adjacency.neighbours(kept[r])) {
        if (is_kept(nb.node)) continue;
        if (!seen[static_cast<size_t>(nb.node)]) {
          seen[static_cast<size_t>(nb.node)] = 1;
          touched.push_back(nb.node);
        }
        score[static_cast<size_t>(nb.node)] += nb.weight;
      }
    if (touched.empty()) break;
    for (int node : touched) {
      candidates.push_back({node, score[static_cast<size_t>(node)]});
      score[static_cast<size_t>(node)] = 0;
      seen[static_cast<size_t>(node)] = 0;
    }
    size_t take = std::min(candidates.size(), max_nodes - kept.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(take), candidates.end(),
                      [](const Candidate& a, const Candidate& b) {
                        return a.score != b.score ? a.score > b.score : a.node < b.node;
                      });
    for (size_t i = 0; i < take; ++i) kept.push_back(candidates[i].node);
    ring_start = ring_end;
  }
  return kept;
}

namespace {

/// Radial drawing of `kept` (center first, then each ring in rank order);
/// `weight[i * stride + j]` is the weight of the edge kept[i]–kept[j], 0 for none.
Drawing local_drawing(const Graph& g, const std::vector<int>& kept, const std::vector<double>& weight, size_t stride,
                      const SvgOptions& options) {
  constexpr double kRingStep = 80, kMinArc = 30;
  const double pi = std::numbers::pi;
  size_t n = kept.size();
  Drawing d;
  d.items.resize(n);
  std::vector<int> ring(n, 0);
  std::vector<int> parent(n, 0);
  std::vector<double> angle(n, 0);
  // Ring of each node = its hop count: one more than its nearest earlier
  // neighbour's (local_nodes() lists nodes ring by ring); the strongest such neighbour is its parent.
  for (size_t i = 1; i < n; ++i) {
    int best_ring = -1;
    double best_weight = -1;
    for (size_t j = 0; j < i; ++j) {
      double w = weight[i * stride + j];
      if (w <= 0) continue;
      if (best_ring < 0 || ring[j] < best_ring || (ring[j] == best_ring && w > best_weight)) {
        best_ring = ring[j];
        best_weight = w;
        parent[i] = static_cast<int>(j);
      }
    }
    ring[i] = best_ring + 1;
  }
  double radius_of_ring = 0;
  d.items[0] = {kept[0], {0, 0}, 10, ""};
  for (int r = 1; ; ++r) {
    std::vector<size_t> members;
    for (size_t i = 1; i < n; ++i)
      if (ring[i] == r) members.push_back(i);
    if (members.empty()) break;
    // Children next to their parent: order by the parent's angle, then rank.
    std::stable_sort(members.begin(), members.end(), [&](size_t a, size_t b) {
      return r > 1 && angle[parent[a]] < angle[parent[b]];
    });
    double m = static_cast<double>(members.size());
    radius_of_ring = std::max(radius_of_ring + kRingStep, m * kMinArc / (2 * pi));
    double offset = -pi / 2;
    if (r > 1) {
      // Rotate the ring so children sit, on average, at their parents' angles.
      double sx = 0, sy = 0;
      for (size_t k = 0; k < members.size(); ++k) {
        double delta = angle[parent[members[k]]] - 2 * pi * (static_cast<double>(k) + 0.5) / m;
        sx += std::cos(delta), sy += std::sin(delta);
      }
      offset = std::atan2(sy, sx);
    }
    for (size_t k = 0; k < members.size(); ++k) {
      size_t i = members[k];
      double a = offset + 2 * pi * (static_cast<double>(k) + (r > 1 ? 0.5 : 0)) / m;
      angle[i] = std::remainder(a, 2 * pi);
      d.items[i] = {kept[i],
                    {std::round(radius_of_ring * std::cos(a)), std::round(radius_of_ring * std::sin(a))},
                    r == 1 ? 7.0 : 5.0,
                    ""};
    }
  }
  bool any_group = false;
  for (int v : kept) any_group = any_group || !g.nodes[v].group.empty();
  for (size_t i = 0; i < n; ++i) {
    int v = kept[i];
    if (options.colors && options.colors->size() > static_cast<size_t>(v)) d.items[i].fill = (*options.colors)[v];
    else if (any_group) d.items[i].fill = g.nodes[v].group.empty() ? kNeutralColor : hashed_color(g.nodes[v].group);
    else d.items[i].fill = ring[i] <= 1 ? kPalette[ring[i] == 0 ? 2 : 0] : kNeutralColor;
  }
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      double w = weight[i * stride + j];
      if (w <= 0) continue;
      bool forward = kept[i] < kept[j];  // data-a < data-b
      d.lines.push_back({static_cast<int>(forward ? i : j), static_cast<int>(forward ? j : i), edge_width(w)});
    }
  return d;
}

}  // namespace

std::string local_svg(const Graph& g, int center, const SvgOptions& options, int hops, size_t max_nodes) {
  return local_svg(g, Adjacency(g), center, options, hops, max_nodes);
}

std::string local_svg(const Graph& g, const Adjacency& adjacency, int center, const SvgOptions& options, int hops,
                      size_t max_nodes) {
  return local_graph(g, adjacency, center, options, hops, max_nodes, nullptr);
}

std::string local_graph(const Graph& g, const Adjacency& adjacency, int center, const SvgOptions& options, int hops,
                        size_t max_nodes, LocalGraph* shared) {
  std::string_view kind = options.kind.empty() ? std::string_view("local") : std::string_view(options.kind);
  int highlight = options.highlight >= 0 ? options.highlight : center;
  std::vector<int> kept = local_nodes(adjacency, center, hops, max_nodes);
  if (kept.empty()) return "";
  size_t stride = kept.size();
  std::vector<double> weight(stride * stride, 0);
  for (size_t i = 0; i < stride; ++i)
    for (size_t j = 0; j < i; ++j)
      weight[i * stride + j] = weight[j * stride + i] = adjacency.edge_weight(kept[i], kept[j]);
  while (true) {
    std::string svg = write_svg(g, local_drawing(g, kept, weight, stride, options), options, kind, highlight, 11, 210,
                                200, shared ? &shared->data : nullptr, shared ? &shared->placeholder : nullptr);
    if (svg.size() <= options.max_bytes || kept.size() <= 1) {
      if (shared) {
        shared->placeholder.pop_back();
        // In HTML an <svg> is in the SVG namespace without xmlns.
        if (const size_t x = shared->placeholder.find(" xmlns=\""); x != std::string::npos)
          shared->placeholder.erase(x, shared->placeholder.find('"', x + 8) + 1 - x);
        shared->placeholder += " data-key=\"";
        append_html_escaped(shared->placeholder, options.from_out);
        shared->placeholder += "\"></svg>";
      }
      return svg;
    }
    // Too big (long titles, deep paths): keep as many of the strongest as should fit.
    size_t fit = kept.size() * options.max_bytes * 95 / (svg.size() * 100);
    kept.resize(std::clamp<size_t>(fit, 1, kept.size() - 1));
  }
}

}  // namespace studywiki::graph
