#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LineBreaks;
using studywiki::markdown::Options;
using studywiki::markdown::RawHtml;

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
  CHECK(Document::parse("<tr><td>{$id}</td><td>{$name}</td></tr>\n", Options{LineBreaks::Hard, RawHtml::Escape}).html() ==
        "<p>&lt;tr&gt;&lt;td&gt;{$id}&lt;/td&gt;&lt;td&gt;{$name}&lt;/td&gt;&lt;/tr&gt;</p>\n");
}
