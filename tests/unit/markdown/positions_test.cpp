// Link positions on paragraph continuation lines (cmark-gfm strips the
// line's indentation and container prefix before computing columns).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LinkTarget;

namespace {
std::string where(const LinkTarget& t) { return t.url + "@" + std::to_string(t.line) + ":" + std::to_string(t.col); }
std::vector<std::string> positions(std::string_view md) {
  std::vector<std::string> out;
  for (const LinkTarget& t : Document::parse(md).links()) out.push_back(where(t));
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("positions: indented continuation line") {
  CHECK(positions("# Links\n\nsee [x](missing.md) and\n  [y](../../outside.md) and ![i](nope.png)\n") ==
        V{"missing.md@3:5", "../../outside.md@4:3", "nope.png@4:29"});
  CHECK(positions("x\n\t[c](d)\n") == V{"d@2:2"});
  // First line indented too (up to three spaces).
  CHECK(positions("   [a](b) x\n     [c](d)\n") == V{"b@1:4", "d@2:6"});
}

TEST_CASE("positions: CJK before the link on a continuation line") {
  CHECK(positions("第一行\n   中文说明[链接](a.md)和![图](b.png)\n") == V{"a.md@2:8", "b.png@2:19"});
}

TEST_CASE("positions: list items and block quotes") {
  CHECK(positions("- a\n  b [x](y)\n    c [z](w)\n") == V{"y@2:5", "w@3:7"});
  CHECK(positions("> see [x](m.md) and\n>   中文[y](o.md) and ![i](n.png)\n") ==
        V{"m.md@1:7", "o.md@2:7", "n.png@2:21"});
  CHECK(positions("> > a\n> >  [q](r)\n") == V{"r@2:6"});
  // Lazy continuation (no `>` on the second line).
  CHECK(positions("> a\nlazy [c](d)\n") == V{"d@2:6"});
  CHECK(positions("- > a\n  >   [c](d)\n") == V{"d@2:7"});
  CHECK(positions("1. 中\n   文 [c](d)\n") == V{"d@2:6"});
}

TEST_CASE("positions: setext heading and pointy-brace links on continuation lines") {
  CHECK(positions("Head [a](b)\n  [c](d)\n===\n") == V{"b@1:6", "d@2:3"});
  // `<url>` on a continuation line is still a written link, at its '<'.
  CHECK(positions("text\n   <http://a.com/x> and [t](http://b.com)\n") ==
        V{"http://a.com/x@2:4", "http://b.com@2:25"});
}
