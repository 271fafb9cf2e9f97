// "Did you mean" for mistyped commands and options (main.cpp).
#include "core/closest.h"

#include <doctest/doctest.h>

using namespace studywiki;

TEST_CASE("typo_distance: a swap of neighbours is one edit") {
  CHECK(typo_distance("build", "build") == 0);
  CHECK(typo_distance("biuld", "build") == 1);
  CHECK(typo_distance("--sorce", "--source") == 1);
  CHECK(typo_distance("bild", "build") == 1);
  CHECK(typo_distance("", "new") == 3);
  CHECK(typo_distance("serve", "check") == 5);
}

TEST_CASE("closest_word: the nearest candidate, or nothing when none is near") {
  const std::vector<std::string> commands = {"build", "check", "serve", "new", "help"};
  CHECK(closest_word("biuld", commands) == "build");
  CHECK(closest_word("chekc", commands) == "check");
  CHECK(closest_word("serv", commands) == "serve");
  CHECK(closest_word("frobnicate", commands) == "");
  CHECK(closest_word("x", commands) == "");   // one letter is no word to correct
  CHECK(closest_word("ne", commands) == "new");
  CHECK(closest_word("ab", commands) == "");  // 2 edits of 2 letters: a guess, not a correction
  const std::vector<std::string> options = {"--site", "--source", "--out", "--base-url", "--jobs"};
  CHECK(closest_word("--sorce", options) == "--source");
  CHECK(closest_word("--baseurl", options) == "--base-url");
  CHECK(closest_word("--job", options) == "--jobs");
  CHECK(closest_word("--verbose", options) == "");
}
