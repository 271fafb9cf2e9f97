// sentence_around: the context shown for backlinks and mentions.
#include <doctest/doctest.h>

#include <string>

#include "core/excerpt.h"

using studywiki::Excerpt;
using studywiki::sentence_around;

namespace {
std::string show(const Excerpt& e) { return e.before + "[" + e.match + "]" + e.after; }
Excerpt around(std::string_view text, std::string_view match, size_t side = 60) {
  const size_t at = text.find(match);
  REQUIRE(at != std::string_view::npos);
  return sentence_around(text, at, at + match.size(), side);
}
}  // namespace

TEST_CASE("excerpt: the Chinese sentence around a span") {
  CHECK(show(around("第一句。持久化分 RDB 和 AOF 两种，见 Redis 持久化。第三句！", "Redis 持久化")) ==
        "持久化分 RDB 和 AOF 两种，见 [Redis 持久化]。");
  CHECK(show(around("问题？答案在 MySQL 索引；后面", "MySQL 索引")) == "答案在 [MySQL 索引]；");
}

TEST_CASE("excerpt: line breaks end sentences; English periods need a space after") {
  CHECK(show(around("上一行\n- 见 Kafka 的设计\n下一行", "Kafka")) == "- 见 [Kafka] 的设计");
  CHECK(show(around("See v1.2 notes. Then read Redis docs. Done.", "Redis")) == "Then read [Redis] docs.");
}

TEST_CASE("excerpt: whitespace collapsed, long sides cut with an ellipsis") {
  CHECK(show(around("a   b\tc Redis  d", "Redis")) == "a b c [Redis] d");
  const std::string before(100, 'x');
  Excerpt e = around(before + " Redis " + before, "Redis", 10);
  CHECK(e.before == "\xE2\x80\xA6xxxxxxxxx ");  // "…" + the last 10 code points
  CHECK(e.after == " xxxxxxxxx\xE2\x80\xA6");
  Excerpt cjk = around(std::string("一二三四五六七八九十") + "目标" + "甲乙丙丁戊己庚辛壬癸", "目标", 3);
  CHECK(cjk.before == "\xE2\x80\xA6八九十");
  CHECK(cjk.after == "甲乙丙\xE2\x80\xA6");
}

TEST_CASE("excerpt: edges and bad offsets") {
  CHECK(show(sentence_around("", 0, 0)) == "[]");
  CHECK(show(sentence_around("abc", 5, 9)) == "abc[]");
  CHECK(show(sentence_around("abc", 2, 1)) == "ab[]c");
  CHECK(show(around("Redis", "Redis")) == "[Redis]");
}
