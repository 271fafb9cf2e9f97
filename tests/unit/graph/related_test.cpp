#include "graph/related.h"

#include <doctest/doctest.h>

using namespace studywiki::graph;

TEST_SUITE("graph") {

TEST_CASE("graph: related notes by Adamic–Adar, computed by hand") {
  // Edges: 0-1 0-2 0-3 1-4 2-4 1-5 3-5 3-6 3-7
  // Neighbours: 0:{1,2,3} 1:{0,4,5} 2:{0,4} 3:{0,5,6,7} 4:{1,2} 5:{1,3} 6:{3} 7:{3}
  // Adamic–Adar with 0 = Σ over common neighbours z of 1 / ln(deg z):
  //   4: z=1 (deg 3), z=2 (deg 2)  → 1/ln 3 + 1/ln 2 = 0.910 + 1.443 = 2.353
  //   5: z=1 (deg 3), z=3 (deg 4)  → 1/ln 3 + 1/ln 4 = 0.910 + 0.721 = 1.631
  //   6: z=3 (deg 4)               → 1/ln 4          = 0.721
  //   7: z=3 (deg 4)               → 1/ln 4          = 0.721 (tie with 6: lower index first)
  //   1, 2, 3 share no neighbour with 0 → not related
  Graph g;
  g.nodes.resize(8);
  g.edges = {{0, 1}, {0, 2}, {0, 3}, {1, 4}, {2, 4}, {1, 5}, {3, 5}, {3, 6}, {3, 7}};
  CHECK(related(g, 0, {}) == std::vector<int>{4, 5, 6, 7});
  CHECK(related(g, 0, {}, 2) == std::vector<int>{4, 5});
  CHECK(related(g, 0, {4, 1, 2, 3}) == std::vector<int>{5, 6, 7});  // already linked: left out
  // From 4: common neighbours with 0 are 1 and 2 (same score as above); with 5: z=1 → 1/ln 3.
  CHECK(related(g, 4, {1, 2}) == std::vector<int>{0, 5});
  CHECK(related(g, 6, {3}) == std::vector<int>{0, 5, 7});  // all through 3 alone: ties by index
  Graph lonely;
  lonely.nodes.resize(2);
  CHECK(related(lonely, 0, {}).empty());
  CHECK(related(g, 42, {}).empty());
}

TEST_CASE("graph: related() is symmetric in score and ignores duplicate edges") {
  Graph g;
  g.nodes.resize(4);
  g.edges = {{0, 1}, {1, 2}, {1, 2}, {2, 3}};  // duplicate 1-2 merged by the adjacency
  Adjacency adjacency(g);
  CHECK(adjacency.degree(2) == 2);
  CHECK(related(adjacency, 0, {1}) == std::vector<int>{2});
  CHECK(related(adjacency, 2, {1, 3}) == std::vector<int>{0});
}

}  // TEST_SUITE
