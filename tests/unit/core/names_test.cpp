#include "core/names.h"

#include <doctest/doctest.h>

using studywiki::escape_bytes;
using studywiki::NameRepair;
using studywiki::repair_name;

TEST_CASE("valid UTF-8 names are unchanged") {
  bool changed = true;
  CHECK(repair_name("你好 world.md", &changed) == "你好 world.md");
  CHECK_FALSE(changed);
  CHECK(repair_name("caf\xEF\xBF\xBD.md", &changed) == "caf\xEF\xBF\xBD.md");  // a real U+FFFD
  CHECK_FALSE(changed);
}

TEST_CASE("GBK names are read as GB18030") {
  bool changed = false;
  CHECK(repair_name("\xC4\xE3\xBA\xC3.md", &changed) == "你好.md");
  CHECK(changed);
  NameRepair how = NameRepair::None;
  CHECK(repair_name("\xB5\xDA\xD2\xBB\xD5\xC2\xA3\xA8\xC9\xCF\xA3\xA9", &how) == "第一章（上）");  // full-width brackets
  CHECK(how == NameRepair::Gb18030);
  CHECK(repair_name("\xA4\xA2\xA5\xA2", &how) == "あア");  // kana
  CHECK(how == NameRepair::Gb18030);
}

TEST_CASE("other bytes become U+FFFD") {
  NameRepair how = NameRepair::None;
  CHECK(repair_name("caf\xE9.md", &how) == "caf\xEF\xBF\xBD.md");  // Latin-1: \xE9. is no GB18030
  CHECK(how == NameRepair::Replacement);
  // Valid GB18030, but Cyrillic: not a reading of a CJK name.
  CHECK(repair_name("\xA7\xA1.md", &how) == "\xEF\xBF\xBD\xEF\xBF\xBD.md");
  CHECK(how == NameRepair::Replacement);
  CHECK(repair_name("\xC4", &how) == "\xEF\xBF\xBD");  // cut short
  CHECK(how == NameRepair::Replacement);
  CHECK(repair_name("\xFF\xFE", &how) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  bool changed = false;
  repair_name("\x80", &changed);
  CHECK(changed);
}

TEST_CASE("bytes for messages") {
  CHECK(escape_bytes("\xC4\xE3\xBA\xC3") == "\\xC4\\xE3\\xBA\\xC3");
  CHECK(escape_bytes("caf\xE9.md") == "caf\\xE9.md");
  CHECK(escape_bytes("a\\b\n") == "a\\x5Cb\\x0A");
}
