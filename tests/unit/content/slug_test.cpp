#include "content/slug.h"
#include "core/utf8.h"

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

TEST_CASE("a slug too long for a file name is cut and keeps a hash of the whole") {
  // 240 '#' become "sharp" x 240 = 1,200 bytes: over NAME_MAX (255), the
  // page could not be written (the build crashed with --explain).
  const std::string sharps(240, '#');
  const std::string slug = slugify(sharps);
  CHECK(slug.size() <= studywiki::kMaxSlugBytes);
  CHECK(slug.rfind("sharpsharp", 0) == 0);
  CHECK(slug == slugify(sharps));  // deterministic
  CHECK(slug != slugify(std::string(239, '#')));
  // CJK is cut at a character boundary: no broken UTF-8.
  std::string cjk;
  for (int i = 0; i < 100; ++i) cjk += "持久化";
  const std::string cut = slugify(cjk);
  CHECK(cut.size() <= studywiki::kMaxSlugBytes);
  CHECK(cut.substr(0, 9) == "持久化");
  CHECK(cut[cut.size() - 9] == '-');
  CHECK(studywiki::utf8::is_valid(cut));
  // Short names are untouched.
  CHECK(slugify(std::string(40, 'a')) == std::string(40, 'a'));
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
  // In the pages' hrefs, letters, marks and digits of any script stay UTF-8 (3 bytes a CJK character, not 9).
  CHECK(studywiki::href_encode_path("db/redis-持久化.html") == "db/redis-持久化.html");
  CHECK(studywiki::href_encode_path("été/κόσμος-١٢.html") == "été/κόσμος-١٢.html");
  CHECK(studywiki::href_encode_path("imgs/a b.png") == "imgs/a%20b.png");
  CHECK(studywiki::href_encode_path("c++.html") == "c++.html");
  // Non-ASCII spaces, punctuation and symbols, and invalid bytes, are encoded.
  CHECK(studywiki::href_encode_path("a\u3000b（c）.png") == "a%E3%80%80b%EF%BC%88c%EF%BC%89.png");
  CHECK(studywiki::href_encode_path("x\u00A0y\u202E.png") == "x%C2%A0y%E2%80%AE.png");
  CHECK(studywiki::href_encode_path("🙂.png") == "%F0%9F%99%82.png");
  CHECK(studywiki::href_encode_path(std::string("a\xE6\x8C.png")) == "a%E6%8C.png");
  CHECK(studywiki::href_encode_path("a\"b<c>#d?e%f") == "a%22b%3Cc%3E%23d%3Fe%25f");
  CHECK(percent_decode("%zz") == "%zz");
}
