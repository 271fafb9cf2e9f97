#include "content/front_matter.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

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

TEST_CASE("wrongly typed fields are warnings at the value; the value is ignored") {
  std::vector<FrontMatterError> errors;
  auto fm = parse_front_matter(split_front_matter("---\ntitle: A\ntags: {a: 1}\ndate: yesterday\n---\n"), errors);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 3);
  CHECK(errors[0].col == 7);
  CHECK(errors[0].message == "tags must be a list or a string; ignored");
  CHECK(errors[0].severity == Severity::Warning);
  CHECK(errors[1].line == 4);
  CHECK(errors[1].message == "date must be a date like 2024-03-05; ignored");
  CHECK(errors[1].severity == Severity::Warning);
  CHECK(*fm.title == "A");
  CHECK(fm.tags.empty());
  CHECK(fm.date.empty());
}

TEST_CASE("front matter: Obsidian's template placeholders and other wrong types are warnings") {
  std::vector<FrontMatterError> errors;
  auto fm = parse_front_matter(split_front_matter("---\n"
                                                  "title: [a, b]\n"
                                                  "date: {{date}}\n"
                                                  "updated: {{date:YYYY-MM-DD}}\n"
                                                  "tags: 5\n"
                                                  "aliases: [x, [y]]\n"
                                                  "description: {a: 1}\n"
                                                  "kept: {{title}}\n"
                                                  "---\nbody\n"),
                               errors);
  std::vector<std::string> got;
  for (const auto& e : errors) {
    CHECK(e.severity == Severity::Warning);
    got.push_back(std::to_string(e.line) + ":" + std::to_string(e.col) + " " + e.message);
  }
  CHECK(got == std::vector<std::string>{
                   "2:8 title must be a string; ignored",
                   "3:7 date must be a date like 2024-03-05; ignored",
                   "4:10 updated must be a date like 2024-03-05; ignored",
                   "5:7 tag '5' needs a letter; ignored",
                   "6:14 aliases must be a list of strings; ignored",
                   "7:14 description must be a string; ignored",
               });
  CHECK_FALSE(fm.title);
  CHECK(fm.date.empty());
  CHECK(fm.updated.empty());
  CHECK(fm.tags.empty());
  CHECK(fm.aliases == std::vector<std::string>{"x"});
  CHECK(fm.description.empty());
  CHECK(fm.params.contains("kept"));  // other keys take any value
}

TEST_CASE("front matter: a tag of digits only is dropped with a warning, the others kept") {
  std::vector<FrontMatterError> errors;
  auto fm = parse_front_matter(split_front_matter("---\ntags: [2024, db, '42', c++]\n---\n"), errors);
  CHECK(fm.tags == std::vector<std::string>{"db", "c++"});
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message == "tag '2024' needs a letter; ignored");
  CHECK(errors[0].col == 8);
  CHECK(errors[1].message == "tag '42' needs a letter; ignored");
  CHECK(errors[1].severity == Severity::Warning);
}

TEST_CASE("front matter: what decides publishing stays an error") {
  std::vector<FrontMatterError> errors;
  parse_front_matter(split_front_matter("---\ndraft: maybe\n---\n"), errors);
  parse_front_matter(split_front_matter("---\ndraft: [true]\n---\n"), errors);
  parse_front_matter(split_front_matter("---\ndraft: true\ntags: [a\n---\n"), errors);  // the draft flag is lost
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].message == "draft must be true or false");
  CHECK(errors[1].message == "draft must be true or false");
  for (const auto& e : errors) CHECK(e.severity == Severity::Error);
  errors.clear();
  CHECK(parse_front_matter(split_front_matter("---\ndraft: yes\n---\n"), errors).draft);
  CHECK_FALSE(parse_front_matter(split_front_matter("---\ndraft:\n---\n"), errors).draft);
  CHECK(errors.empty());
}

// --- YAML aliases and nesting: bounded, never a crash or a stall -------------

namespace {

/// "billion laughs": `a` holds 9 strings and each next anchor 9 aliases of the
/// one before, so `i` names 9^9 values in about 300 bytes.
std::string laughs_yaml(const std::string& first_key = "a") {
  std::string y = first_key + ": &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    y += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 9; ++k) y += std::string(k ? "," : "") + "*" + static_cast<char>(c - 1);
    y += "]\n";
  }
  return y;
}

/// The same chain written inside one flow sequence (under `key`), so no other
/// key holds the anchors.
std::string laughs_in_one_key(const std::string& key) {
  std::string y = key + ": [&a [x,x,x,x,x,x,x,x,x]";
  for (char c = 'b'; c <= 'i'; ++c) {
    y += std::string(", &") + c + " [";
    for (int k = 0; k < 9; ++k) y += std::string(k ? "," : "") + "*" + static_cast<char>(c - 1);
    y += "]";
  }
  return y + "]\n";
}

struct Parsed {
  FrontMatter fm;
  std::vector<FrontMatterError> errors;
  double ms = 0;
};

Parsed parse(const std::string& yaml) {
  const std::string note = "---\n" + yaml + "---\nbody\n";
  Parsed p;
  auto t0 = std::chrono::steady_clock::now();
  p.fm = parse_front_matter(split_front_matter(note), p.errors);
  p.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return p;
}

}  // namespace

TEST_CASE("front matter: a recursive YAML alias under an unknown key is an error; the key is dropped") {
  auto p = parse("title: T\nx: &a [*a]\nm: &m {self: *m, n: 1}\nafter: 1\n");
  REQUIRE(p.errors.size() == 2);
  CHECK(p.errors[0].message == "recursive YAML alias in 'x'");
  CHECK(p.errors[0].line == 3);  // the key's line in the note
  CHECK(p.errors[0].col == 1);
  CHECK(p.errors[1].message == "recursive YAML alias in 'm'");
  CHECK(p.errors[1].line == 4);
  CHECK_FALSE(p.fm.params.contains("x"));
  CHECK_FALSE(p.fm.params.contains("m"));
  CHECK(p.fm.params["after"] == 1);
  REQUIRE(p.fm.title);
  CHECK(*p.fm.title == "T");

  // deeper down, and the whole front matter containing itself
  auto deep = parse("y: {list: [1, &b [2, {z: *b}]]}\n");
  REQUIRE(deep.errors.size() == 1);
  CHECK(deep.errors[0].message == "recursive YAML alias in 'y'");
  auto root = parse("&r\nk: *r\n");
  REQUIRE(root.errors.size() == 1);
  CHECK(root.errors[0].message == "recursive YAML alias in 'k'");
  CHECK(root.fm.params.empty());
}

TEST_CASE("front matter: a recursive YAML alias under tags or aliases is an error") {
  auto p = parse("title: T\ntags: &t [a, *t]\naliases: &s [*s]\n");
  REQUIRE(p.errors.size() == 2);
  CHECK(p.errors[0].message == "recursive YAML alias in 'tags'");
  CHECK(p.errors[0].line == 3);
  CHECK(p.errors[0].col == 1);
  CHECK(p.errors[1].message == "recursive YAML alias in 'aliases'");
  CHECK(p.fm.tags.empty());
  CHECK(p.fm.aliases.empty());
  REQUIRE(p.fm.title);
  CHECK(*p.fm.title == "T");
}

TEST_CASE("front matter: billion laughs under unknown keys: bounded, one error, front matter ignored") {
  auto p = parse("title: T\n" + laughs_yaml());
  CHECK(p.ms < 5000);
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0].message == "expands to more than 100000 values (through YAML aliases?); ignored");
  CHECK(p.errors[0].line >= 3);
  CHECK_FALSE(p.fm.title);
  CHECK(p.fm.params.empty());

  // a single key naming the whole chain
  auto one = parse(laughs_in_one_key("x"));
  CHECK(one.ms < 5000);
  REQUIRE(one.errors.size() == 1);
  CHECK(one.errors[0].message == "expands to more than 100000 values (through YAML aliases?); ignored");
  CHECK(one.fm.params.empty());
}

TEST_CASE("front matter: billion laughs under tags, aliases and title: no expansion") {
  auto p = parse(laughs_in_one_key("tags") + "aliases: *i\ntitle: *i\ndescription: *h\n");
  CHECK(p.ms < 5000);
  CHECK(p.fm.tags.empty());
  CHECK(p.fm.aliases.empty());
  CHECK_FALSE(p.fm.title);
  // one warning per item that is not a string (9 + 9), and one per scalar field
  REQUIRE(p.errors.size() == 20);
  CHECK(p.errors[0].message == "tags must be a list of strings; ignored");
  CHECK(p.errors[9].message == "aliases must be a list of strings; ignored");
  CHECK(p.errors[18].message == "title must be a string; ignored");
  CHECK(p.errors[19].message == "description must be a string; ignored");

  // the chain under tags, then used under an unknown key: the budget applies
  auto q = parse(laughs_in_one_key("tags") + "extra: *i\n");
  CHECK(q.ms < 5000);
  REQUIRE_FALSE(q.errors.empty());
  CHECK(q.errors.back().message == "expands to more than 100000 values (through YAML aliases?); ignored");
  CHECK(q.fm.tags.empty());
  CHECK(q.fm.params.empty());
}

TEST_CASE("front matter: deep nesting is an error, not a stack overflow") {
  // 10,000 levels: refused by the YAML parser's own depth guard
  auto flow = parse("title: T\nx: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
  REQUIRE(flow.errors.size() == 1);
  CHECK(flow.errors[0].message == "nested deeper than 64 levels");
  CHECK_FALSE(flow.fm.title);

  std::string block = "x:\n  ";  // block style: "- - - … 1" nests a list per "- "
  for (int i = 0; i < 10000; ++i) block += "- ";
  auto blk = parse(block + "1\n");
  REQUIRE(blk.errors.size() == 1);
  CHECK(blk.errors[0].message == "nested deeper than 64 levels");

  // 100 levels: parsed, then refused for that key only
  auto hundred = parse("title: T\nx: " + std::string(100, '[') + std::string(100, ']') + "\nafter: 1\n");
  REQUIRE(hundred.errors.size() == 1);
  CHECK(hundred.errors[0].message == "'x' is nested deeper than 64 levels");
  CHECK(hundred.errors[0].line == 3);
  CHECK_FALSE(hundred.fm.params.contains("x"));
  CHECK(hundred.fm.params["after"] == 1);
  REQUIRE(hundred.fm.title);

  // 64 levels is fine
  auto ok = parse("x: " + std::string(64, '[') + "1" + std::string(64, ']') + "\n");
  CHECK(ok.errors.empty());
  nlohmann::json j = ok.fm.params["x"];
  for (int i = 0; i < 64; ++i) {
    REQUIRE(j.is_array());
    j = nlohmann::json(j[0]);
  }
  CHECK(j == 1);
}

TEST_CASE("front matter: ordinary YAML aliases still work") {
  auto p = parse("a: &x foo\nb: *x\ntags: &t [db, redis]\naliases: *t\nl: &l [1, 2]\nboth: [*l, *l, {k: *l}]\n");
  CHECK(p.errors.empty());
  CHECK(p.fm.params["a"] == "foo");
  CHECK(p.fm.params["b"] == "foo");
  CHECK(p.fm.tags == std::vector<std::string>{"db", "redis"});
  CHECK(p.fm.aliases == std::vector<std::string>{"db", "redis"});
  CHECK(p.fm.params["both"] == nlohmann::json::parse(R"([[1, 2], [1, 2], {"k": [1, 2]}])"));
}
