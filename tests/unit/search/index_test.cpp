#include "search/index.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "search/tokenizer.h"

using namespace studywiki::search;

namespace {

SectionText section(std::string anchor, std::string heading, std::string body, std::vector<std::string> links = {}) {
  SectionText s;
  s.anchor = std::move(anchor);
  s.heading = std::move(heading);
  s.body = s.text = std::move(body);
  s.links = std::move(links);
  return s;
}

IndexInput tiny() {
  IndexInput in;
  in.tags = {"db", "db/redis"};
  in.tag_parents = {-1, 0};
  in.tag_notes = {{0}, {0}};
  in.folders = {"数据库"};
  in.folder_parents = {-1};
  in.folder_notes = {{0, 2}};
  NoteInput a;
  a.url = "数据库/redis.html";
  a.title = "Redis 持久化";
  a.folder = 0;
  a.tags = {1};
  a.sections = {section("", "", "Redis redis 数据在内存里"), section("aof", "AOF", "append only file", {"Redis 文档"})};
  NoteInput b;
  b.url = "数据库/mysql.html";
  b.title = "MySQL";
  b.folder = 0;
  b.sections = {section("", "", "InnoDB 索引")};
  in.notes = {a, b};
  return in;
}

}  // namespace

// The same vectors are checked by tests/search/engine.test.mjs.
TEST_CASE("search index: fnv1a32 and ROUTE") {
  CHECK(fnv1a32("") == 2166136261u);
  CHECK(fnv1a32("re") == 1481930064u);
  CHECK(fnv1a32("持久") == 3234614532u);
  CHECK(fnv1a32("持") == 1692795402u);
  CHECK(fnv1a32("#3") == 113800947u);
  CHECK(route_key("redis") == "re");
  CHECK(route_key("r") == "r");
  CHECK(route_key("持久") == "持久");
  CHECK(route_key("持") == "持");
  CHECK(route_key("#12") == "#12");
  CHECK(route_key("ßeta") == "ße");
  CHECK(shard_of("redis", 64) == 16);
  CHECK(shard_of("rewrite", 64) == 16);
  CHECK(shard_of("持久", 64) == 4);
  CHECK(shard_of("持", 64) == 10);
  CHECK(shard_of("#3", 64) == 51);
  CHECK(shard_of("anything", 1) == 0);
  // Name terms go by their key's first two code points: with the query's first word or bigram.
  CHECK(route_key("=redis持久化") == "re");
  CHECK(route_key("=斐波那契数列") == "斐波");
  CHECK(route_key("=c") == "c");
  CHECK(shard_of("=redis持久化", 64) == 16);
  CHECK(shard_of("=持久化", 64) == 4);
  std::string v;
  append_varint(v, 0);
  append_varint(v, 31);
  append_varint(v, 32);
  append_varint(v, 1000);
  CHECK(v == "0V" "W1" "eV");
}

TEST_CASE("search index: sections from rendered HTML") {
  const std::string html =
      "<p>Intro &amp; <a href=\"x.html\">Link text</a> <a href=\"https://a.com\">https://a.com</a> "
      "<a class=\"tag\" href=\"t.html\">#db</a></p>\n"
      "<h2 id=\"aof\"><a class=\"anchor\" href=\"#aof\" aria-hidden=\"true\" tabindex=\"-1\">#</a>AOF 日志</h2>\n"
      "<p>追加<code>appendonly</code></p><div class=\"embed\"><p class=\"embed-title\"><a href=\"e.html\">E</a></p>"
      "<div class=\"embed-body\"><p>embedded</p></div></div><p>after</p>";
  const auto s = split_sections(html, {{2, "AOF 日志", "aof", 3}});
  REQUIRE(s.size() == 2);
  CHECK(s[0].anchor == "");
  CHECK(s[0].links == std::vector<std::string>{"Link text"});
  CHECK(s[0].text == "Intro & Link text https://a.com #db");
  CHECK(s[0].body.find("https://a.com") != std::string::npos);
  CHECK(s[0].body.find("Link text") == std::string::npos);
  CHECK(s[1].anchor == "aof");
  CHECK(s[1].heading == "AOF 日志");
  CHECK(s[1].text == "追加appendonly after");
}

TEST_CASE("search index: per-field tf, lengths, df") {
  Options o;
  o.shards = 4;
  const Index index = Index::build(tiny(), 2, o);
  CHECK(index.doc_count() == 3);
  // Lengths in tokens: "Redis 持久化" = redis 持 持久 久 久化 化.
  CHECK(index.length(0, 0, kTitle) == 6);
  CHECK(index.length(0, 1, kTitle) == 6);
  CHECK(index.length(1, 0, kTitle) == 3);  // mysql my sql
  CHECK(index.length(0, 1, kHeading) == 1);
  CHECK(index.length(0, 0, kTags) == 2);  // db redis
  CHECK(index.length(0, 1, kLinks) == 4);  // redis 文 文档 档
  CHECK(index.length(0, 0, kBody) == 2 + 6 + 5);  // redis redis + 数据在内存里 (6 unigrams, 5 bigrams)
  CHECK(index.length(1, 0, kBody) == 3 + 3);  // innodb inno db + 索 索引 引
  const Term* redis = index.find("redis");
  REQUIRE(redis);
  CHECK(redis->df == 2);
  REQUIRE(redis->postings.size() == 2);
  CHECK(redis->postings[0].note == 0);
  CHECK(redis->postings[0].section == 0);
  CHECK(redis->postings[0].tf == std::array<uint8_t, kFieldCount>{1, 0, 1, 0, 2});
  CHECK(redis->postings[1].section == 1);
  CHECK(redis->postings[1].tf == std::array<uint8_t, kFieldCount>{1, 0, 1, 1, 0});
  const Term* mysql = index.find("mysql");
  REQUIRE(mysql);
  CHECK(mysql->postings.size() == 1);
  CHECK(mysql->postings[0].note == 1);
  // The averages are rounded to powers of 2^(1/8): title 15/3 = 5 -> 2^(19/8) (5.19; 2^(18/8) = 4.76),
  // tags 4/3 -> 2^(3/8) (1.30), body 22/3 = 7.33 -> 2^(23/8) (7.34).
  CHECK(index.avg_len(kTitle) == doctest::Approx(std::pow(2.0, 19 / 8.0)));
  CHECK(index.avg_len(kTags) == doctest::Approx(std::pow(2.0, 3 / 8.0)));
  CHECK(index.avg_len(kBody) == doctest::Approx(std::pow(2.0, 23 / 8.0)));
  // tf~ by hand for redis in (0,0): title 8*1/(0.5+0.5*6/avg), tags 3*1/(0.7+0.3*len/avg), body 1*2/(0.25+0.75*11/avg)
  const double avg_title = std::pow(2.0, 19 / 8.0), avg_tags = std::pow(2.0, 3 / 8.0),
               avg_body = std::pow(2.0, 23 / 8.0);
  const double expected = 8.0 / (0.5 + 0.5 * 6 / avg_title) + 3.0 / (0.7 + 0.3 * 2 / avg_tags) +
                          2.0 / (0.25 + 0.75 * 13 / avg_body);
  CHECK(index.pseudo_tf(redis->postings[0]) == doctest::Approx(expected));
  CHECK(redis->postings[0].q == static_cast<uint32_t>(std::lround(expected * 10)));
}

TEST_CASE("search index: files are deterministic") {
  const Index one = Index::build(tiny(), 1);
  const Index two = Index::build(tiny(), 4);
  CHECK(one.files() == two.files());
  REQUIRE(!one.files().empty());
  CHECK(one.files()[0].first == "index.js");
  CHECK(one.files()[0].second.rfind("StudywikiSearch._entry({", 0) == 0);
}

TEST_CASE("search index: a cut list keeps the sections the term names, then the highest impacts") {
  IndexInput in;
  in.folders = {};
  for (int n = 0; n < 300; ++n) {
    NoteInput note;
    note.url = "n" + std::to_string(n) + ".html";
    note.title = n % 50 == 7 ? "redis notes" : "other";
    note.sections = {section("", "", n % 3 ? "redis redis text" : "redis and more words here to make it long")};
    in.notes.push_back(note);
  }
  Options o;
  o.shards = 1;
  o.max_term_bytes = 64;  // about 20 postings
  const Index index = Index::build(in, 2, o);
  const Term* redis = index.find("redis");
  REQUIRE(redis);
  CHECK(redis->df == 300);
  CHECK(redis->kept < 300);
  CHECK(redis->kept >= 6);
  // The shard file holds [df, postings] and every note titled "redis notes" (7, 57, …, 257).
  const std::string& shard = index.files()[1].second;
  CHECK(shard.find("\"redis\":[300,\"") != std::string::npos);
  // Decode the kept list (see POSTINGS in index.h) and look for those notes.
  const size_t at = shard.find("\"redis\":[300,\"") + std::string("\"redis\":[300,\"").size();
  const std::string list = shard.substr(at, shard.find('"', at) - at);
  auto value = [&](size_t& pos) {
    uint64_t v = 0, mul = 1;
    for (;;) {
      const char c = list[pos++];
      const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
      const uint64_t d = alphabet.find(c);
      if (d < 32) return v + d * mul;
      v += (d - 32) * mul;
      mul *= 32;
    }
  };
  std::vector<uint32_t> kept_notes;
  uint32_t note = 0;
  for (size_t pos = 0; pos < list.size();) {
    const uint64_t x = value(pos);
    note += static_cast<uint32_t>(x >> 3);
    if ((x & 7) == 7) value(pos);
    value(pos);
    kept_notes.push_back(note);
  }
  CHECK(kept_notes.size() == redis->kept);
  for (uint32_t n : {7u, 57u, 107u, 157u, 207u, 257u})
    CHECK_MESSAGE(std::find(kept_notes.begin(), kept_notes.end(), n) != kept_notes.end(), n);
}

TEST_CASE("search index: NAME KEY") {
  CHECK(name_key("Redis 持久化") == "redis持久化");
  CHECK(name_key("redis持久化") == "redis持久化");
  CHECK(name_key("REDIS·持久化！") == "redis持久化");
  CHECK(name_key("ＭｙＳＱＬ 索引") == "mysql索引");
  CHECK(name_key("getHTTPResponse") == "gethttpresponse");  // the whole word, not its parts
  CHECK(name_key("LeetCode 题解 - 排序") == "leetcode题解排序");
  CHECK(name_key("C++ / C#") == "cc");
  CHECK(name_key("—— · ——") == "");
}

TEST_CASE("search index: name terms list the notes a title or an alias names") {
  IndexInput in = tiny();
  in.notes[1].aliases = {"MySQL", "My SQL", "InnoDB 引擎"};  // the first is its title again
  NoteInput c;
  c.url = "c.html";
  c.title = "redis 持久化";  // the same key as note 0's title
  c.sections = {section("", "", "RDB")};
  in.notes.push_back(c);
  Options o;
  o.shards = 1;
  const Index index = Index::build(in, 2, o);
  const std::string& shard = index.files()[1].second;
  CHECK(shard.find("\"=redis持久化\":\"02\"") != std::string::npos);  // notes 0 and 2
  CHECK(shard.find("\"=mysql\":\"1\"") != std::string::npos);
  CHECK(shard.find("\"=innodb引擎\":\"1\"") != std::string::npos);
  CHECK(shard.find("\"=mysql\"") == shard.rfind("\"=mysql\""));  // once per key
  CHECK(index.find("=mysql") == nullptr);  // not a term: never ranked, never expanded
  // Name terms come after the tag terms, before the terms.
  CHECK(shard.find("\"#0\"") < shard.find("\"=innodb引擎\""));
  CHECK(shard.find("\"=redis持久化\"") < shard.find("\"aof\""));
}

// Counted postings are packed per note (varint section, count and term; a byte of
// fields; a byte of tf per field): multi-byte varints and the 255 cap survive it.
TEST_CASE("search index: counts survive packing (many sections, many terms, tf over 127)") {
  IndexInput in;
  NoteInput note;
  note.url = "n.html";
  note.title = "alpha";
  for (int s = 0; s < 300; ++s) {
    std::string body = "sec";
    body += std::to_string(s);
    if (s == 150) {
      for (int i = 0; i < 300; ++i) body += " alpha";              // tf 300, kept as 255
      for (int i = 0; i < 2000; ++i) body.append(" w").append(std::to_string(i));  // term ids of two varint bytes
    }
    std::vector<std::string> links;
    if (s == 299) links.assign(130, "beta");
    std::string anchor = "s";
    anchor += std::to_string(s);
    note.sections.push_back(section(anchor, s == 7 ? "gamma" : "", body, links));
  }
  in.notes = {note};
  Options o;
  o.shards = 4;
  const Index index = Index::build(in, 2, o);
  const Term* alpha = index.find("alpha");
  REQUIRE(alpha);
  CHECK(alpha->df == 300);  // the title is in every section
  REQUIRE(alpha->postings.size() == 300);
  CHECK(alpha->postings[150].section == 150);
  CHECK(alpha->postings[150].tf == std::array<uint8_t, kFieldCount>{1, 0, 0, 0, 255});
  CHECK(alpha->postings[299].tf == std::array<uint8_t, kFieldCount>{1, 0, 0, 0, 0});
  const Term* beta = index.find("beta");
  REQUIRE(beta);
  REQUIRE(beta->postings.size() == 1);
  CHECK(beta->postings[0].section == 299);
  CHECK(beta->postings[0].tf == std::array<uint8_t, kFieldCount>{0, 0, 0, 130, 0});
  const Term* gamma = index.find("gamma");
  REQUIRE(gamma);
  REQUIRE(gamma->postings.size() == 1);
  CHECK(gamma->postings[0].section == 7);
  CHECK(gamma->postings[0].tf == std::array<uint8_t, kFieldCount>{0, 1, 0, 0, 0});
  for (const char* w : {"w0", "w127", "w128", "w1999"}) {
    const Term* t = index.find(w);
    REQUIRE(t);
    REQUIRE(t->postings.size() == 1);
    CHECK(t->postings[0].section == 150);
    CHECK(t->postings[0].tf == std::array<uint8_t, kFieldCount>{0, 0, 0, 0, 1});
  }
  const Term* last = index.find("sec299");
  REQUIRE(last);
  CHECK(last->postings[0].section == 299);
  uint32_t tokens = 0;
  for_each_term(note.sections[150].body, [&](std::string_view) { ++tokens; });
  CHECK(tokens > 2300);
  CHECK(index.length(0, 150, kBody) == tokens);
}
