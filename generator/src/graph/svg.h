#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph/graph.h"

/// Graphs as inline SVG that works without JavaScript; the theme's graph.js
/// adds hover, pan and zoom, style.css the look. The markup is a contract with
/// them (templates/assets/graph.js reads these classes and data-attributes):
///
///   <svg class="graph graph-KIND" viewBox="…" data-kind="KIND" role="img" aria-label="…" xmlns="…">
///   <g class="edges" stroke="#8a8a8a" stroke-width="W"><line class="edge" x1 y1 x2 y2 data-a="3" data-b="7"[ stroke-width="…"]/>…</g>
///   <g class="nodes" font-size="…" text-anchor="middle"><a class="node[ current]" href="REL" data-id="3"
///     data-group="GROUP"[ data-tags="a b"]><circle cx cy r fill="#hex"/><title>LABEL</title>
///     <text class="label[ hidden]" x y>LABEL</text></a>…</g></svg>
///
/// data-id is the node's index in the Graph given; nodes are painted in index
/// order except that those with a shown label come after the rest (no circle
/// covers a label) and the current node last. Numbers have at most one decimal.
/// A line has its own stroke-width only when heavier than weight 1 (size: the
/// note graph is mostly lines); the local graph leaves out data-tags.
namespace studywiki::graph {

/// Twelve fill colours, mid-luminance so they read on light and dark backgrounds.
extern const char* const kPalette[12];
/// Fill of nodes with no group and no community.
extern const char* const kNeutralColor;

struct SvgOptions {
  std::string from_out;    ///< output path of the page the SVG is embedded in; hrefs are relative to it
  std::string kind;        ///< "notes" | "tags" | "local": data-kind and the class graph-KIND
  size_t max_labels = 60;  ///< labels shown for the largest nodes; the others get class "label hidden"
  int highlight = -1;      ///< node drawn as "current" (the note of a local graph)
  std::string aria_label;  ///< accessible name
  /// Width in CSS pixels the SVG is expected to have at the default zoom; labels
  /// are 12 px (11 px in the local graph) on screen, so this sets how many fit.
  /// 0 = by kind: 800 for "notes" and "tags", 210 for "local" (the sidebar box).
  double display_width = 0;
  /// Fill per node of the Graph given (see node_colors()), not copied: the
  /// caller keeps it alive; null or short = computed here (render_svg:
  /// groups, else communities; local_svg: groups, else by distance).
  const std::vector<std::string>* colors = nullptr;
  /// local_svg only: drop the farthest nodes until the markup fits.
  size_t max_bytes = 10 * 1000;
};

/// Fill per node: by group (sorted distinct non-empty groups → palette index,
/// "" → neutral) when any node has a group, else by community() (seeded Leiden;
/// nodes without edges neutral). Compute once per build and pass in SvgOptions::colors.
std::vector<std::string> node_colors(const Graph& g, unsigned seed = 42);

/// Colour of each non-empty group, as node_colors() assigns them — for legends.
std::map<std::string, std::string> group_colors(const Graph& g);

/// The whole graph at the positions from layout() (or any positions; the
/// viewBox fits them). Labels: the `max_labels` largest nodes first, greedily,
/// skipping any whose box would overlap a label already shown (CJK ≈ 1 em,
/// other characters ≈ 0.6 em, cut at 20 characters; <title> has the full text).
std::string render_svg(const Graph& g, const std::vector<Point>& pos, const SvgOptions& options);
std::string render_svg(const Graph& g, const Adjacency& adjacency, const std::vector<Point>& pos,
                       const SvgOptions& options);

/// The neighbourhood of `center` within `hops` over `g` (pass a graph whose
/// edges are the links both ways plus shared tags): at most `max_nodes`, the
/// strongest connections first (edge weight, then index), laid out radially —
/// the note in the middle, one ring per hop, children near their parent,
/// angles deterministic. No igraph, no per-call work proportional to the whole
/// graph: microseconds per note. Kind "local"; stays under options.max_bytes.
std::string local_svg(const Graph& g, const Adjacency& adjacency, int center, const SvgOptions& options,
                      int hops = 2, size_t max_nodes = 30);
std::string local_svg(const Graph& g, int center, const SvgOptions& options, int hops = 2, size_t max_nodes = 30);

/// A local graph as a page loads it from a shared file (render/page_data.h):
/// the page holds `placeholder`, local_svg()'s <svg> start tag with a
/// data-key attribute (options.from_out) and no content, so the box has its
/// final size at once; graph.js draws into it from `data`, which describes
/// exactly what local_svg() would have written:
///
///   {"f": font-size, "w": stroke-width of the edges group, "c": [fill, …],
///    "n": [[out, title, label or 0 (= title), x, y, r, fill index, label shown 1/0], …]  in paint order,
///    "e": [[a, b(, stroke-width)], …]  a, b index "n"; the width only where it differs from "w",
///    "h": index of the current node in "n"}
///
/// data-id, data-a and data-b become indices into "n"; data-group and data-tags are left out.
struct LocalGraph {
  std::string placeholder;
  std::string data;  ///< the JSON text of that object
};
/// local_svg(), also filling `shared` (when not null). Returns the SVG.
std::string local_graph(const Graph& g, const Adjacency& adjacency, int center, const SvgOptions& options, int hops,
                        size_t max_nodes, LocalGraph* shared);

/// The nodes local_svg() draws for `center`, nearest ring first (center first).
std::vector<int> local_nodes(const Adjacency& adjacency, int center, int hops = 2, size_t max_nodes = 30);

}  // namespace studywiki::graph
