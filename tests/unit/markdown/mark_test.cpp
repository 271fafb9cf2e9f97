#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;

namespace {
std::string render(std::string_view md) { return Document::parse(md).html(); }
}  // namespace

TEST_CASE("mark: ==text== highlights") {
  CHECK(render("==hi==\n") == "<p><mark>hi</mark></p>\n");
  CHECK(render("主要用于解决==网络进程间通信。==\n") == "<p>主要用于解决<mark>网络进程间通信。</mark></p>\n");
  CHECK(render("-  ==网络进程通信：==` IP地址 `唯一\n") ==
        "<ul>\n<li><mark>网络进程通信：</mark><code>IP地址</code>唯一</li>\n</ul>\n");
  CHECK(render("==**x**==\n") == "<p><mark><strong>x</strong></mark></p>\n");
  CHECK(render("**==x==**\n") == "<p><strong><mark>x</mark></strong></p>\n");
  CHECK(render("==a *b* c== and ==d==\n") == "<p><mark>a <em>b</em> c</mark> and <mark>d</mark></p>\n");
  CHECK(render("==a\nb==\n") == "<p><mark>a<br />\nb</mark></p>\n");
  CHECK(render("==$x$==\n") == "<p><mark><span class=\"math math-inline\">x</span></mark></p>\n");
}

TEST_CASE("mark: not a highlight") {
  CHECK(render("a == b\n") == "<p>a == b</p>\n");
  CHECK(render("a == b == c\n") == "<p>a == b == c</p>\n");
  CHECK(render("== a==\n") == "<p>== a==</p>\n");
  CHECK(render("==a ==\n") == "<p>==a ==</p>\n");
  CHECK(render("===x===\n") == "<p>===x===</p>\n");
  CHECK(render("==x\n") == "<p>==x</p>\n");
  CHECK(render("`==x==`\n") == "<p><code>==x==</code></p>\n");
  CHECK(render("if (a==b) {}\n") == "<p>if (a==b) {}</p>\n");
}

TEST_CASE("mark: plain text drops the markers") {
  CHECK(Document::parse("==网络==\n").plain_text() == "网络");
}
