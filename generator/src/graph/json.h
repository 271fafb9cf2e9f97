#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "graph/graph.h"

namespace studywiki::graph {

/// public/graph.json, for other tools and custom themes:
///   {"nodes":[{"id":i,"label":…,"url":…,"group":…,"tags":[…],"x":…,"y":…,"size":…}],
///    "edges":[{"source":a,"target":b,"weight":w}]}
/// "url" is the page's percent-encoded path relative to the site root (where
/// graph.json lives); x, y and size (circle radius) are the SVG's, one decimal;
/// "tags" only when non-empty. Invalid edges are left out.
nlohmann::json to_json(const Graph& g, const std::vector<Point>& pos);

}  // namespace studywiki::graph
