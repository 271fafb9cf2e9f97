// utf8::first_invalid (the loader's and the parser's fast path) against the
// slow definition: the first byte where next() gives an invalid U+FFFD.
#include "core/utf8.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

using namespace studywiki;

namespace {

size_t slow_first_invalid(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    if (utf8::next(s, pos) == 0xFFFD && pos - start == 1) return start;
  }
  return std::string_view::npos;
}

}  // namespace

TEST_CASE("first_invalid agrees with next() on valid, broken and random text") {
  CHECK(utf8::first_invalid("") == std::string_view::npos);
  CHECK(utf8::first_invalid("plain ASCII, longer than eight bytes") == std::string_view::npos);
  CHECK(utf8::first_invalid("Redis 持久化 \xEF\xBF\xBD ok") == std::string_view::npos);  // a real U+FFFD
  CHECK(utf8::first_invalid("abcdefghij\xC0\xAF") == 10);                                // overlong '/'
  CHECK(utf8::first_invalid("abcdefgh\xED\xA0\x80") == 8);                               // a surrogate
  CHECK(utf8::first_invalid("\xE6\x8C") == 0);                                           // cut short
  CHECK(utf8::first_invalid("12345678\xF4\x90\x80\x80") == 8);                           // past U+10FFFF
  std::mt19937 rng(7);
  const std::string pieces[] = {"a", "abcdefgh", "持", "\xF0\x9F\x98\x80", "\x80", "\xC3", "\xE6\x8C", "\xFF", " "};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += pieces[rng() % std::size(pieces)];
    if (rng() % 4 == 0 && !s.empty()) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    CHECK_MESSAGE(utf8::first_invalid(s) == slow_first_invalid(s), s);
    size_t bad = 0;
    const std::string fixed = utf8::repair(s, &bad);
    CHECK(bad == slow_first_invalid(s));
    CHECK(utf8::first_invalid(fixed) == std::string_view::npos);
  }
}
