// The note graph's layout (graph/layout.h) at 10,000 notes / 90,000 links.
#include <cstdio>

#include "graph/layout.h"
#include "micro.h"
#include "random_graph.h"
#include "timer.h"

namespace studywiki::bench {

int bench_layout(int runs) {
  const graph::Graph g = graph::testing::random_graph(10000, 90000, 3);
  Best t;
  std::size_t placed = 0;
  for (int run = 0; run < runs; ++run) t.run([&] { placed = graph::layout(g).size(); });
  std::printf("layout: %zu nodes / %zu edges: %s\n", g.nodes.size(), g.edges.size(), t.text().c_str());
  return placed == g.nodes.size() ? 0 : 1;
}

}  // namespace studywiki::bench
