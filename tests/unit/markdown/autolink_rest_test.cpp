// The text a bare URL glued to Chinese swallowed is Markdown again.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LinkTarget;

namespace {
std::vector<std::string> positions(std::string_view md) {
  std::vector<std::string> out;
  for (const LinkTarget& t : Document::parse(md).links()) {
    out.push_back(t.url + "@" + std::to_string(t.line) + ":" + std::to_string(t.col));
  }
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("autolink rest: bold, code, math, mark, strikethrough") {
  CHECK(Document::parse("见https://a.com/x。$y$\n").has_math());
}

TEST_CASE("autolink rest: positions of links in the rest") {
  CHECK(positions("见：https://example.com/wiki/MainPage。然后继续。相关：[这篇](missing2.md)。\n") ==
        V{"missing2.md@1:45"});
  CHECK(positions("x\n  见https://a.com/x。[a](b)和https://c.com/y。[d](e)见 https://f.com/g。![i](j.png)\n") ==
        V{"b@2:20", "e@2:43", "j.png@2:67"});
  CHECK(positions("> a\n>   中文 https://a.com/x。[l](m.md)\n") == V{"m.md@2:24"});
  CHECK(positions("| a | b |\n|---|---|\n| x | https://b.com/y。[q](r) |\n") == V{"r@3:23"});
  CHECK(positions("# 标题 https://a.com/x。[q](r)\n") == V{"r@1:22"});
}

TEST_CASE("autolink rest: bare links stay out of links()") {
  Document d = Document::parse("见https://a.com/x。[a](b)\n");
  REQUIRE(d.links().size() == 1);
  CHECK(d.links()[0].url == "b");
}
