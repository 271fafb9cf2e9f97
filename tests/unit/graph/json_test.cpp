#include "graph/json.h"

#include <doctest/doctest.h>

#include "graph/layout.h"

using namespace studywiki::graph;

TEST_SUITE("graph") {

TEST_CASE("graph: graph.json holds nodes with coordinates and weighted edges") {
  Graph g;
  g.nodes.push_back({"Redis 持久化", "db/redis-持久化.html", "db", {"db"}, 0});
  g.nodes.push_back({"TCP", "net/tcp.html", "net", {}, 0});
  g.nodes.push_back({"孤立", "x.html", "", {}, 0});
  g.edges = {{0, 1, 3}, {1, 1, 1}, {0, 7, 1}};
  auto pos = layout(g);
  nlohmann::json j = to_json(g, pos);
  REQUIRE(j["nodes"].size() == 3);
  const auto& n0 = j["nodes"][0];
  CHECK(n0["id"] == 0);
  CHECK(n0["label"] == "Redis 持久化");
  CHECK(n0["url"] == "db/redis-持久化.html");
  CHECK(n0["group"] == "db");
  CHECK(n0["tags"] == nlohmann::json::array({"db"}));
  CHECK(n0["x"].get<double>() == pos[0].x);
  CHECK(n0["y"].get<double>() == pos[0].y);
  CHECK(n0["size"].get<double>() > 0);
  CHECK_FALSE(j["nodes"][1].contains("tags"));
  REQUIRE(j["edges"].size() == 1);  // self-loop and dangling edge left out
  CHECK(j["edges"][0] == nlohmann::json{{"source", 0}, {"target", 1}, {"weight", 3.0}});
  CHECK(j.dump() == to_json(g, layout(g)).dump());
}

}  // TEST_SUITE
