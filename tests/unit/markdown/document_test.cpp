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
Options allow_html() {
  Options o;
  o.raw_html = RawHtml::Allow;
  return o;
}
}  // namespace

TEST_CASE("markdown: paragraphs and GFM extensions") {
  CHECK(render("hello *world*\n") == "<p>hello <em>world</em></p>\n");
  CHECK(render("~~gone~~\n") == "<p><del>gone</del></p>\n");
  CHECK(render("| a | b |\n|---|---|\n| 1 | 2 |\n") ==
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n"
        "</tr>\n</tbody>\n</table>\n");
  CHECK(render("- [x] done\n- [ ] todo\n") ==
        "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n"
        "<li><input type=\"checkbox\" disabled=\"\" /> todo</li>\n</ul>\n");
  const std::string fn = render("a[^1]\n\n[^1]: note\n");
  CHECK(fn.find("<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\"") != std::string::npos);
  CHECK(fn.find("<section class=\"footnotes\"") != std::string::npos);
}

TEST_CASE("markdown: smart punctuation is off") {
  CHECK(render("\"quoted\" -- and ... 'x'\n") == "<p>&quot;quoted&quot; -- and ... 'x'</p>\n");
}

TEST_CASE("markdown: hard line breaks by default") {
  CHECK(render("line one\nline two\n") == "<p>line one<br />\nline two</p>\n");
  CHECK(render("中文\n中文\n") == "<p>中文<br />\n中文</p>\n");
}

TEST_CASE("markdown: soft line breaks; none between CJK characters") {
  CHECK(render("line one\nline two\n", soft()) == "<p>line one\nline two</p>\n");
  CHECK(render("第一行\n第二行\n", soft()) == "<p>第一行第二行</p>\n");
  CHECK(render("中文。\n**粗体**\n", soft()) == "<p>中文。<strong>粗体</strong></p>\n");
  CHECK(render("中文\nEnglish\n", soft()) == "<p>中文\nEnglish</p>\n");
  CHECK(render("한국어\n한국어\n", soft()) == "<p>한국어\n한국어</p>\n");
  // Plain text keeps CJK joined too.
  CHECK(Document::parse("第一行\n第二行\n", soft()).plain_text() == "第一行第二行");
}

TEST_CASE("markdown: raw HTML escaped (raw_html: escape; the default sanitizes: raw_html_test.cpp)") {
  Options escape;
  escape.raw_html = RawHtml::Escape;
  CHECK(render("<div>\nhi\n</div>\n", escape) == "<p>&lt;div&gt;<br />\nhi<br />\n&lt;/div&gt;</p>\n");
  CHECK(render("a <span>b</span> c\n", escape) == "<p>a &lt;span&gt;b&lt;/span&gt; c</p>\n");
  CHECK(render("ADD <src> ... <dest>\n", escape) == "<p>ADD &lt;src&gt; ... &lt;dest&gt;</p>\n");
  CHECK(render("<script>alert(1)</script>\n", escape) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  // Escaped HTML blocks do not count as the note's first line.
  CHECK(Document::parse("<!-- c -->\n\nTitle line\n", escape).first_text_line() == "Title line");
  CHECK(Document::parse("<!-- c -->\n\nTitle line\n").first_text_line() == "Title line");
}

TEST_CASE("markdown: raw HTML allowed passes through with the tag filter") {
  CHECK(render("<div>\nhi\n</div>\n", allow_html()) == "<div>\nhi\n</div>\n");
  CHECK(render("a <span>b</span> c\n", allow_html()) == "<p>a <span>b</span> c</p>\n");
  CHECK(render("<script>alert(1)</script>\n", allow_html()) == "&lt;script>alert(1)&lt;/script>\n");
  // Generated HTML is never escaped, whatever the mode.
  CHECK(render("==x== $y$\n") == "<p><mark>x</mark> <span class=\"math math-inline\">y</span></p>\n");
  CHECK(render("==x== $y$\n", allow_html()) == "<p><mark>x</mark> <span class=\"math math-inline\">y</span></p>\n");
}

TEST_CASE("markdown: code blocks keep language and verbatim prose") {
  CHECK(render("```python\nprint('<hi>')\n```\n") ==
        "<pre><code class=\"language-python\">print('&lt;hi&gt;')\n</code></pre>\n");
  CHECK(render("```\n只要三行代码 ==x== $a$ http://a.com。中\n```\n") ==
        "<pre><code>只要三行代码 ==x== $a$ http://a.com。中\n</code></pre>\n");
  CHECK(render("`$a$ ==b==`\n") == "<p><code>$a$ ==b==</code></p>\n");
}

TEST_CASE("markdown: dangerous URLs are neutralised, others escaped") {
  CHECK(render("[x](javascript:alert(1))\n") == "<p><a href=\"\">x</a></p>\n");
  CHECK(render("[x](JaVaScRiPt:alert(1))\n") == "<p><a href=\"\">x</a></p>\n");
  CHECK(render("[x](vbscript:msgbox)\n") == "<p><a href=\"\">x</a></p>\n");
  CHECK(render("[x](data:text/html;base64,AAAA)\n") == "<p><a href=\"\">x</a></p>\n");
  CHECK(render("![i](data:image/png;base64,AAAA)\n") ==
        "<p><img src=\"data:image/png;base64,AAAA\" alt=\"i\" /></p>\n");
  CHECK(render("[x](<a b.html?q=\"1\"&r=2>)\n") == "<p><a href=\"a%20b.html?q=%221%22&amp;r=2\">x</a></p>\n");
  CHECK(render("[x](https://例子.com/路径)\n") ==
        "<p><a href=\"https://%E4%BE%8B%E5%AD%90.com/%E8%B7%AF%E5%BE%84\">x</a></p>\n");
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

TEST_CASE("markdown: math and marks inside table cells and strikethrough") {
  CHECK(render("| $x$ | ==y== |\n|---|---|\n| $1$ | ~~==z==~~ |\n") ==
        "<table>\n<thead>\n<tr>\n<th><span class=\"math math-inline\">x</span></th>\n<th><mark>y</mark></th>\n"
        "</tr>\n</thead>\n<tbody>\n<tr>\n<td><span class=\"math math-inline\">1</span></td>\n"
        "<td><del><mark>z</mark></del></td>\n</tr>\n</tbody>\n</table>\n");
  CHECK(render("~~$a$ ==b==~~\n") ==
        "<p><del><span class=\"math math-inline\">a</span> <mark>b</mark></del></p>\n");
}
