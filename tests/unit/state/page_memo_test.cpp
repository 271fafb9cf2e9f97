#include "state/page_memo.h"

#include <doctest/doctest.h>

using namespace studywiki;

TEST_SUITE("state") {

TEST_CASE("page memo: the pages' fingerprints and stamps come back as they were; a damaged file is not used") {
  PageMemo memo;
  memo.key = "key\nwith lines";
  PageMemo::Entry a;
  a.fingerprint = 0x0123456789abcdefull;
  a.stamp.size = 28123;
  a.stamp.mtime_ns = 1700000000123456789;
  a.stamp.inode = 4242;
  memo.pages["db/redis-持久化.html"] = a;
  PageMemo::Entry b = a;
  b.fingerprint = 7;
  b.stamp.mtime_ns = -5;  // a clock before 1970 still round-trips
  memo.pages["index.html"] = b;
  const std::string bytes = serialize_page_memo(memo);

  // The same pages in another order: the same bytes.
  PageMemo other;
  other.key = memo.key;
  other.pages["index.html"] = b;
  other.pages["db/redis-持久化.html"] = a;
  CHECK(serialize_page_memo(other) == bytes);

  std::string why;
  const auto back = parse_page_memo(bytes, &why);
  REQUIRE(back);
  CHECK(back->key == memo.key);
  REQUIRE(back->pages.size() == 2);
  const auto& x = back->pages.at("db/redis-持久化.html");
  CHECK(x.fingerprint == a.fingerprint);
  CHECK(x.stamp.type == FileInfo::Type::File);
  CHECK(x.stamp.size == a.stamp.size);
  CHECK(x.stamp.mtime_ns == a.stamp.mtime_ns);
  CHECK(x.stamp.inode == a.stamp.inode);
  CHECK(back->pages.at("index.html").stamp.mtime_ns == -5);

  std::string damaged = bytes;
  damaged[damaged.size() / 2] ^= 1;
  CHECK(!parse_page_memo(damaged, &why));
  CHECK(why == "damaged (checksum)");
  CHECK(!parse_page_memo(bytes.substr(0, bytes.size() - 1), &why));
  CHECK(!parse_page_memo("studywiki-pages 0\n", &why));
  CHECK(why == "not a page memo of this version");
}

}  // TEST_SUITE
