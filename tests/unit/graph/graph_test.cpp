#include "graph/graph.h"

#include <doctest/doctest.h>

#include "graph/layout.h"

using namespace studywiki::graph;

TEST_SUITE("graph") {

TEST_CASE("graph: adjacency merges duplicates and drops self-loops and bad ends") {
  Graph g;
  g.nodes.resize(4);
  g.edges = {{0, 1, 1}, {1, 0, 2}, {2, 2, 1}, {0, 9, 1}, {-1, 0, 1}, {3, 0, 0.5}};
  Adjacency adj(g);
  REQUIRE(adj.size() == 4);
  CHECK(adj.degree(0) == 2);
  CHECK(adj.degree(1) == 1);
  CHECK(adj.degree(2) == 0);
  CHECK(adj.edge_weight(0, 1) == 3);
  CHECK(adj.edge_weight(1, 0) == 3);
  CHECK(adj.edge_weight(0, 3) == 0.5);
  CHECK(adj.edge_weight(1, 3) == 0);
  CHECK(adj.strength(0) == 3.5);
  CHECK(adj.neighbours(0)[0].node == 1);  // sorted
  CHECK(adj.neighbours(0)[1].node == 3);
  CHECK(adj.neighbours(7).empty());
}

TEST_CASE("graph: top_nodes keeps the most connected, ties by index, ascending") {
  // degrees: 0:1 1:3 2:2 3:2 4:1 5:1 6:0
  Graph g;
  g.nodes.resize(7);
  g.edges = {{1, 0}, {1, 2}, {1, 3}, {2, 3}, {4, 5}};
  CHECK(top_nodes(g, 1) == std::vector<int>{1});
  CHECK(top_nodes(g, 3) == std::vector<int>{1, 2, 3});
  CHECK(top_nodes(g, 4) == std::vector<int>{0, 1, 2, 3});  // 0, 4, 5 tie at 1: lowest index wins
  CHECK(top_nodes(g, 100).size() == 7);
  CHECK(top_nodes(g, 0).empty());
}

TEST_CASE("graph: subgraph renumbers and keeps only edges among kept nodes") {
  Graph g;
  for (const char* label : {"a", "b", "c", "d"}) g.nodes.push_back({label, "", "", {}, 1});
  g.edges = {{0, 1, 2}, {1, 2, 1}, {2, 3, 1}, {3, 3, 1}};
  Graph sub = subgraph(g, {1, 2, 3});
  REQUIRE(sub.nodes.size() == 3);
  CHECK(sub.nodes[0].label == "b");
  REQUIRE(sub.edges.size() == 2);
  CHECK(sub.edges[0].a == 0);
  CHECK(sub.edges[0].b == 1);
  CHECK(sub.edges[1].a == 1);
  CHECK(sub.edges[1].b == 2);
}

TEST_CASE("graph: node radii grow with weight, or degree when the weight is 0") {
  Graph g;
  g.nodes.resize(3);
  g.nodes[0].weight = 1;
  g.nodes[1].weight = 9;
  g.nodes[2].weight = 0;  // degree 1
  g.edges = {{0, 2}};
  auto r = node_radii(g, Adjacency(g), kLayoutSize);
  CHECK(r[1] > r[0]);
  CHECK(r[0] == doctest::Approx(r[2]));
}

}  // TEST_SUITE
