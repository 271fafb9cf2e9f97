#include "graph/layout.h"

#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <thread>

#include "random_graph.h"

using namespace studywiki::graph;
using studywiki::graph::testing::random_graph;

namespace {

/// Smallest distance between two centres (brute force: the test must not share the code under test).
double closest_pair(const std::vector<Point>& pos) {
  double best = INFINITY;
  for (size_t i = 0; i < pos.size(); ++i)
    for (size_t j = i + 1; j < pos.size(); ++j)
      best = std::min(best, std::hypot(pos[i].x - pos[j].x, pos[i].y - pos[j].y));
  return best;
}

bool same(const std::vector<Point>& a, const std::vector<Point>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].x != b[i].x || a[i].y != b[i].y) return false;
  return true;
}

}  // namespace

TEST_SUITE("graph") {

TEST_CASE("graph: layout is deterministic, also across threads") {
  Graph g = random_graph(300, 600, 7);
  auto first = layout(g);
  auto second = layout(g);
  CHECK(same(first, second));
  std::vector<Point> other;
  std::thread t([&] { other = layout(g); });
  auto here = layout(g, 42);
  t.join();
  CHECK(same(first, other));
  CHECK(same(first, here));
  CHECK_FALSE(same(first, layout(g, 43)));  // the seed is used
}

TEST_CASE("graph: layout keeps centres apart in the box (2000 nodes, duplicates, isolated)") {
  Graph g = random_graph(2000, 2500, 11);  // ~ 570 never drawn: isolated
  for (int i = 0; i < 300; ++i) g.edges.push_back(g.edges[i]);  // duplicate edges
  for (int i = 0; i < 50; ++i) g.edges.push_back({1999, 1998, 1});  // a heavy pair
  auto pos = layout(g);
  REQUIRE(pos.size() == g.nodes.size());
  for (const Point& p : pos) {
    CHECK(p.x >= 0);
    CHECK(p.x <= kLayoutSize);
    CHECK(p.y >= 0);
    CHECK(p.y <= kLayoutSize);
    CHECK(p.x * 10 == doctest::Approx(std::round(p.x * 10)));
  }
  double d = min_distance(g.nodes.size());
  CHECK(d > 2);
  CHECK(closest_pair(pos) >= d - 1e-9);
}

TEST_CASE("graph: layout of edge cases") {
  Graph empty;
  CHECK(layout(empty).empty());
  Graph one;
  one.nodes.resize(1);
  REQUIRE(layout(one).size() == 1);
  Graph lonely;  // no edges at all: a spiral, nothing piled up
  lonely.nodes.resize(50);
  auto pos = layout(lonely);
  CHECK(closest_pair(pos) >= min_distance(50) - 1e-9);
  std::set<std::pair<double, double>> distinct;
  for (const Point& p : pos) distinct.insert({p.x, p.y});
  CHECK(distinct.size() == 50);
  Graph pair;  // two nodes joined by a very heavy edge still get apart
  pair.nodes.resize(2);
  pair.edges = {{0, 1, 1e6}};
  CHECK(closest_pair(layout(pair)) >= min_distance(2) - 1e-9);
}

TEST_CASE("graph: isolated nodes go around the connected ones") {
  Graph g = random_graph(200, 400, 5);
  for (int i = 0; i < 40; ++i) g.nodes.push_back({"lonely", "x.html", "", {}, 0});
  auto pos = layout(g);
  std::vector<int> degree(g.nodes.size(), 0);
  for (const Edge& e : g.edges) ++degree[e.a], ++degree[e.b];
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (size_t i = 0; i < pos.size(); ++i)
    if (degree[i]) x0 = std::min(x0, pos[i].x), x1 = std::max(x1, pos[i].x), y0 = std::min(y0, pos[i].y), y1 = std::max(y1, pos[i].y);
  double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  double inner = 0;  // radius of the circle around the connected nodes
  for (size_t i = 0; i < pos.size(); ++i)
    if (degree[i]) inner = std::max(inner, std::hypot(pos[i].x - cx, pos[i].y - cy));
  for (size_t i = 200; i < pos.size(); ++i) CHECK(std::hypot(pos[i].x - cx, pos[i].y - cy) > inner);
}

TEST_CASE("graph: communities are deterministic and follow clusters") {
  // Two 5-cliques joined by one edge.
  Graph g;
  g.nodes.resize(10);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 5; ++i)
      for (int j = i + 1; j < 5; ++j) g.edges.push_back({c * 5 + i, c * 5 + j, 1});
  g.edges.push_back({4, 5, 1});
  g.nodes.push_back({});  // isolated
  auto c = communities(g);
  CHECK(c == communities(g));
  for (int i = 1; i < 5; ++i) CHECK(c[i] == c[0]);
  for (int i = 6; i < 10; ++i) CHECK(c[i] == c[5]);
  CHECK(c[0] != c[5]);
  CHECK(c[0] == 0);  // equal sizes: the one with the smaller member first
  CHECK(c[10] == -1);
}

// The layout time at 10,000 notes / 90,000 links: bench/micro (`bench_micro layout`).

}  // TEST_SUITE
