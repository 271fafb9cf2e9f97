#include "content/front_matter.h"

#include <doctest/doctest.h>

using namespace studywiki;

TEST_CASE("split_front_matter finds the YAML block and the body's first line") {
  auto s = split_front_matter("---\ntitle: A\n---\n# Body\n");
  CHECK(s.has_front_matter);
  CHECK(s.yaml == "title: A\n");
  CHECK(s.body == "# Body\n");
  CHECK(s.body_line == 4);

  auto none = split_front_matter("# Just text\n---\n");
  CHECK_FALSE(none.has_front_matter);
  CHECK(none.body_line == 1);

  auto unclosed = split_front_matter("---\ntitle: A\n");
  CHECK_FALSE(unclosed.has_front_matter);
}

TEST_CASE("front matter fields and params") {
  std::vector<FrontMatterError> errors;
  auto fm = parse_front_matter(split_front_matter("---\n"
                                                  "title: Redis 持久化\n"
                                                  "tags: db, redis  缓存\n"
                                                  "aliases: [RDB, AOF]\n"
                                                  "date: 2024-03-05\n"
                                                  "updated: 2024-04-01T10:00:00+08:00\n"
                                                  "draft: false\n"
                                                  "description: 两种持久化方式\n"
                                                  "difficulty: 3\n"
                                                  "source: \"《Redis 设计与实现》\"\n"
                                                  "---\nbody\n"),
                               errors);
  CHECK(errors.empty());
  REQUIRE(fm.title);
  CHECK(*fm.title == "Redis 持久化");
  CHECK(fm.tags == std::vector<std::string>{"db", "redis", "缓存"});
  CHECK(fm.aliases == std::vector<std::string>{"RDB", "AOF"});
  CHECK(fm.date == "2024-03-05");
  CHECK(date_part(fm.updated) == "2024-04-01");
  CHECK_FALSE(fm.draft);
  CHECK(fm.description == "两种持久化方式");
  CHECK(fm.params["difficulty"] == 3);
  CHECK(fm.params["source"] == "《Redis 设计与实现》");
}

TEST_CASE("tags as a list; full-width comma in a string") {
  std::vector<FrontMatterError> errors;
  auto fm = parse_front_matter(split_front_matter("---\ntags:\n  - db/mysql\n  - 索引\n---\n"), errors);
  CHECK(fm.tags == std::vector<std::string>{"db/mysql", "索引"});
  auto fm2 = parse_front_matter(split_front_matter("---\ntags: 网络，协议\n---\n"), errors);
  CHECK(fm2.tags == std::vector<std::string>{"网络", "协议"});
  CHECK(errors.empty());
}

TEST_CASE("malformed YAML reports the note's line and column") {
  std::vector<FrontMatterError> errors;
  auto fm = parse_front_matter(split_front_matter("---\ntitle: ok\ntags: [a, b\n---\nbody\n"), errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line >= 3);
  CHECK(errors[0].col >= 1);
}

TEST_CASE("wrongly typed fields are errors at the value") {
  std::vector<FrontMatterError> errors;
  parse_front_matter(split_front_matter("---\ntitle: A\ntags: {a: 1}\ndate: yesterday\n---\n"), errors);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 3);
  CHECK(errors[0].col == 7);
  CHECK(errors[0].message == "tags must be a list or a string");
  CHECK(errors[1].line == 4);
  CHECK(errors[1].message == "date must be a date like 2024-03-05");
}
