#include "content/discovery.h"

#include <doctest/doctest.h>

using studywiki::glob_matches;
using studywiki::is_note_file;

TEST_CASE("ignore globs") {
  CHECK(glob_matches("templates", "templates/daily.md"));       // a folder name anywhere
  CHECK(glob_matches("templates", "a/templates/x.md"));
  CHECK_FALSE(glob_matches("templates", "my-templates/x.md"));
  CHECK(glob_matches("private/**", "private/a/b.md"));
  CHECK(glob_matches("*.tmp.md", "a/b/c.tmp.md"));
  CHECK(glob_matches("db/*.md", "db/x.md"));
  CHECK_FALSE(glob_matches("db/*.md", "db/sub/x.md"));
  CHECK(glob_matches("**/draft-*", "x/y/draft-1.md"));
  CHECK(glob_matches("/inbox", "inbox/a.md"));
  CHECK_FALSE(glob_matches("inbox/a.md", "inbox/ab.md"));
}

TEST_CASE("note files") {
  CHECK(is_note_file("a.md"));
  CHECK(is_note_file("A.MD"));
  CHECK(is_note_file("x.markdown"));
  CHECK_FALSE(is_note_file(".md"));
  CHECK_FALSE(is_note_file("a.png"));
}
