#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;

namespace {
std::string render(std::string_view md) { return Document::parse(md).html(); }
}  // namespace

TEST_CASE("autolink: URL after full-width colon") {
  CHECK(render("学习地址：http://www.ruanyifeng.com/blog/2017/08/koa.html\n") ==
        "<p>学习地址：<a href=\"http://www.ruanyifeng.com/blog/2017/08/koa.html\">"
        "http://www.ruanyifeng.com/blog/2017/08/koa.html</a></p>\n");
}

TEST_CASE("autolink: CJK after the URL is not swallowed") {
  CHECK(render("地址：http://a.com/x.html。下面\n") ==
        "<p>地址：<a href=\"http://a.com/x.html\">http://a.com/x.html</a>。下面</p>\n");
  CHECK(render("see http://a.com/x（括号）\n") ==
        "<p>see <a href=\"http://a.com/x\">http://a.com/x</a>（括号）</p>\n");
  CHECK(render("see www.a.com/x中文\n") == "<p>see <a href=\"http://www.a.com/x\">www.a.com/x</a>中文</p>\n");
}

TEST_CASE("autolink: URL glued after CJK text is linked") {
  CHECK(render("SciPy完整的教程https://docs.scipy.org/doc/scipy/reference/index.html。下面就\n") ==
        "<p>SciPy完整的教程<a href=\"https://docs.scipy.org/doc/scipy/reference/index.html\">"
        "https://docs.scipy.org/doc/scipy/reference/index.html</a>。下面就</p>\n");
  CHECK(render("见http://a.com和https://b.org/p?q=1&r=2。\n") ==
        "<p>见<a href=\"http://a.com\">http://a.com</a>和<a href=\"https://b.org/p?q=1&amp;r=2\">"
        "https://b.org/p?q=1&amp;r=2</a>。</p>\n");
  CHECK(render("\"http://a.com/x\".\n") == "<p>&quot;<a href=\"http://a.com/x\">http://a.com/x</a>&quot;.</p>\n");
}

TEST_CASE("autolink: trailing punctuation and parentheses") {
  CHECK(render("(see http://a.com/x).\n") == "<p>(see <a href=\"http://a.com/x\">http://a.com/x</a>).</p>\n");
  CHECK(render("看http://en.wikipedia.org/wiki/A_(b)!\n") ==
        "<p>看<a href=\"http://en.wikipedia.org/wiki/A_(b)\">http://en.wikipedia.org/wiki/A_(b)</a>!</p>\n");
  CHECK(render("go http://a.com/x, then\n") == "<p>go <a href=\"http://a.com/x\">http://a.com/x</a>, then</p>\n");
}

TEST_CASE("autolink: never inside code or existing links") {
  CHECK(render("`教程https://a.com。`\n") == "<p><code>教程https://a.com。</code></p>\n");
  CHECK(render("```\n教程https://a.com。\n```\n") == "<pre><code>教程https://a.com。\n</code></pre>\n");
  CHECK(render("[教程https://a.com](b.md)\n") == "<p><a href=\"b.md\">教程https://a.com</a></p>\n");
  CHECK(render("<http://a.com/中文>\n") ==
        "<p><a href=\"http://a.com/%E4%B8%AD%E6%96%87\">http://a.com/中文</a></p>\n");
  CHECK(render("xhttp://a.com\n") == "<p>xhttp://a.com</p>\n");
  CHECK(render("中文http://\n") == "<p>中文http://</p>\n");
}

TEST_CASE("autolink: bare URLs are not reported as written links") {
  Document d = Document::parse("教程https://a.com/x。 and http://b.com\n");
  CHECK(d.links().empty());
}
