#include "render/pages.h"

#include <doctest/doctest.h>

using studywiki::first_image;

TEST_CASE("og:image: the note's first image, absolute under base_url") {
  const std::string html = "<p>text <code>&lt;img src=\"no.png\"&gt;</code></p>\n"
                           "<p><span class=\"broken-image\">x</span><img src=\"../imgs/a%20b.png\" alt=\"a\" /></p>\n"
                           "<p><img src=\"second.png\" alt=\"\" /></p>\n";
  CHECK(first_image(html, "db/note.html", "") == "../imgs/a%20b.png");
  CHECK(first_image(html, "db/note.html", "https://me.github.io/wiki/") == "https://me.github.io/wiki/imgs/a%20b.png");
  CHECK(first_image("<img alt=\"x\" src=\"https://e.org/p.png?a=1&amp;b=2\">", "a.html", "https://w.org/") ==
        "https://e.org/p.png?a=1&b=2");
  // data: URLs and pages without an image give none
  CHECK(first_image("<img src=\"data:image/png;base64,AAAA\"><img src=\"p.png\">", "a.html", "") == "p.png");
  CHECK(first_image("<p>none</p><iframe src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>", "a.html", "") == "");
  CHECK(first_image("<img src=\"", "a.html", "") == "");
}
