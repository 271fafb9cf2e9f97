#include "tags/taxonomy.h"

#include <doctest/doctest.h>

using namespace studywiki;

TEST_CASE("tag keys fold case and width and trim segments") {
  CHECK(tag_key("ＤＢ / MySQL/ ") == "db/mysql");
  CHECK(tag_key("#Python") == "python");
  CHECK(tag_key("数据库//索引") == "数据库/索引");
  CHECK(tag_key(" ") == "");
}

TEST_CASE("first spelling is shown; nested tags imply their parents") {
  Taxonomy tax({{"DB/MySQL", "python"}, {"db/mysql", "db"}, {"ＰＹＴＨＯＮ", "数据库/索引"}, {}});
  REQUIRE(tax.tags().size() == 5);
  const int mysql = tax.find("db/mysql");
  const int db = tax.find("DB");
  REQUIRE(mysql >= 0);
  REQUIRE(db >= 0);
  CHECK(tax.tags()[mysql].name == "DB/MySQL");
  CHECK(tax.tags()[db].name == "DB");
  CHECK(tax.tags()[mysql].parent == db);
  CHECK(tax.tags()[mysql].depth == 1);
  CHECK(tax.tags()[db].children == std::vector<int>{mysql});
  CHECK(tax.tags()[db].notes == std::vector<int>{0, 1});  // note 0 via db/mysql
  CHECK(tax.tags()[tax.find("python")].notes == std::vector<int>{0, 2});
  CHECK(tax.tags()[tax.find("python")].name == "python");
  CHECK(tax.tags()[mysql].out == "tags/db/mysql.html");
  CHECK(tax.tags()[tax.find("数据库/索引")].out == "tags/数据库/索引.html");
  CHECK(tax.note_tags(1) == std::vector<int>{mysql, db});
  CHECK(tax.note_tags(3).empty());
}

TEST_CASE("tags ordered by key so the tree reads in order") {
  Taxonomy tax({{"b", "a/z", "a"}});
  std::vector<std::string> keys;
  for (const auto& t : tax.tags()) keys.push_back(t.key);
  CHECK(keys == std::vector<std::string>{"a", "a/z", "b"});
}

TEST_CASE("co-occurrence weights count notes that carry both tags") {
  Taxonomy tax({{"redis", "cache"}, {"redis", "cache", "db"}, {"db", "redis"}, {"cache"}});
  const int redis = tax.find("redis"), cache = tax.find("cache"), db = tax.find("db");
  int redis_cache = 0, redis_db = 0, cache_db = 0;
  for (const auto& p : tax.cooccurrence()) {
    CHECK(p.a < p.b);
    auto is = [&](int x, int y) { return (p.a == x && p.b == y) || (p.a == y && p.b == x); };
    if (is(redis, cache)) redis_cache = p.shared;
    if (is(redis, db)) redis_db = p.shared;
    if (is(cache, db)) cache_db = p.shared;
  }
  CHECK(redis_cache == 2);
  CHECK(redis_db == 2);
  CHECK(cache_db == 1);
  CHECK(tax.cooccurrence().size() == 3);
  auto with_redis = tax.cooccurring(redis, 5);
  REQUIRE(with_redis.size() == 2);
  CHECK(with_redis[0] == std::pair<int, int>{cache, 2});  // tie on 2: "cache" < "db"
  CHECK(with_redis[1] == std::pair<int, int>{db, 2});
}

TEST_CASE("nested tags join their parents in the tag graph but not in the co-occurring list") {
  Taxonomy tax({{"db/mysql", "索引"}, {"db/mysql"}, {"db/redis"}});
  const int db = tax.find("db"), mysql = tax.find("db/mysql"), index = tax.find("索引");
  int db_mysql = 0, db_index = 0;
  for (const auto& p : tax.cooccurrence()) {
    if ((p.a == db && p.b == mysql) || (p.a == mysql && p.b == db)) db_mysql = p.shared;
    if ((p.a == db && p.b == index) || (p.a == index && p.b == db)) db_index = p.shared;
  }
  CHECK(db_mysql == 2);
  CHECK(db_index == 1);
  auto with_mysql = tax.cooccurring(mysql, 5);
  REQUIRE(with_mysql.size() == 1);
  CHECK(with_mysql[0].first == index);
}

TEST_CASE("tags whose slugs clash get distinct pages") {
  Taxonomy tax(std::vector<std::vector<std::string>>{{"a b", "a-b"}});
  REQUIRE(tax.tags().size() == 2);
  CHECK(tax.tags()[0].out != tax.tags()[1].out);
}

TEST_CASE("a note with thousands of tags pairs only the first ones") {
  std::vector<std::string> many;
  for (int i = 0; i < 3000; ++i) {
    std::string tag = "t";
    tag += std::to_string(i);
    many.push_back(tag);
  }
  // Keys sort as text: t0, t1, t10, t100, t1000 … are the first 64.
  Taxonomy tax({many, {"t0", "t1"}});
  CHECK(tax.tags().size() == 3000);
  const size_t cap = Taxonomy::kMaxPairedTags;
  CHECK(tax.cooccurrence().size() == cap * (cap - 1) / 2);
  CHECK(tax.tags()[tax.find("t2999")].notes == std::vector<int>{0});  // every tag still lists its notes
  auto with_t1 = tax.cooccurring(tax.find("t1"), 3);
  REQUIRE(with_t1.size() == 3);
  CHECK(with_t1[0] == std::pair<int, int>{tax.find("t0"), 2});  // shared by both notes
  CHECK(with_t1[1].second == 1);
}
