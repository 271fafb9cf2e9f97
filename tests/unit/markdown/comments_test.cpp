// Obsidian comments `%%…%%` are dropped from the output.
#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;

namespace {
std::string render(std::string_view md) { return Document::parse(md).html(); }
}  // namespace

TEST_CASE("comments: inline") {
  CHECK(render("a %%hidden%% b\n") == "<p>a  b</p>\n");
  CHECK(render("a%%x%%b%%y%%c\n") == "<p>abc</p>\n");
  CHECK(render("中文%%注释 **粗** `code` [l](u)%%继续\n") == "<p>中文继续</p>\n");
  // Across a line break inside the paragraph.
  CHECK(render("a %%multi\nline%% end\n") == "<p>a  end</p>\n");
  // A paragraph that was only a comment disappears.
  CHECK(render("%%only%%\n\nnext\n") == "<p>next</p>\n");
}

TEST_CASE("comments: blocks over several lines") {
  CHECK(render("before\n\n%%\n# not a heading\n- nor a list\n%%\nafter\n") == "<p>before</p>\n<p>after</p>\n");
  CHECK(render("%% starts here\nand ends %% visible\n") == "<p>visible</p>\n");
  CHECK(render("> %%\n> hidden\n> %%\n> kept\n") == "<blockquote>\n<p>kept</p>\n</blockquote>\n");
  Document d = Document::parse("%%\n# Hidden\n%%\n## Shown\n");
  REQUIRE(d.headings().size() == 1);
  CHECK(d.headings()[0].text == "Shown");
  CHECK(d.headings()[0].line == 4);
}

TEST_CASE("comments: not in code; unclosed stays") {
  CHECK(render("`%%code%%`\n") == "<p><code>%%code%%</code></p>\n");
  CHECK(render("```\n%%\nkept\n%%\n```\n") == "<pre><code>%%\nkept\n%%\n</code></pre>\n");
  CHECK(render("100%% sure\n") == "<p>100%% sure</p>\n");
  CHECK(render("%%\nno end\n") == "<p>%%<br />\nno end</p>\n");
}

TEST_CASE("comments: wikilinks and links inside are gone; positions after are kept") {
  Document d = Document::parse("%%[[Hidden]]%% [[Shown]]\n%%\n[[Gone]] [x](gone.md)\n%%\n[y](kept.md)\n");
  REQUIRE(d.wikilinks().size() == 1);
  CHECK(d.wikilinks()[0].target == "Shown");
  CHECK(d.wikilinks()[0].col == 16);
  REQUIRE(d.links().size() == 1);
  CHECK(d.links()[0].url == "kept.md");
  CHECK(d.links()[0].line == 5);
}
