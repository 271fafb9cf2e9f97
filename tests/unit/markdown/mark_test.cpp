#include <doctest/doctest.h>

#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;

TEST_CASE("mark: plain text drops the markers") {
  CHECK(Document::parse("==网络==\n").plain_text() == "网络");
}
