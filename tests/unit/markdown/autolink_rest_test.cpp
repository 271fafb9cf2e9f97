// The text a bare URL glued to Chinese swallowed is Markdown again.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LinkTarget;

namespace {
std::string render(std::string_view md) { return Document::parse(md).html(); }
std::vector<std::string> positions(std::string_view md) {
  std::vector<std::string> out;
  for (const LinkTarget& t : Document::parse(md).links()) {
    out.push_back(t.url + "@" + std::to_string(t.line) + ":" + std::to_string(t.col));
  }
  return out;
}
using V = std::vector<std::string>;
const std::string kUrl = "<a href=\"https://a.com/x\">https://a.com/x</a>";
}  // namespace

TEST_CASE("autolink rest: a link after a glued URL") {
  CHECK(render("见：https://example.com/wiki/MainPage。然后继续。相关：[这篇](missing2.md)。\n") ==
        "<p>见：<a href=\"https://example.com/wiki/MainPage\">https://example.com/wiki/MainPage</a>"
        "。然后继续。相关：<a href=\"missing2.md\">这篇</a>。</p>\n");
  CHECK(render("见https://a.com/x。![图](p.png)\n") == "<p>见" + kUrl + "。<img src=\"p.png\" alt=\"图\" /></p>\n");
}

TEST_CASE("autolink rest: bold, code, math, mark, strikethrough") {
  CHECK(render("见https://a.com/x。**粗体**。\n") == "<p>见" + kUrl + "。<strong>粗体</strong>。</p>\n");
  CHECK(render("见https://a.com/x。**粗**\n") == "<p>见" + kUrl + "。<strong>粗</strong></p>\n");
  CHECK(render("见https://a.com/x。`code`。\n") == "<p>见" + kUrl + "。<code>code</code>。</p>\n");
  CHECK(render("见https://a.com/x。$E=mc^2$。\n") ==
        "<p>见" + kUrl + "。<span class=\"math math-inline\">E=mc^2</span>。</p>\n");
  CHECK(render("见https://a.com/x。==重点==。\n") == "<p>见" + kUrl + "。<mark>重点</mark>。</p>\n");
  CHECK(render("见https://a.com/x。~~删~~\n") == "<p>见" + kUrl + "。<del>删</del></p>\n");
  CHECK(render("见https://a.com/x。\\*不是\\*\n") == "<p>见" + kUrl + "。*不是*</p>\n");
  CHECK(Document::parse("见https://a.com/x。$y$\n").has_math());
}

TEST_CASE("autolink rest: more URLs and links in the rest") {
  CHECK(render("见https://a.com/x。[a](b)和https://c.com/y。[d](e)\n") ==
        "<p>见" + kUrl + "。<a href=\"b\">a</a>和<a href=\"https://c.com/y\">https://c.com/y</a>"
        "。<a href=\"e\">d</a></p>\n");
  // Plain rest: no re-parse needed, same output as before.
  CHECK(render("地址：http://a.com/x.html。下面\n") ==
        "<p>地址：<a href=\"http://a.com/x.html\">http://a.com/x.html</a>。下面</p>\n");
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
