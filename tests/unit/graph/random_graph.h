#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

#include "graph/graph.h"

namespace studywiki::graph::testing {

/// A reproducible random graph (its own generator, so the standard library's
/// distributions cannot change it): `edges` draws, self-loops skipped, duplicate
/// draws kept as duplicate edges; nodes never drawn stay isolated. Folders
/// "f0".."f4", CJK titles on every third node.
inline Graph random_graph(int nodes, int edges, uint64_t seed, bool groups = true) {
  uint64_t state = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  Graph g;
  for (int i = 0; i < nodes; ++i) {
    Node n;
    // snprintf, not std::string operator+: GCC 12 gives false -Wrestrict warnings on those here.
    char text[64];
    std::snprintf(text, sizeof text, i % 3 == 0 ? "笔记 %d" : "note %d", i);
    n.label = text;
    if (groups) {
      std::snprintf(text, sizeof text, "f%d", i % 5);
      n.group = text;
    }
    std::snprintf(text, sizeof text, "%s%sn%d.html", n.group.c_str(), groups ? "/" : "", i);
    n.out = text;
    n.weight = 0;
    g.nodes.push_back(n);
  }
  for (int e = 0; e < edges; ++e) {
    int a = static_cast<int>(next() % nodes), b = static_cast<int>(next() % nodes);
    if (a != b) g.edges.push_back({a, b, 1});
  }
  return g;
}

}  // namespace studywiki::graph::testing
