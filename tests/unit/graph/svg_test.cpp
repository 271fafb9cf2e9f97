#include "graph/svg.h"

#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include "graph/layout.h"
#include "random_graph.h"

using namespace studywiki::graph;
using studywiki::graph::testing::random_graph;

namespace {

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

/// data-id of every node drawn.
std::set<int> drawn_ids(const std::string& svg) {
  std::set<int> ids;
  std::regex id(R"re(<a class="node[^"]*"[^>]* data-id="(\d+)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), id); it != std::sregex_iterator(); ++it)
    ids.insert(std::stoi((*it)[1]));
  return ids;
}

Graph star(int leaves) {
  Graph g;
  g.nodes.push_back({"中心笔记", "数据库/中心.html", "数据库", {"db"}, 0});
  for (int i = 1; i <= leaves; ++i) {
    std::string label = "索引与事务 ";
    label += std::to_string(i);
    std::string out = "数据库/mysql/索引-";
    out += std::to_string(i);
    out += ".html";
    g.nodes.push_back({label, out, "数据库", {"db", "db/mysql"}, 0});
    g.edges.push_back({0, i, 1});
  }
  return g;
}

}  // namespace

TEST_SUITE("graph") {

TEST_CASE("graph: SVG structure, relative hrefs, data attributes") {
  Graph g;
  g.nodes.push_back({"Redis 持久化", "db/redis-持久化.html", "db", {"db", "redis"}, 0});
  g.nodes.push_back({"TCP", "net/tcp.html", "net", {}, 0});
  g.edges.push_back({0, 1, 1});
  SvgOptions options;
  options.from_out = "graph.html";
  options.kind = "notes";
  options.aria_label = "笔记关系图";
  std::string svg = render_svg(g, layout(g), options);
  CHECK(svg.starts_with(R"(<svg class="graph graph-notes" viewBox=")"));
  CHECK(svg.find(R"(data-kind="notes" role="group" aria-label="笔记关系图" xmlns="http://www.w3.org/2000/svg">)") !=
        std::string::npos);
  CHECK(svg.find(R"(<g class="edges")") != std::string::npos);
  CHECK(svg.find(R"(<line class="edge" x1=")") != std::string::npos);
  CHECK(svg.find(R"(data-a="0" data-b="1"/>)") != std::string::npos);  // weight 1: the group's width
  g.edges[0].weight = 5;
  CHECK(render_svg(g, layout(g), options).find(R"(data-a="0" data-b="1" stroke-width=")") != std::string::npos);
  CHECK(svg.find(R"(<a class="node" href="db/redis-持久化.html" data-id="0" data-group="db" data-tags="db redis"><circle cx=")") !=
        std::string::npos);
  CHECK(svg.find(R"(<a class="node" href="net/tcp.html" data-id="1" data-group="net"><circle)") != std::string::npos);
  CHECK(svg.find("<title>Redis 持久化</title><text class=\"label\"") != std::string::npos);
  CHECK(svg.ends_with("</g></svg>"));
  // at most one decimal in every number
  CHECK_FALSE(std::regex_search(svg, std::regex(R"(\d\.\d\d)")));
  // group colours: sorted groups → palette
  CHECK(svg.find(std::string("fill=\"") + kPalette[0]) != std::string::npos);
  CHECK(svg.find(std::string("fill=\"") + kPalette[1]) != std::string::npos);
}

TEST_CASE("graph: SVG escapes labels, groups and tags; CJK passes through") {
  Graph g;
  g.nodes.push_back({R"(a<b & "c" 数据库)", "a.html", R"(x"y)", {"t&u"}, 1});
  SvgOptions options;
  options.from_out = "sub/page.html";
  std::string svg = render_svg(g, {{500, 500}}, options);
  CHECK(svg.find("<title>a&lt;b &amp; &quot;c&quot; 数据库</title>") != std::string::npos);
  CHECK(svg.find(">a&lt;b &amp; &quot;c&quot; 数据库</text>") != std::string::npos);
  CHECK(svg.find(R"(data-group="x&quot;y")") != std::string::npos);
  CHECK(svg.find(R"(data-tags="t&amp;u")") != std::string::npos);
  CHECK(svg.find(R"(href="../a.html")") != std::string::npos);
  CHECK(svg.find("a<b") == std::string::npos);
}

TEST_CASE("graph: a label overlapping a shown label is hidden, the larger node keeps its label") {
  Graph g;
  g.nodes.push_back({"小节点", "a.html", "", {}, 1});
  g.nodes.push_back({"大节点", "b.html", "", {}, 5});
  g.nodes.push_back({"远处", "c.html", "", {}, 1});
  std::vector<Point> pos = {{500, 500}, {500, 500}, {100, 100}};
  std::string svg = render_svg(g, pos, {});
  CHECK(count(svg, R"(class="label hidden")") == 1);
  CHECK(svg.find(R"(data-id="0" data-group=""><circle cx="500" cy="500" r=")") != std::string::npos);
  auto node0 = svg.substr(svg.find(R"(data-id="0")"));
  CHECK(node0.substr(0, node0.find("</a>")).find("label hidden") != std::string::npos);
  auto node1 = svg.substr(svg.find(R"(data-id="1")"));
  CHECK(node1.substr(0, node1.find("</a>")).find("label hidden") == std::string::npos);

  SvgOptions few;
  few.max_labels = 1;  // only the largest
  CHECK(count(render_svg(g, pos, few), R"(class="label hidden")") == 2);
}

TEST_CASE("graph: SVG bytes are deterministic; communities colour an ungrouped graph") {
  Graph g = random_graph(400, 900, 21, false);
  SvgOptions options;
  options.kind = "notes";
  options.from_out = "graph.html";
  std::string a = render_svg(g, layout(g), options);
  std::string b = render_svg(g, layout(g), options);
  CHECK(a == b);
  std::set<std::string> fills;
  std::regex fill(R"re(fill="(#[0-9a-f]{6})")re");
  for (auto it = std::sregex_iterator(a.begin(), a.end(), fill); it != std::sregex_iterator(); ++it)
    fills.insert((*it)[1]);
  CHECK(fills.size() > 2);
  auto colors = node_colors(g);
  options.colors = &colors;
  CHECK(render_svg(g, layout(g), options) == a);
}

TEST_CASE("graph: local graph holds only nodes within two hops, the note marked current") {
  // path 0-1-2-3-4 plus 1-5, and a far component 6-7
  Graph g;
  for (int i = 0; i < 8; ++i) {
    std::string label = "n";
    label += std::to_string(i);
    g.nodes.push_back({label, label + ".html", "", {}, 0});
  }
  g.edges = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {1, 5}, {6, 7}};
  SvgOptions options;
  options.from_out = "n2.html";
  std::string svg = local_svg(g, 2, options);
  CHECK(drawn_ids(svg) == std::set<int>{0, 1, 2, 3, 4, 5});
  CHECK(svg.find(R"(<a class="node current" href="n2.html" data-id="2")") != std::string::npos);
  CHECK(svg.find(R"(data-kind="local")") != std::string::npos);
  CHECK(drawn_ids(local_svg(g, 2, options, 1)) == std::set<int>{1, 2, 3});
  CHECK(drawn_ids(local_svg(g, 6, options)) == std::set<int>{6, 7});
  CHECK(local_svg(g, 2, options) == svg);
  // edges only among drawn nodes, 1-2 drawn
  CHECK(svg.find(R"(data-a="6")") == std::string::npos);
  CHECK(svg.find(R"(data-a="1" data-b="2")") != std::string::npos);
}

TEST_CASE("graph: local graph of a 40-neighbour hub stays under 10 KB and keeps the strongest") {
  Graph g = star(40);
  for (int i = 1; i <= 40; ++i) g.edges.push_back({i, 41 + i % 7, 1});  // second ring
  for (int i = 0; i < 7; ++i) g.nodes.push_back({"二跳笔记", "其他/二跳.html", "其他", {}, 0});
  g.edges.push_back({0, 33, 5});  // a strong link is kept before weaker ones
  Adjacency adjacency(g);
  SvgOptions options;
  options.from_out = "数据库/中心.html";
  auto start = std::chrono::steady_clock::now();
  std::string svg = local_svg(g, adjacency, 0, options);
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("local graph of a 40-neighbour hub: " << svg.size() << " bytes, " << us << " µs");
  CHECK(svg.size() < 10 * 1000);
  auto ids = drawn_ids(svg);
  CHECK(ids.size() <= 30);
  CHECK(ids.size() >= 15);
  CHECK(ids.count(0) == 1);
  CHECK(ids.count(33) == 1);
  // typical note: a few links and tags
  std::string small = local_svg(star(8), 3, options);
  MESSAGE("local graph of a leaf of an 8-star: " << small.size() << " bytes");
  CHECK(drawn_ids(small).size() == 9);
}

TEST_CASE("graph: CJK labels are present and truncated in the text, whole in the title") {
  Graph g;
  g.nodes.push_back({"数据库系统概论：关系模型、SQL 与事务隔离级别详解（第三版）", "a.html", "", {}, 1});
  std::string svg = render_svg(g, {{500, 500}}, {});
  CHECK(svg.find("<title>数据库系统概论：关系模型、SQL 与事务隔离级别详解（第三版）</title>") != std::string::npos);
  CHECK(svg.find(">数据库系统概论：关系模型、SQL 与事务…</text>") != std::string::npos);
}

}  // TEST_SUITE

TEST_SUITE("graph") {

TEST_CASE("graph: top_nodes_within keeps the SVG near the byte budget") {
  Graph g = random_graph(3000, 20000, 13);
  Adjacency adjacency(g);
  auto kept = top_nodes_within(g, adjacency, 400'000, "graph.html");
  REQUIRE(kept.size() > 100);
  REQUIRE(kept.size() < 3000);
  CHECK(std::is_sorted(kept.begin(), kept.end()));
  CHECK(kept == top_nodes(g, kept.size()));  // the same ranking as top_nodes
  Graph capped = subgraph(g, kept);
  SvgOptions options;
  options.kind = "notes";
  options.from_out = "graph.html";
  std::string svg = render_svg(capped, layout(capped), options);
  MESSAGE("capped to " << kept.size() << " nodes: " << svg.size() << " bytes for a 400000-byte budget");
  CHECK(svg.size() > 400'000 * 0.9);
  CHECK(svg.size() < 400'000 * 1.05);
}

TEST_CASE("graph: rendering from several threads at once gives the same bytes") {
  Graph g = random_graph(300, 700, 17, false);  // no groups: communities through igraph
  auto pos = layout(g);
  Adjacency adjacency(g);
  SvgOptions options;
  std::string expected = render_svg(g, pos, options);
  std::string local = local_svg(g, adjacency, 5, options);
  std::vector<std::string> results(4), locals(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      results[t] = render_svg(g, pos, options);
      locals[t] = local_svg(g, adjacency, 5, options);
    });
  for (auto& t : threads) t.join();
  for (int t = 0; t < 4; ++t) {
    CHECK(results[t] == expected);
    CHECK(locals[t] == local);
  }
}

}  // TEST_SUITE
