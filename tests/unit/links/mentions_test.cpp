#include "links/mentions.h"

#include <doctest/doctest.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/utf8.h"
#include "mention_corpus.h"

using namespace studywiki;
using links::MentionFinder;
using links::MentionHit;
using links::MentionPattern;
using links::testing::mention_corpus;
using links::testing::Rng;

namespace {

/// (owner, begin, end) triples, easy to compare and print.
using Triple = std::tuple<int, std::size_t, std::size_t>;

std::vector<Triple> triples(const std::vector<MentionHit>& hits) {
  std::vector<Triple> out;
  for (const MentionHit& h : hits) out.emplace_back(h.owner, h.begin, h.end);
  return out;
}

std::vector<Triple> find(const std::vector<MentionPattern>& patterns, std::string_view text) {
  return triples(MentionFinder(patterns).find(text));
}

/// What the hit covers in `text`.
std::string covered(std::string_view text, const MentionHit& h) {
  return std::string(text.substr(h.begin, h.end - h.begin));
}

// --- the naive matcher: the rules written out directly, O(text × patterns) ---

char32_t naive_fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
  else if (c == 0x3000) c = 0x20;
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

bool naive_word(char32_t c) {
  if (utf8::is_cjk(c)) return false;
  const auto u = static_cast<UChar32>(c);
  return u_isalnum(u) || u_charType(u) == U_NON_SPACING_MARK || u_charType(u) == U_COMBINING_SPACING_MARK ||
         u_charType(u) == U_ENCLOSING_MARK;
}

std::vector<char32_t> naive_code_points(std::string_view s, std::vector<std::size_t>* offsets) {
  std::vector<char32_t> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (offsets) offsets->push_back(pos);
    out.push_back(naive_fold(utf8::next(s, pos)));
  }
  if (offsets) offsets->push_back(s.size());
  return out;
}

std::vector<Triple> naive_find(const std::vector<MentionPattern>& patterns, std::string_view text) {
  std::map<std::vector<char32_t>, std::set<int>> groups;
  for (const MentionPattern& p : patterns) {
    std::vector<char32_t> cps = naive_code_points(p.text, nullptr);
    auto blank = [](char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!cps.empty() && blank(cps.back())) cps.pop_back();
    while (!cps.empty() && blank(cps.front())) cps.erase(cps.begin());
    int cjk = 0, letters = 0;
    for (char32_t c : cps) {
      if (utf8::is_cjk(c)) ++cjk;
      else if (u_isalpha(static_cast<UChar32>(c))) ++letters;
    }
    if (cjk >= 2 || letters >= 4) groups[cps].insert(p.owner);
  }
  std::vector<std::size_t> offsets;
  const std::vector<char32_t> t = naive_code_points(text, &offsets);
  std::vector<Triple> out;
  std::size_t p = 0;
  while (p < t.size()) {
    const std::pair<const std::vector<char32_t>, std::set<int>>* best = nullptr;
    for (const auto& g : groups) {
      const auto& pat = g.first;
      if (pat.size() > t.size() - p || !std::equal(pat.begin(), pat.end(), t.begin() + static_cast<long>(p)))
        continue;
      if (naive_word(pat.front()) && p > 0 && naive_word(t[p - 1])) continue;
      const std::size_t e = p + pat.size();
      if (naive_word(pat.back()) && e < t.size() && naive_word(t[e])) continue;
      if (!best || pat.size() > best->first.size()) best = &g;
    }
    if (!best) {
      ++p;
      continue;
    }
    const std::size_t e = p + best->first.size();
    for (int owner : best->second) out.emplace_back(owner, offsets[p], offsets[e]);
    p = e;
  }
  return out;
}

}  // namespace

TEST_SUITE("links: mentions") {

TEST_CASE("mentions: which names are long enough") {
  using links::long_enough_for_mention;
  CHECK_FALSE(long_enough_for_mention("AB"));
  CHECK_FALSE(long_enough_for_mention("数"));
  CHECK_FALSE(long_enough_for_mention("API"));
  CHECK_FALSE(long_enough_for_mention("  数  "));
  CHECK_FALSE(long_enough_for_mention("C++"));
  CHECK_FALSE(long_enough_for_mention("2024"));  // digits are not letters
  CHECK_FALSE(long_enough_for_mention("B树"));   // 1 CJK + 1 letter
  CHECK_FALSE(long_enough_for_mention(""));
  CHECK(long_enough_for_mention("数据"));
  CHECK(long_enough_for_mention("Java"));
  CHECK(long_enough_for_mention("ＪＡＶＡ"));
  CHECK(long_enough_for_mention("HTTP2"));
  CHECK(long_enough_for_mention("ひらがな"));
  CHECK(long_enough_for_mention("한국"));
  CHECK(long_enough_for_mention("Ärger"));

  MentionFinder f({{"AB", 1}, {"数", 2}, {"API", 3}, {"数据", 4}, {"Java", 5}, {"", 6}, {"   ", 7}});
  CHECK(f.pattern_count() == 2);
  CHECK(triples(f.find("AB 数 API 数据 Java")) == std::vector<Triple>{{4, 11, 17}, {5, 18, 22}});
}

TEST_CASE("mentions: case and width are ignored, offsets stay in the original text") {
  const std::string text = "用ＲＥＤＩＳ做缓存";  // 用 = 3 bytes, each full-width letter 3 bytes
  auto hits = MentionFinder({{"Redis", 7}}).find(text);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].owner == 7);
  CHECK(hits[0].begin == 3);
  CHECK(hits[0].end == 18);
  CHECK(covered(text, hits[0]) == "ＲＥＤＩＳ");

  // Folding works from the pattern side too, and inside the word.
  CHECK(find({{"ｒｅｄｉｓ", 1}}, "REDIS") == std::vector<Triple>{{1, 0, 5}});
  CHECK(find({{"Redis", 1}}, "rEdIs") == std::vector<Triple>{{1, 0, 5}});
  CHECK(find({{"Ｒedis", 1}}, "x ｒＥdＩs y") == std::vector<Triple>{{1, 2, 13}});
  // U+3000 is a space; non-ASCII letters fold too.
  CHECK(find({{"Redis　Cluster", 1}}, "a redis cluster b") == std::vector<Triple>{{1, 2, 15}});
  CHECK(find({{"Redis Cluster", 1}}, "ＲＥＤＩＳ　ＣＬＵＳＴＥＲ").size() == 1);
  CHECK(find({{"ÄRGER", 1}}, "kein ärger") == std::vector<Triple>{{1, 5, 11}});
  // Surrounding spaces of a pattern do not have to be in the text.
  CHECK(find({{"  Redis\t", 1}, {"　数据库　", 2}}, "Redis数据库") == std::vector<Triple>{{1, 0, 5}, {2, 5, 14}});
}

TEST_CASE("mentions: Latin words match whole, at both ends") {
  const std::vector<MentionPattern> redis{{"Redis", 1}};
  CHECK(find(redis, "Rediska").empty());   // end inside a word
  CHECK(find(redis, "myRedis").empty());   // begin inside a word
  CHECK(find(redis, "Redis6").empty());    // digits are word characters
  CHECK(find(redis, "2Redis").empty());
  CHECK(find(redis, "Redisé").empty());    // so are non-ASCII letters
  CHECK(find(redis, "Redise\xCC\x81").empty());
  CHECK(find(redis, "xRedisx").empty());
  CHECK(find(redis, "Redis") == std::vector<Triple>{{1, 0, 5}});
  CHECK(find(redis, "用Redis做缓存") == std::vector<Triple>{{1, 3, 8}});
  CHECK(find(redis, "Redis,") == std::vector<Triple>{{1, 0, 5}});
  CHECK(find(redis, "(Redis)") == std::vector<Triple>{{1, 1, 6}});
  CHECK(find(redis, "a Redis_b") == std::vector<Triple>{{1, 2, 7}});  // '_' is not a letter
  CHECK(find(redis, "Rediska Redis") == std::vector<Triple>{{1, 8, 13}});
  // A pattern edge that is not a letter or digit has no constraint.
  CHECK(find({{"C++ primer", 1}}, "xC++ primer") == std::vector<Triple>{});  // begins with a letter
  CHECK(find({{"(Java)", 1}}, "x(Java)y") == std::vector<Triple>{{1, 1, 7}});
}

TEST_CASE("mentions: CJK matches inside CJK, and Latin next to CJK") {
  CHECK(find({{"持久化", 1}}, "Redis持久化机制") == std::vector<Triple>{{1, 5, 14}});
  CHECK(find({{"Redis", 1}}, "Redis持久化机制") == std::vector<Triple>{{1, 0, 5}});
  CHECK(find({{"数据库", 1}}, "关系型数据库系统") == std::vector<Triple>{{1, 9, 18}});
  CHECK(find({{"ひらがな", 1}}, "これはひらがなです") == std::vector<Triple>{{1, 9, 21}});
  // A mixed name: its Latin end must not touch a letter, its CJK end may.
  CHECK(find({{"Redis持久化", 1}}, "myRedis持久化").empty());
  CHECK(find({{"Redis持久化", 1}}, "用Redis持久化机制") == std::vector<Triple>{{1, 3, 17}});
  CHECK(find({{"持久化Redis", 1}}, "用持久化Redis机制") == std::vector<Triple>{{1, 3, 17}});
  CHECK(find({{"持久化Redis", 1}}, "用持久化Redisx").empty());
}

TEST_CASE("mentions: the longest pattern wins where several begin") {
  const std::vector<MentionPattern> p{{"Redis", 1}, {"Redis 持久化", 2}, {"持久化", 3}};
  const std::string text = "Redis 持久化 and Redis, 持久化";
  CHECK(find(p, text) == std::vector<Triple>{{2, 0, 15}, {1, 20, 25}, {3, 27, 36}});
  // The longer one only counts when its own edges are valid.
  CHECK(find({{"Java", 1}, {"JavaScript", 2}}, "JavaScripts Java") == std::vector<Triple>{{1, 12, 16}});
  CHECK(find({{"Java", 1}, {"JavaScript", 2}}, "JavaScript!") == std::vector<Triple>{{2, 0, 10}});
  CHECK(find({{"数据", 1}, {"数据结构", 2}, {"数据结构与算法", 3}}, "数据结构与算") == std::vector<Triple>{{2, 0, 12}});
}

TEST_CASE("mentions: hits do not overlap, the leftmost wins") {
  // 数据结构 begins first; 结构体 would overlap it.
  CHECK(find({{"数据结构", 1}, {"结构体", 2}}, "数据结构体") == std::vector<Triple>{{1, 0, 12}});
  CHECK(find({{"数据库", 1}, {"据库系统", 2}}, "数据库系统") == std::vector<Triple>{{1, 0, 9}});
  // ...but the later one counts where the earlier one is invalid (Latin edge).
  CHECK(find({{"Java缓存", 1}, {"缓存Redis", 2}}, "xJava缓存Redis") == std::vector<Triple>{{2, 5, 16}});
  CHECK(find({{"Java缓存", 1}, {"缓存Redis", 2}}, "Java缓存Redis") == std::vector<Triple>{{1, 0, 10}});
  // A long pattern that fails late must not hide the short ones inside it.
  CHECK(find({{"一二三四五六七", 1}, {"一二", 2}, {"三四", 3}, {"四五", 4}}, "一二三四五六X") ==
        std::vector<Triple>{{2, 0, 6}, {3, 6, 12}});
  CHECK(find({{"abcd", 1}, {"abcd efgh ijkl", 2}, {"efgh", 3}}, "abcd efgh ijkx") ==
        std::vector<Triple>{{1, 0, 4}, {3, 5, 9}});
  // Back to back.
  CHECK(find({{"数据", 1}}, "数据数据数据") == std::vector<Triple>{{1, 0, 6}, {1, 6, 12}, {1, 12, 18}});
  CHECK(find({{"数据数据", 1}}, "数据数据数据") == std::vector<Triple>{{1, 0, 12}});
}

TEST_CASE("mentions: one title, two notes: one hit per owner") {
  MentionFinder f({{"Notes", 3}, {"notes", 1}, {"NOTES", 1}, {"Ｎｏｔｅｓ", 1}, {"持久化", 2}, {"持久化", 2}});
  CHECK(f.pattern_count() == 3);
  CHECK(triples(f.find("my notes 持久化")) == std::vector<Triple>{{1, 3, 8}, {3, 3, 8}, {2, 9, 18}});
}

TEST_CASE("mentions: short patterns are never looked for") {
  MentionFinder f({{"AB", 1}, {"数", 2}, {"API", 3}, {"abc", 4}, {"数据", 5}, {"Java", 6}});
  CHECK(f.pattern_count() == 2);
  CHECK(triples(f.find("AB API 数 abc Java 数据")) == std::vector<Triple>{{6, 15, 19}, {5, 20, 26}});
  CHECK(MentionFinder({{"AB", 1}, {"数", 2}}).find("AB 数").empty());
}

TEST_CASE("mentions: invalid UTF-8 in the text") {
  const std::vector<MentionPattern> p{{"Redis", 1}, {"数据", 2}};
  // Each bad byte is one U+FFFD: not a letter, so it does not glue words together.
  const std::string text = "\xFF数据\xE4\xB8 Redis\x80\xC0\xAF数\xE6\x8D";
  CHECK(find(p, text) == std::vector<Triple>{{2, 1, 7}, {1, 10, 15}});
  CHECK(find(p, "\x80\x80\x80\xFF\xFE").empty());
  CHECK(find(p, "\xE6\x95").empty());     // a code point cut short at the end
  CHECK(find(p, "\xE6\x95\xB0").empty()); // one 数 only
  // A truncated sequence right before a match, and text ending in a lead byte.
  CHECK(find(p, "\xE6数据\xF0") == std::vector<Triple>{{2, 1, 7}});
  // Overlong forms and surrogates are invalid too: three U+FFFD, not an 'A'.
  CHECK(find(p, "\xE0\x81\x81Redis") == std::vector<Triple>{{1, 3, 8}});
  CHECK(find(p, "\xED\xA0\x80Redis\xED\xBF\xBF") == std::vector<Triple>{{1, 3, 8}});
  CHECK(find(p, "\xC1\x81Redis") == std::vector<Triple>{{1, 2, 7}});
  // Patterns with invalid bytes do not crash either.
  CHECK_NOTHROW(MentionFinder({{"\xFF\xFE数据\xE4", 1}}).find("\xFF\xFE数据\xE4"));
}

TEST_CASE("mentions: empty text, no patterns") {
  MentionFinder none({});
  CHECK(none.pattern_count() == 0);
  CHECK(none.find("Redis 数据").empty());
  CHECK(none.find("").empty());
  MentionFinder blanks({{"", 1}, {" ", 2}, {"　", 3}});
  CHECK(blanks.pattern_count() == 0);
  CHECK(blanks.find("   ").empty());
  CHECK(MentionFinder({{"Redis", 1}}).find("").empty());
}

TEST_CASE("mentions: same output whatever the order of the patterns") {
  Rng rng(7);
  std::vector<MentionPattern> patterns{{"Redis", 4}, {"redis", 2}, {"Redis 持久化", 9}, {"持久化", 1},
                                       {"持久化", 0}, {"ＲＥＤＩＳ", 3}, {"数据库", 5}, {"数据库系统", 5}};
  const std::string text = "用Redis做缓存，Redis 持久化与数据库系统；REDIS 持久化机制，数据库。";
  const auto expected = find(patterns, text);
  CHECK(expected.size() == 7);
  for (int round = 0; round < 50; ++round) {
    for (std::size_t i = patterns.size(); i > 1; --i)
      std::swap(patterns[i - 1], patterns[rng.below(static_cast<uint32_t>(i))]);
    CHECK(find(patterns, text) == expected);
  }
}

namespace {

/// Compares MentionFinder with naive_find() on `rounds` random cases drawn
/// from `alphabet` (its first `common` entries drawn more often than the rest);
/// returns the number of hits, or -1 after reporting the first difference.
int cross_check(uint64_t seed, int rounds, const std::vector<std::string>& alphabet, uint32_t common,
                uint32_t max_patterns, std::size_t text_length) {
  // Stray bytes, cut sequences, an overlong 'A', an encoded surrogate.
  const std::vector<std::string> junk{"\xFF", "\xE6", "\xE6\x95", "\x80", "\xE0\x81\x81", "\xED\xA0\x80"};
  Rng rng(seed);
  auto draw = [&](std::size_t max_length, bool allow_junk) {
    std::string s;
    const std::size_t n = rng.below(static_cast<uint32_t>(max_length + 1));
    for (std::size_t i = 0; i < n; ++i) {
      if (allow_junk && rng.below(40) == 0) s += junk[rng.below(static_cast<uint32_t>(junk.size()))];
      else if (rng.below(2) == 0) s += alphabet[rng.below(common)];
      else s += alphabet[rng.below(static_cast<uint32_t>(alphabet.size()))];
    }
    return s;
  };
  // A piece of `text` at code point boundaries, sometimes in upper case.
  auto cut = [&](const std::string& text) {
    std::vector<std::size_t> offsets;
    naive_code_points(text, &offsets);
    const std::size_t cps = offsets.size() - 1;
    const std::size_t b = rng.below(static_cast<uint32_t>(cps)), n = 1 + rng.below(8);
    std::string piece = text.substr(offsets[b], offsets[std::min(cps, b + n)] - offsets[b]);
    if (rng.below(3) == 0)
      for (char& c : piece)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return piece;
  };
  int hits = 0;
  for (int round = 0; round < rounds; ++round) {
    std::vector<MentionPattern> patterns;
    const uint32_t count = rng.below(max_patterns + 1);
    for (uint32_t i = 0; i < count; ++i)
      patterns.push_back({draw(7, rng.below(20) == 0), static_cast<int>(rng.below(4))});
    // Some patterns cut from the text, so that there is something to find.
    const std::string text = draw(text_length, true);
    for (uint32_t i = 0, n = rng.below(max_patterns / 2 + 2); i < n && !text.empty(); ++i)
      patterns.push_back({cut(text), static_cast<int>(rng.below(4))});
    const auto expected = naive_find(patterns, text);
    auto actual = find(patterns, text);
    hits += static_cast<int>(expected.size());
    if (actual == expected) {  // and in another order
      for (std::size_t i = patterns.size(); i > 1; --i)
        std::swap(patterns[i - 1], patterns[rng.below(static_cast<uint32_t>(i))]);
      actual = find(patterns, text);
    }
    if (actual != expected) {
      std::string listing;
      for (const auto& p : patterns) listing += "[" + p.text + "]/" + std::to_string(p.owner) + " ";
      FAIL_CHECK("text [" << text << "] patterns " << listing << ": " << actual.size() << " hits, expected "
                          << expected.size());
      return -1;
    }
  }
  return hits;
}

}  // namespace

TEST_CASE("mentions: agrees with a naive matcher on random cases") {
  // A small alphabet, so that patterns overlap, share prefixes and suffixes,
  // and meet every word-edge case...
  const int narrow = cross_check(2024, 3000,
                                 {"a", "b", "数", "据", "库", "A", "Ｂ", "ａ", "1", " ", "-", "ひ", "é", "\xCC\x81",
                                  "　", "Ä", "ä", "_"},
                                 5, 12, 40);
  // ...and a wider one with more patterns, so that states have many children
  // (the dense transition rows) and long failure chains.
  const int wide = cross_check(77, 1000,
                               {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "数", "据", "库", "表",
                                "格", "式", "系", "统", "ï", " ", "Ｇ", "ｈ", "2"},
                               3, 150, 120);
  MESSAGE("hits in random cases: " << narrow << " (narrow alphabet), " << wide << " (wide)");
  CHECK(narrow > 1500);  // the cases do exercise the matcher
  CHECK(wide > 1500);
}

TEST_CASE("mentions: one finder, several threads") {
  std::vector<MentionPattern> patterns;
  std::string text;
  for (int i = 0; i < 300; ++i) {
    patterns.push_back({"主题" + std::to_string(i) + "号", i});
    patterns.push_back({"topic" + std::to_string(i), 1000 + i});
    text += "见主题" + std::to_string(i) + "号与 Topic" + std::to_string(i) + "，";
  }
  const MentionFinder finder(patterns);
  const auto expected = finder.find(text);
  REQUIRE(expected.size() == 600);
  std::vector<int> same(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round)
        if (triples(finder.find(text)) == triples(expected)) ++same[static_cast<std::size_t>(t)];
    });
  for (std::thread& t : threads) t.join();
  for (int n : same) CHECK(n == 50);
}

// The same corpus at full size (20,000 patterns, 50 MB) is bench/micro's
// `mentions` benchmark; here, a small one for what its figures rely on.
TEST_CASE("mentions: planted titles are found in generated notes") {
  const auto corpus = mention_corpus(2000, 200, 5000, 42);
  const MentionFinder finder(corpus.patterns);
  std::size_t found = 0;
  for (const std::string& chunk : corpus.chunks) found += finder.find(chunk).size();
  CHECK(finder.pattern_count() == 2000);
  REQUIRE(corpus.planted > 1000);
  CHECK(found >= corpus.planted * 9 / 10);  // planted ones can lose to a longer or earlier overlapping match
}

}  // TEST_SUITE
