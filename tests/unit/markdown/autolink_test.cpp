#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;

TEST_CASE("autolink: bare URLs are not reported as written links") {
  Document d = Document::parse("教程https://a.com/x。 and http://b.com\n");
  CHECK(d.links().empty());
}
