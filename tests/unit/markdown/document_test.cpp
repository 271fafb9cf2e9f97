#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LineBreaks;
using studywiki::markdown::LinkTarget;
using studywiki::markdown::Options;
using studywiki::markdown::RawHtml;

namespace {
std::string render(std::string_view md, Options options = {}) { return Document::parse(md, options).html(); }
Options soft() {
  Options o;
  o.line_breaks = LineBreaks::Soft;
  return o;
}
}  // namespace

TEST_CASE("markdown: paragraphs and GFM extensions") {
  const std::string fn = render("a[^1]\n\n[^1]: note\n");
  CHECK(fn.find("<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\"") != std::string::npos);
  CHECK(fn.find("<section class=\"footnotes\"") != std::string::npos);
}

TEST_CASE("markdown: soft line breaks; none between CJK characters") {
  // Plain text keeps CJK joined too.
  CHECK(Document::parse("第一行\n第二行\n", soft()).plain_text() == "第一行第二行");
}

TEST_CASE("markdown: raw HTML escaped (raw_html: escape; the default sanitizes: raw_html_test.cpp)") {
  Options escape;
  escape.raw_html = RawHtml::Escape;
  // Escaped HTML blocks do not count as the note's first line.
  CHECK(Document::parse("<!-- c -->\n\nTitle line\n", escape).first_text_line() == "Title line");
  CHECK(Document::parse("<!-- c -->\n\nTitle line\n").first_text_line() == "Title line");
}

TEST_CASE("markdown: dangerous URLs are neutralised, others escaped") {
  // A rewriter cannot smuggle a dangerous URL in either.
  Document d = Document::parse("[x](a.md)\n");
  d.rewrite_urls([](const LinkTarget&) { return std::optional<std::string>("javascript:evil()"); });
  CHECK(d.html() == "<p><a href=\"\">x</a></p>\n");
}

TEST_CASE("markdown: links() and rewrite_urls()") {
  Document d = Document::parse("# T\n\n中文 [a](b/c.md) and ![img](<p 1.png> \"t\")\nhttp://bare.com <http://angle.com>\n");
  const auto links = d.links();
  REQUIRE(links.size() == 3);
  CHECK(links[0].url == "b/c.md");
  CHECK_FALSE(links[0].is_image);
  CHECK(links[0].line == 3);
  CHECK(links[0].col == 4);  // code points: "中文 " is 3
  CHECK(links[1].url == "p 1.png");
  CHECK(links[1].is_image);
  CHECK(links[1].col == 20);
  CHECK(links[2].url == "http://angle.com");
  CHECK(links[2].line == 4);
  CHECK(links[2].col == 17);
  d.rewrite_urls([](const LinkTarget& t) -> std::optional<std::string> {
    if (t.url == "b/c.md") return std::string("b/c.html");
    return std::nullopt;
  });
  CHECK(d.html().find("<a href=\"b/c.html\">a</a>") != std::string::npos);
  CHECK(d.html().find("<img src=\"p%201.png\" alt=\"img\" title=\"t\" />") != std::string::npos);
  CHECK(d.html().find("<a href=\"http://bare.com\">http://bare.com</a>") != std::string::npos);
}

TEST_CASE("markdown: headings, leading heading, remove_heading") {
  Document d = Document::parse("# Title\n\nText\n\n## Sub\n");
  REQUIRE(d.headings().size() == 2);
  CHECK(d.headings()[0].level == 1);
  CHECK(d.headings()[0].text == "Title");
  CHECK(d.headings()[0].line == 1);
  CHECK(d.headings()[1].line == 5);
  CHECK(d.leading_heading_index() == 0);
  d.remove_heading(0);
  REQUIRE(d.headings().size() == 1);
  CHECK(d.headings()[0].text == "Sub");
  CHECK(d.leading_heading_index() == -1);
  CHECK(d.html() == "<p>Text</p>\n<h2 id=\"sub\"><a class=\"anchor\" href=\"#sub\" aria-hidden=\"true\" tabindex=\"-1\">#</a>Sub</h2>\n");
  d.remove_heading(7);  // out of range: ignored
  CHECK(d.headings().size() == 1);

  CHECK(Document::parse("Intro\n\n# T\n").leading_heading_index() == -1);
  CHECK(Document::parse("\n\n## **Bold** `code`\n").headings()[0].text == "Bold code");
}

TEST_CASE("markdown: first_text_line strips Markdown") {
  CHECK(Document::parse(" \n\n\nDocker\n\n1. x\n").first_text_line() == "Docker");
  CHECK(Document::parse("**粗体** 和 [链接](a.md)\n第二行\n").first_text_line() == "粗体 和 链接");
  CHECK(Document::parse("```\ncode\n```\n\n## 标题\n").first_text_line() == "标题");
  CHECK(Document::parse("").first_text_line().empty());
  Options o = soft();
  CHECK(Document::parse("第一行\n第二行\n", o).first_text_line() == "第一行");
}

TEST_CASE("markdown: plain_text and summary") {
  Document d = Document::parse("# T\n\nFirst *para* with $x^2$\nline two\n\n```\ncode\n```\n");
  CHECK(d.plain_text() == "T\nFirst para with x^2\nline two\ncode");
  CHECK(d.summary(100) == "First para with x^2 line two");
  CHECK(d.summary(5) == "First…");
  CHECK(d.summary(6) == "First…");  // trailing space trimmed before the ellipsis
  CHECK(Document::parse("中文第一行\n中文第二行\n").summary(100) == "中文第一行中文第二行");
  CHECK(Document::parse("中文第一行\n中文第二行\n").summary(3) == "中文第…");
  CHECK(Document::parse("# only heading\n").summary(10).empty());
}

TEST_CASE("markdown: has_math") {
  CHECK(Document::parse("$x$\n").has_math());
  CHECK(Document::parse("$$\nx\n$$\n").has_math());
  CHECK_FALSE(Document::parse("costs $5 and $10\n").has_math());
  CHECK_FALSE(Document::parse("`$x$`\n").has_math());
}

TEST_CASE("markdown: Document is movable") {
  Document a = Document::parse("# A\n");
  Document b = std::move(a);
  CHECK(b.headings().size() == 1);
  Document c = Document::parse("x\n");
  c = std::move(b);
  CHECK(c.html().find("<h1 id=\"a\">") == 0);
}
