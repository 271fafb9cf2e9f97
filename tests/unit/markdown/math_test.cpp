#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LineBreaks;
using studywiki::markdown::Options;
using studywiki::markdown::RawHtml;

namespace {
std::string render(std::string_view md) { return Document::parse(md).html(); }
}  // namespace

TEST_CASE("math: inline $…$") {
  CHECK(render("a $x^2$ b\n") == "<p>a <span class=\"math math-inline\">x^2</span> b</p>\n");
  CHECK(render("$a_1 * b_2$ and $c_3 * d_4$\n") ==
        "<p><span class=\"math math-inline\">a_1 * b_2</span> and <span class=\"math math-inline\">c_3 * d_4</span></p>\n");
  CHECK(render("$root.left < root \\& root < root.right$\n") ==
        "<p><span class=\"math math-inline\">root.left &lt; root \\&amp; root &lt; root.right</span></p>\n");
  CHECK(render("$\\{a\\}$\n") == "<p><span class=\"math math-inline\">\\{a\\}</span></p>\n");
  CHECK(render("$a \\$ b$\n") == "<p><span class=\"math math-inline\">a \\$ b</span></p>\n");
  CHECK(render("中文$x$中文\n") == "<p>中文<span class=\"math math-inline\">x</span>中文</p>\n");
  CHECK(render("**$x$**\n") == "<p><strong><span class=\"math math-inline\">x</span></strong></p>\n");
  CHECK(render("[$x$](a.md)\n") == "<p><a href=\"a.md\"><span class=\"math math-inline\">x</span></a></p>\n");
}

TEST_CASE("math: dollar rules") {
  CHECK(render("costs $5 and $10\n") == "<p>costs $5 and $10</p>\n");
  CHECK(render("$ x$\n") == "<p>$ x$</p>\n");
  CHECK(render("$x $\n") == "<p>$x $</p>\n");
  CHECK(render("$x$5\n") == "<p>$x$5</p>\n");
  // The first `$` after an opener must close it (TeX never holds a bare `$`):
  CHECK(render("$a $b$\n") == "<p>$a <span class=\"math math-inline\">b</span></p>\n");
  CHECK(render("价格从 $5 涨到了 $10，见 [[x]]。复杂度是 $\\sum_{i=1}^{n} i$。\n") ==
        "<p>价格从 $5 涨到了 $10，见 <span class=\"broken-link\" title=\"broken link\">x</span>。复杂度是 "
        "<span class=\"math math-inline\">\\sum_{i=1}^{n} i</span>。</p>\n");
  // and math does not close inside a code span.
  CHECK(render("$5 起\n用 `x = $y$` 写\n") == "<p>$5 起<br />\n用 <code>x = $y$</code> 写</p>\n");
  CHECK(render("just $\n") == "<p>just $</p>\n");
  CHECK(render("echo \\$HOME\n") == "<p>echo $HOME</p>\n");
  CHECK(render("\\$x$\n") == "<p>$x$</p>\n");
}

TEST_CASE("math: code spans and blocks are untouched") {
  CHECK(render("`$x$` and $y$\n") == "<p><code>$x$</code> and <span class=\"math math-inline\">y</span></p>\n");
  CHECK(render("```\n$x$\n$$\ny\n$$\n```\n") == "<pre><code>$x$\n$$\ny\n$$\n</code></pre>\n");
  CHECK(render("    $$\n    x\n    $$\n") == "<pre><code>$$\nx\n$$\n</code></pre>\n");
}

TEST_CASE("math: display $$…$$") {
  CHECK(render("$$x^2$$\n") == "<div class=\"math math-display\">x^2</div>\n");
  CHECK(render("text $$x$$ more\n") == "<p>text <span class=\"math math-display\">x</span> more</p>\n");
  CHECK(render("$$\na < b\n$$\n") == "<div class=\"math math-display\">a &lt; b</div>\n");
  CHECK(render("before\n$$\n\\begin{aligned}\na &= b \\\\\n- c &= d\n\\end{aligned}\n$$\nafter\n") ==
        "<p>before</p>\n<div class=\"math math-display\">\\begin{aligned}\na &amp;= b \\\\\n- c &amp;= d\n"
        "\\end{aligned}</div>\n<p>after</p>\n");
  CHECK(render("$$ a\nb $$\n") == "<div class=\"math math-display\">a\nb</div>\n");
  CHECK(render("> $$\n> x_1\n> $$\n") == "<blockquote>\n<div class=\"math math-display\">x_1</div>\n</blockquote>\n");
  CHECK(render("- item\n\n  $$\n  y\n  $$\n") ==
        "<ul>\n<li>\n<p>item</p>\n<div class=\"math math-display\">y</div>\n</li>\n</ul>\n");
  // Unclosed: left as text.
  CHECK(render("$$\nx\n\ny\n") == "<p>$$<br />\nx</p>\n<p>y</p>\n");
  CHECK(render("$$$$\n") == "<p>$$$$</p>\n");
}

TEST_CASE("math: display block keeps line numbers for later headings") {
  Document d = Document::parse("$$\na\nb\n$$\n\n## After\n");
  REQUIRE(d.headings().size() == 1);
  CHECK(d.headings()[0].line == 6);
  CHECK(d.plain_text() == "a\nb\nAfter");
}

TEST_CASE("math: plain text shows the TeX") {
  CHECK(Document::parse("x $a<b$ y\n").plain_text() == "x a<b y");
}

TEST_CASE("math: dollars that are not math") {
  // jQuery: `$(` opens nothing, and math never crosses a line break, so a
  // `$` ten lines later does not close it.
  CHECK(render("转换为jquery对象：$( domView)\n第二行\n发请求用$.ajax({url: u})\n") ==
        "<p>转换为jquery对象：$( domView)<br />\n第二行<br />\n发请求用$.ajax({url: u})</p>\n");
  CHECK(render("价格$a\n第二行b$c\n") == "<p>价格$a<br />\n第二行b$c</p>\n");
  CHECK(render("价格$a\\\n第二行b$c\n") == "<p>价格$a<br />\n第二行b$c</p>\n");
  CHECK(render("价格$a `x\ny` b$c\n") == "<p>价格$a <code>x y</code> b$c</p>\n");
  // Template strings: `${`.
  CHECK(render("用${b}和${c}拼接\n") == "<p>用${b}和${c}拼接</p>\n");
  // PHP templates: what lies between would be TeX with unbalanced braces.
  CHECK(render("模板：{$id}，{$name}\n") == "<p>模板：{$id}，{$name}</p>\n");
  CHECK(Document::parse("<tr><td>{$id}</td><td>{$name}</td></tr>\n", Options{LineBreaks::Hard, RawHtml::Escape}).html() ==
        "<p>&lt;tr&gt;&lt;td&gt;{$id}&lt;/td&gt;&lt;td&gt;{$name}&lt;/td&gt;&lt;/tr&gt;</p>\n");
  // Shell prompts.
  CHECK(render("[root@host ~]$ echo \"$test\"\n[root@host ~]$ ls\n") ==
        "<p>[root@host ~]$ echo &quot;$test&quot;<br />\n[root@host ~]$ ls</p>\n");
  // Real math still is.
  CHECK(render("复杂度 $O(n^2)$，求和 $\\sum_{i=1}^n i$，集合 $\\{x\\}$。\n") ==
        "<p>复杂度 <span class=\"math math-inline\">O(n^2)</span>，求和 <span class=\"math math-inline\">\\sum_{i=1}^n i</span>，"
        "集合 <span class=\"math math-inline\">\\{x\\}</span>。</p>\n");
  CHECK(render("$x_{1}$ 与 $(a+b)^2$ 不同\n") ==
        "<p><span class=\"math math-inline\">x_{1}</span> 与 $(a+b)^2$ 不同</p>\n");
  // `$$…$$` may still span lines.
  CHECK(render("$$ a\nb $$\n") == "<div class=\"math math-display\">a\nb</div>\n");
}
