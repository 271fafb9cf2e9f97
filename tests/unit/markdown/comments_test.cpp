// Obsidian comments `%%…%%` are dropped from the output.
#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;

TEST_CASE("comments: blocks over several lines") {
  Document d = Document::parse("%%\n# Hidden\n%%\n## Shown\n");
  REQUIRE(d.headings().size() == 1);
  CHECK(d.headings()[0].text == "Shown");
  CHECK(d.headings()[0].line == 4);
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
