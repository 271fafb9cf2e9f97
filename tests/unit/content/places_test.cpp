#include "content/places.h"

#include <doctest/doctest.h>

using studywiki::is_page_data_path;

TEST_CASE("page data paths no note or file may take") {
  CHECK(is_page_data_path("previews/0.js"));
  CHECK(is_page_data_path("graphs/511.js"));
  CHECK(is_page_data_path("nav/2166136261.js"));  // the explorer's notes: nav/SHARD.js, SHARD a decimal hash
  CHECK_FALSE(is_page_data_path("nav/index.html"));
  CHECK_FALSE(is_page_data_path("nav/notes.js"));
  CHECK_FALSE(is_page_data_path("nav/.js"));
  CHECK_FALSE(is_page_data_path("assets/nav.js"));  // reserved as assets/, not here
  CHECK_FALSE(is_page_data_path("docs/nav/1.js"));
}
