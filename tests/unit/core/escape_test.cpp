// append_json_string writes the shared page data (previews/N.js, graphs/N.js)
// as nlohmann::json's dump() would, byte for byte: the files' bytes did not
// change when it replaced the JSON trees.
#include "core/escape.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

using namespace studywiki;

namespace {

std::string ours(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string theirs(const std::string& s) { return nlohmann::json(s).dump(-1, ' ', false); }

}  // namespace

TEST_CASE("append_json_string escapes as nlohmann::json's dump") {
  for (const std::string& s : {std::string(""), std::string("Redis 持久化"), std::string("a\"b\\c/d"),
                              std::string("</script>"), std::string("line\nbreak\ttab\rcr\bback\fform"),
                              std::string("\x01\x1f\x7f"), std::string("\xE2\x80\xA8 U+2028"), std::string("\0x", 2)})
    CHECK_MESSAGE(ours(s) == theirs(s), s);
  std::mt19937 rng(11);
  const std::string pieces[] = {"a", "持", "\"", "\\", "\n", "\x02", "\x1b", "<", "/", "\xF0\x9F\x98\x80", " "};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    for (int i = static_cast<int>(rng() % 10); i > 0; --i) s += pieces[rng() % std::size(pieces)];
    CHECK_MESSAGE(ours(s) == theirs(s), s);
  }
}
