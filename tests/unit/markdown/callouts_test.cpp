#include <doctest/doctest.h>

#include "markdown/document.h"

using studywiki::markdown::Document;

namespace {
std::string html(const char* md) { return Document::parse(md).html(); }
}  // namespace

TEST_CASE("folded and open callouts use details; aliases fold to the styled type") {
  CHECK(html("> [!tip]+\n> body\n").find("<details class=\"callout\" data-callout=\"tip\" open>\n<summary "
                                           "class=\"callout-title\">Tip</summary>") == 0);
}

TEST_CASE("a callout's later paragraphs and nested blocks stay inside it") {
  std::string out = html("> [!warning] 注意\n>\n> - a\n> - b\n>\n> > quote\n");
  CHECK(out.find("<div class=\"callout-content\">\n<ul>") != std::string::npos);
  CHECK(out.find("<blockquote>\n<p>quote</p>\n</blockquote>\n</div>\n</div>") != std::string::npos);
}

TEST_CASE("ordinary quotes and look-alikes stay quotes") {
  CHECK(html("> [!not a type] x\n").find("<blockquote>") == 0);
  CHECK(html("> text [!note] later\n").find("<blockquote>") == 0);
  CHECK(html("`> [!note] x`\n").find("<code>") != std::string::npos);
}

TEST_CASE("the title is escaped") {
  // Raw HTML in it is sanitized like anywhere else (raw_html: sanitize, the default).
  CHECK(html("> [!note] <b>x</b> & y\n").find("<div class=\"callout-title\"><b>x</b> &amp; y</div>") !=
        std::string::npos);
  CHECK(html("> [!note] <b>x & y\n> body\n").find("<div class=\"callout-title\"><b>x &amp; y</b></div>") !=
        std::string::npos);
}
