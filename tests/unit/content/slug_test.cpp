#include "content/slug.h"

#include <doctest/doctest.h>

using studywiki::fold_key;
using studywiki::percent_decode;
using studywiki::percent_encode_path;
using studywiki::slugify;

TEST_CASE("slugify follows DESIGN.md") {
  CHECK(slugify("Redis 持久化") == "redis-持久化");
  CHECK(slugify("My_Note  Title") == "my-note-title");
  CHECK(slugify("C++") == "c++");
  CHECK(slugify("C#") == "csharp");
  CHECK(slugify("ＩＤ与ＵＩＤ") == "id与uid");            // NFKC folds full-width letters
  CHECK(slugify("TCP/IP (协议)：简介！") == "tcpip-协议简介");  // punctuation dropped
  CHECK(slugify("--a -- b--") == "a-b");                // runs collapsed, trimmed
  CHECK(slugify("Ünïcode Café") == "Ünïcode-café");     // only ASCII letters are lowercased
  CHECK(slugify("2024-03-05 日记") == "2024-03-05-日记");
  CHECK(slugify("!!!") == "");
}

TEST_CASE("fold_key ignores width, case and surrounding space") {
  CHECK(fold_key("  ＩＤ ") == fold_key("id"));
  CHECK(fold_key("Redis") == fold_key("REDIS"));
  CHECK(fold_key("Redis 持久化") != fold_key("Redis持久化"));
}

TEST_CASE("percent encoding of hrefs") {
  CHECK(percent_encode_path("db/redis-持久化.html") == "db/redis-%E6%8C%81%E4%B9%85%E5%8C%96.html");
  CHECK(percent_encode_path("imgs/a b.png") == "imgs/a%20b.png");
  CHECK(percent_encode_path("c++.html") == "c++.html");
  CHECK(percent_decode("a%20b%E6%8C%81") == "a b持");
  CHECK(percent_decode("100%") == "100%");
  CHECK(percent_decode("%zz") == "%zz");
}
