#include "links/suggest.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/utf8.h"
#include "name_corpus.h"

using studywiki::links::Suggester;

namespace {

/// The suggestion for `query` among `names`, or "<none>".
std::string sug(std::vector<std::string> names, std::string_view query) {
  return Suggester(std::move(names)).suggest(query).value_or("<none>");
}

std::string sug(const Suggester& s, std::string_view query) { return s.suggest(query).value_or("<none>"); }

/// Names that cannot come close to anything the tests ask for: Latin
/// "zqfiller" + number, and ideographs the tests never use. Enough of them
/// that the Suggester indexes instead of scanning (more than 64).
std::vector<std::string> filler(size_t n) {
  static const char32_t rare[] = {U'甲', U'乙', U'丙', U'丁', U'戊', U'己', U'庚', U'辛', U'壬', U'癸'};
  std::vector<std::string> out;
  std::mt19937 rng(7);
  for (size_t i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      out.push_back("zqfiller" + std::to_string(i));
    } else {
      std::string s;
      const size_t len = 3 + rng() % 4;
      for (size_t k = 0; k < len; ++k) studywiki::utf8::append(s, rare[rng() % 10]);
      out.push_back(s);
    }
  }
  return out;
}

/// `names` plus the filler, so the same question goes through the index.
std::string sug_indexed(std::vector<std::string> names, std::string_view query) {
  std::vector<std::string> all = filler(400);
  all.insert(all.end(), names.begin(), names.end());
  return sug(std::move(all), query);
}

/// Both the scanned and the indexed Suggester give `expected`.
void both(const std::vector<std::string>& names, std::string_view query, const std::string& expected) {
  CAPTURE(query);
  CHECK(sug(names, query) == expected);
  CHECK(sug_indexed(names, query) == expected);
}

}  // namespace

TEST_CASE("suggest: normalized-equal names (width, case, spaces, separators)") {
  both({"MySQL 索引优化", "Redis持久化", "Kafka"}, "Redis 持久化", "Redis持久化");
  both({"ID 生成", "id 生成器"}, "ＩＤ生成器", "id 生成器");
  both({"Redis", "Rediss"}, "ＲＥＤＩＳ", "Redis");
  both({"My Note·Title", "My Notes Title"}, "my_note-title", "My Note·Title");
  both({"马克思·韦伯", "马克思"}, "马克思韦伯", "马克思·韦伯");
  both({"TCP/IP 协议", "TCPIP 协议"}, "tcp/ip协议", "TCP/IP 协议");  // '/' is not a separator
  // Normalized-equal beats anything else, even a name the query is a part of.
  both({"Redis 持久化 AOF", "redis-持久化", "Redis 持久化机制"}, "Redis 持久化", "redis-持久化");
  // ... and it is the only way a short Latin query gets an answer.
  both({"Go", "Goo"}, "ＧＯ", "Go");
}

TEST_CASE("suggest: Latin edit distance with transpositions") {
  both({"Redis", "MySQL", "Kafka"}, "Reids", "Redis");
  both({"Redis", "MySQL", "Kafka"}, "Kafak", "Kafka");
  both({"Mango", "Redis"}, "Mongo", "Mango");          // one substitution
  both({"Kubernetes"}, "Kubernetees", "Kubernetes");  // one insertion
  both({"PostgreSQL"}, "Postgres", "PostgreSQL");     // 8 code points, distance 2
  both({"PostgreSQL"}, "Postgre", "<none>");          // 7 code points, distance 3
  both({"ElasticSearch"}, "elasticsaerch", "ElasticSearch");
  both({"Redis", "MySQL", "Kafka"}, "Oracle", "<none>");  // too far from everything
}

TEST_CASE("suggest: Latin thresholds at every length boundary (length of the query)") {
  both({"abd"}, "abc", "abd");                             // 3 is not short: distance 1
  both({"abdx"}, "abc", "<none>");                         // distance 2
  both({"abcdx"}, "abcde", "abcdx");                       // 5: distance 1
  both({"abcxy"}, "abcde", "<none>");                      // 5: distance 2
  both({"abcdxy"}, "abcdef", "abcdxy");                    // 6: distance 2
  both({"abcxyz"}, "abcdef", "<none>");                    // 6: distance 3
  both({"abcdefghixy"}, "abcdefghijk", "abcdefghixy");     // 11: distance 2
  both({"abcdefghxyz"}, "abcdefghijk", "<none>");          // 11: distance 3
  both({"abcdefghixyz"}, "abcdefghijkl", "abcdefghixyz");  // 12: distance 3
  both({"abcdefghwxyz"}, "abcdefghijkl", "<none>");        // 12: distance 4
  // The limit comes from the query's length, not the name's.
  both({"abcd"}, "abcdef", "abcd");    // query 6: distance 2 allowed
  both({"abcdef"}, "abcd", "<none>");  // query 4: only 1
  // A transposition counts 1 (plain Levenshtein would say 2).
  both({"bacde"}, "abcde", "bacde");
  // Separators are not edits.
  both({"data-base"}, "datbase", "data-base");
}

TEST_CASE("suggest: short Latin queries get nothing unless normalized-equal") {
  both({"Goo", "gp", "Go 并发", "og"}, "go", "<none>");
  both({"Goo", "Go"}, "go", "Go");
  both({"ab"}, "a", "<none>");
  both({"C"}, "c", "C");
  both({"C 语言"}, "c", "<none>");
}

TEST_CASE("suggest: CJK by shared characters (Dice >= 0.5, at least 2 shared)") {
  both({"MySQL 索引优化", "Redis 持久化"}, "索引优化", "MySQL 索引优化");  // 8/13
  both({"MySQL 索引优化", "Redis 持久化"}, "持久化", "Redis 持久化");      // 6/11
  both({"算法"}, "数据", "<none>");
  both({"数据结构"}, "数据", "数据结构");          // 4/6
  both({"数据结构算法"}, "数据", "数据结构算法");  // exactly 0.5
  both({"数据结构与算法"}, "数据", "<none>");      // 4/9
  both({"栈溢出"}, "栈", "<none>");                // 0.5 but only 1 shared
  both({"二叉树"}, "二叉树遍历", "二叉树");        // 6/8
  both({"排序"}, "二叉树遍历排序", "<none>");      // 4/9
  // Order inside the name does not matter for Dice.
  both({"化久持"}, "持久化", "化久持");
  // Repeated characters count as often as both sides have them.
  both({"哈哈哈哈哈哈哈"}, "哈哈", "<none>");      // shared 2: 4/9
  both({"哈哈哈哈哈哈"}, "哈哈", "哈哈哈哈哈哈");  // 4/8
  both({"哈啊"}, "哈哈", "<none>");                // shared 1
}

TEST_CASE("suggest: a mixed pair must share more than scattered Latin letters") {
  // Dice alone would accept all four (n i x: 6/12; r e d i s: 10/13; s q l: 6/9; j a v a: 8/16).
  both({"Linux 内核"}, "nginx", "<none>");
  both({"Redis 集群"}, "Redis 锁", "<none>");
  both({"SQL"}, "MySQL 锁", "<none>");
  both({"JavaScript 闭包"}, "java", "<none>");
  // A shared ideograph, or a close Latin part, is enough.
  both({"Redis 集群", "Redis 分布式锁"}, "Redis 锁", "Redis 分布式锁");
  both({"Redis 持久化"}, "Redis", "Redis 持久化");
  both({"Redis 持久化"}, "Reids", "Redis 持久化");
  both({"Redis"}, "Redis 持久化", "Redis");
  both({"Go"}, "Go 并发", "Go");
  both({"Gx"}, "Go 并发", "<none>");
}

TEST_CASE("suggest: ranking") {
  // A Latin query: the distance to the name's Latin part first, a name without CJK first on ties.
  both({"Redis 持久化", "Redis"}, "Reids", "Redis");
  both({"Redis 持久化", "Rediss"}, "Redis", "Redis 持久化");
  both({"Rocker", "Docker 入门"}, "Dokcer", "Docker 入门");
  both({"PostGIS", "Postgres 库"}, "Postgres", "Postgres 库");
  both({"Redis 持久化", "Redis 集群"}, "Redis", "Redis 集群");  // then Dice: 10/12 > 10/13
  // Highest Dice.
  both({"Redis 持久化", "持久化机制"}, "持久化", "持久化机制");  // 6/8 > 6/11
  // Equal Dice (10/11): the smaller edit distance.
  both({"遍历二叉树的", "二叉树的遍历"}, "二叉树遍历", "二叉树的遍历");
  // Smallest distance, then the smaller length difference.
  both({"kafk", "kafkb"}, "kafka", "kafkb");
  both({"kafkb", "kafk"}, "kafka", "kafkb");
  // Then the smallest normalized form, not the smallest as written.
  both({"KAFKC", "kafkb"}, "kafka", "kafkb");
  both({"kafkb", "KAFKC"}, "kafka", "kafkb");
  // Then the smallest as written (names that normalize alike).
  both({"kafkb", "Kafkb", "KAFKB", "kafk-b"}, "kafka", "KAFKB");
  both({"Redis持久化", "redis-持久化", "Redis 持久化"}, "Redis 持久", "Redis 持久化");
}

TEST_CASE("suggest: the answer does not depend on the order of the names") {
  const std::vector<std::string> base = {"kafkb", "Kafkb", "kafkc", "kafk", "kafkaa", "kakfa", "KAFKB ", "k-a-f-k-b",
                                         "Redis 持久化", "redis-持久化", "持久化机制", "化久持", "Redis持久化",
                                         "二叉树的遍历", "遍历二叉树的", "二叉树遍历算", "", "---"};
  const std::vector<std::string> queries = {"kafka", "持久化", "Redis 持久", "二叉树遍历", "redis 持久化"};
  std::vector<std::string> expected;
  for (const auto& q : queries) expected.push_back(sug(base, q));
  CHECK(expected == std::vector<std::string>{"KAFKB ", "化久持", "Redis 持久化", "二叉树的遍历", "Redis 持久化"});
  std::mt19937 rng(42);
  for (int round = 0; round < 30; ++round) {
    std::vector<std::string> names = base;
    std::shuffle(names.begin(), names.end(), rng);
    const Suggester small(names);
    std::vector<std::string> big = filler(300);
    big.insert(big.end(), names.begin(), names.end());
    std::shuffle(big.begin(), big.end(), rng);
    const Suggester indexed(std::move(big));
    for (size_t i = 0; i < queries.size(); ++i) {
      CAPTURE(queries[i]);
      CHECK(sug(small, queries[i]) == expected[i]);
      CHECK(sug(indexed, queries[i]) == expected[i]);
    }
  }
}

TEST_CASE("suggest: duplicates, empty lists, empty names and empty queries") {
  both({"Redis", "Redis", "", "Redis"}, "Reids", "Redis");
  both({"Redis", "Redis"}, "Redis", "Redis");
  CHECK(sug({}, "Redis") == "<none>");
  CHECK(sug({}, "") == "<none>");
  both({"Redis", ""}, "", "<none>");
  both({"Redis", ""}, "  ", "<none>");
  both({"Redis", "---", "_"}, "- _ · ", "<none>");
  // A name that normalizes to nothing is never suggested.
  both({"", " ", "---", " · ", "\t"}, "-", "<none>");
  both({"", " ", "---", " · "}, "abc", "<none>");
  both({"", " ", "---", " · "}, "持久化", "<none>");
}

TEST_CASE("suggest: invalid UTF-8 does not crash") {
  const Suggester s({"Redis", "Redis 持久化", "持久化", "Re\xff" "dis"});
  for (std::string_view q : {std::string_view("\xff\xfe\xfd"), std::string_view("\xe6\x8c"), std::string_view("\xc0\x80"),
                             std::string_view("\xed\xa0\x80"), std::string_view("\xf4\x90\x80\x80"),
                             std::string_view("\x80\x80\x80\x80\x80"), std::string_view("持久\xe5"),
                             std::string_view("Redi\xff"), std::string_view("\0\0\0", 3)}) {
    CAPTURE(q);
    CHECK_NOTHROW((void)s.suggest(q));
  }
  CHECK(sug(s, "\xff\xfe\xfd") == "<none>");
  CHECK(sug(s, "Redis\xff") == "Redis");              // one U+FFFD more: distance 1
  CHECK(sug(s, "Re\xff" "dis") == "Re\xff" "dis");  // the invalid name, bytes as given
  CHECK(sug({"Re\xff" "dis"}, "Re\xfe" "dis") == "Re\xff" "dis");  // both U+FFFD
  CHECK(sug(s, "持久\xe5\x8c") == "持久化");
}

TEST_CASE("suggest: the index finds what a scan finds") {
  // Random names close to each other; every query's answer over the whole
  // (indexed) list must equal the best of the answers over chunks of 50
  // (scanned), since a candidate's rank depends only on it and the query.
  std::mt19937 rng(2024);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> latin = {"redis", "kafka", "mysql", "docker", "nginx", "linux", "java",
                                          "python", "rust", "go", "tcp", "http", "index", "cache", "raft"};
  const std::u32string hanzi = U"数据结构算法索引优化持久化缓存集群分布式锁网络协议内核进程线程内存管理二叉树遍历排序";
  auto random_hanzi = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) studywiki::utf8::append(s, hanzi[std::min(pick(hanzi.size()), pick(hanzi.size()))]);
    return s;
  };
  auto random_latin = [&] {
    std::string s = latin[pick(latin.size())];
    if (pick(2)) s += latin[pick(latin.size())];
    return s;
  };
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) {
    switch (pick(4)) {
      case 0: names.push_back(random_latin()); break;
      case 1: names.push_back(random_hanzi(2 + pick(5))); break;
      case 2: names.push_back(random_latin() + " " + random_hanzi(1 + pick(4))); break;
      default: names.push_back(random_hanzi(1 + pick(3)) + random_latin() + random_hanzi(pick(3))); break;
    }
  }
  auto mutate = [&](std::string s) {
    std::vector<char32_t> cps;
    for (size_t pos = 0; pos < s.size();) cps.push_back(studywiki::utf8::next(s, pos));
    const size_t edits = pick(4);
    for (size_t e = 0; e < edits && !cps.empty(); ++e) {
      const size_t at = pick(cps.size());
      switch (pick(4)) {
        case 0: cps.erase(cps.begin() + at); break;
        case 1: cps.insert(cps.begin() + at, pick(2) ? char32_t('a' + pick(26)) : hanzi[pick(hanzi.size())]); break;
        case 2: cps[at] = pick(2) ? char32_t('a' + pick(26)) : hanzi[pick(hanzi.size())]; break;
        default:
          if (at + 1 < cps.size()) std::swap(cps[at], cps[at + 1]);
          break;
      }
    }
    std::string out;
    for (char32_t cp : cps) studywiki::utf8::append(out, cp);
    return out;
  };
  const Suggester whole(names);
  std::vector<Suggester> chunks;
  for (size_t i = 0; i < names.size(); i += 50)
    chunks.emplace_back(std::vector<std::string>(names.begin() + i, names.begin() + std::min(names.size(), i + 50)));
  int mismatches = 0, answered = 0;
  for (int i = 0; i < 600; ++i) {
    std::string q = mutate(names[pick(names.size())]);
    if (i % 5 == 0) q = random_hanzi(1 + pick(5));
    if (i % 7 == 0) q = random_latin();
    std::vector<std::string> winners;
    for (const Suggester& c : chunks)
      if (auto w = c.suggest(q)) winners.push_back(*w);
    const std::string expected = sug(std::move(winners), q);
    const std::string got = sug(whole, q);
    if (got != expected) {
      ++mismatches;
      MESSAGE("query '" << q << "': index says '" << got << "', scan says '" << expected << "'");
    }
    if (got != "<none>") ++answered;
  }
  CHECK(mismatches == 0);
  CHECK(answered > 300);  // the comparison is not vacuous
  MESSAGE(answered << " of 600 random queries got a suggestion");
}

TEST_CASE("suggest: const calls from several threads agree") {
  std::vector<std::string> names = filler(500);
  names.insert(names.end(), {"Redis 持久化", "MySQL 索引优化", "Kafka", "Redis"});
  const Suggester s(std::move(names));
  const std::vector<std::string> queries = {"持久化", "索引优化", "Kafak", "Reids", "zqfiller12", "甲乙丙"};
  std::vector<std::string> expected;
  for (const auto& q : queries) expected.push_back(sug(s, q));
  std::vector<std::vector<std::string>> got(2);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round)
        for (const auto& q : queries) got[t].push_back(sug(s, q));
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got)
    for (size_t i = 0; i < g.size(); ++i) CHECK(g[i] == expected[i % queries.size()]);
}

// 10,000 notes' names (30,000) and 2,000 queries are bench/micro's `suggest`
// benchmark; here, the same kind of names at a tenth of the size.
TEST_CASE("suggest: mistyped names among generated note names get suggestions") {
  studywiki::links::testing::NameMaker make(99);
  const std::vector<std::string> names = make.note_names(1000);
  const std::vector<std::string> queries = make.queries(names, 200);
  REQUIRE(names.size() == 3000);
  const Suggester s(names);
  int answered = 0;
  for (const auto& q : queries)
    if (s.suggest(q)) ++answered;
  CHECK(answered > 0);
}
