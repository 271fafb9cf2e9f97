#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::heading_slug;

TEST_CASE("anchors: heading_slug follows GitHub") {
  CHECK(heading_slug("TCP 协议/UDP协议") == "tcp-协议udp协议");
  CHECK(heading_slug("Hello, World!") == "hello-world");
  CHECK(heading_slug("迭代器 && 生成器") == "迭代器--生成器");
  CHECK(heading_slug("snake_case and-dash") == "snake_case-and-dash");
  CHECK(heading_slug("C++ 与 C#") == "c-与-c");
  CHECK(heading_slug("（全角）标点：测试") == "全角标点测试");
  CHECK(heading_slug("Ünïcödé Ä") == "ünïcödé-ä");
  CHECK(heading_slug("emoji 🎉 ok") == "emoji--ok");
  CHECK(heading_slug("1. 第一章") == "1-第一章");
  CHECK(heading_slug("") == "");
}

TEST_CASE("anchors: heading HTML shape") {
  CHECK(Document::parse("## TCP 协议/UDP协议\n").html() ==
        "<h2 id=\"tcp-协议udp协议\"><a class=\"anchor\" href=\"#tcp-协议udp协议\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
        "TCP 协议/UDP协议</h2>\n");
  CHECK(Document::parse("# *Em* `code`\n").html() ==
        "<h1 id=\"em-code\"><a class=\"anchor\" href=\"#em-code\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
        "<em>Em</em> <code>code</code></h1>\n");
  CHECK(Document::parse("Setext\n===\n").html() ==
        "<h1 id=\"setext\"><a class=\"anchor\" href=\"#setext\" aria-hidden=\"true\" tabindex=\"-1\">#</a>Setext</h1>\n");
}

TEST_CASE("anchors: repeats are numbered, ids unique") {
  Document d = Document::parse("# A\n## A\n### A\n## A-1\n# !!!\n# ???\n");
  const auto& h = d.headings();
  REQUIRE(h.size() == 6);
  CHECK(h[0].id == "a");
  CHECK(h[1].id == "a-1");
  CHECK(h[2].id == "a-2");
  CHECK(h[3].id == "a-1-1");
  CHECK(h[4].id == "section");
  CHECK(h[5].id == "section-1");
  CHECK(h[2].level == 3);
  CHECK(h[3].line == 4);
}

TEST_CASE("anchors: heading text with math and marks") {
  Document d = Document::parse("## ==重点== $O(n)$ 复杂度\n");
  CHECK(d.headings()[0].text == "重点 O(n) 复杂度");
  CHECK(d.headings()[0].id == "重点-on-复杂度");
}
