// RawHtml::Sanitize (the default): what Typora writes renders, what can run
// script does not. Each case is the exact HTML out.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "markdown/document.h"
#include "markdown/internal.h"
#include "markdown/media.h"
#include "markdown/raw_html.h"

using studywiki::markdown::Document;
using studywiki::markdown::LinkTarget;
using studywiki::markdown::Options;
using studywiki::markdown::RawHtml;
using studywiki::markdown::detail::sanitize_html;

namespace {
std::string render(std::string_view md) { return Document::parse(md).html(); }
}  // namespace

TEST_CASE("raw html: sanitize is the default") {
  CHECK(Options{}.raw_html == RawHtml::Sanitize);
}

// ---------------------------------------------------------------- allowed

TEST_CASE("raw html: what is left open is closed before a heading") {
  const Document d = Document::parse("<details>\n\n# A\n\ntext\n\n# B\n");
  CHECK(d.section_html("a") ==
        "<h1 id=\"a\"><a class=\"anchor\" href=\"#a\" aria-hidden=\"true\" tabindex=\"-1\">#</a>A</h1>\n<p>text</p>\n");
}

TEST_CASE("raw html: video players from YouTube and Bilibili") {
  const std::string attrs =
      "\" loading=\"lazy\" allow=\"encrypted-media; fullscreen; picture-in-picture\" allowfullscreen"
      " referrerpolicy=\"strict-origin-when-cross-origin\""
      " sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\"></iframe>";
  CHECK(render("<iframe width=\"560\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ?start=30&autoplay=1\" "
               "onload=\"x()\"></iframe>\n") ==
        "<iframe class=\"video-embed\" src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30\" title=\"Video" +
            attrs + "\n");
  CHECK(render("<iframe src=\"//player.bilibili.com/player.html?aid=1&bvid=BV1Kb411W75N&cid=2&page=1\" "
               "scrolling=\"no\" allowfullscreen=\"true\"> </iframe>\n") ==
        "<iframe class=\"video-embed\" src=\"https://player.bilibili.com/player.html?bvid=BV1Kb411W75N&amp;cid=2&amp;page=1&amp;autoplay=0\" title=\"Video" +
            attrs + "\n");
}

// ---------------------------------------------------------------- dropped

TEST_CASE("raw html: stray end tags are dropped, nothing closes the page's own elements") {
  CHECK(sanitize_html("</div></span><p>x</p>") == "<p>x</p>");
}

// ---------------------------------------------------------------- URLs

TEST_CASE("raw html: img src and a href are link targets, rewritten like Markdown ones") {
  // A missing one is shown as a missing Markdown image is (the box of broken_image_html).
  Document d = Document::parse("# T\n\n中文 <img src=\"assets/a b.png\" style=\"zoom:50%\"> 和 <a href=\"Other.md\">x</a>\n\n"
                               "<div align=\"center\">\n  <img src=\"missing.png\" alt=\"图\">\n</div>\n");
  const auto links = d.links();
  REQUIRE(links.size() == 3);
  CHECK(links[0].url == "assets/a b.png");
  CHECK(links[0].is_image);
  CHECK(links[0].line == 3);
  CHECK(links[0].col == 4);
  CHECK(links[1].url == "Other.md");
  CHECK_FALSE(links[1].is_image);
  CHECK(links[1].line == 3);
  CHECK(links[1].col == 50);
  CHECK(links[2].url == "missing.png");
  CHECK(links[2].line == 6);
  CHECK(links[2].col == 3);
  std::string context;
  d.rewrite_urls([&](const LinkTarget& t) -> std::optional<std::string> {
    if (t.url == "assets/a b.png") return std::string("../assets/a%20b.png");
    if (t.url == "Other.md") {
      context = t.context.before + "[" + t.context.match + "]" + t.context.after;
      return std::string("other.html");
    }
    if (t.url == "missing.png") return std::string();
    return std::nullopt;
  });
  CHECK(d.html() ==
        "<h1 id=\"t\"><a class=\"anchor\" href=\"#t\" aria-hidden=\"true\" tabindex=\"-1\">#</a>T</h1>\n"
        "<p>中文 <img src=\"../assets/a%20b.png\" style=\"width:50%\" /> 和 <a href=\"other.html\">x</a></p>\n"
        "<div class=\"align-center\">\n  " + studywiki::markdown::broken_image_html("图", "missing.png") + "\n</div>\n");
  CHECK(context == "中文 和 [x]");  // the <a>'s text is the match, as for a Markdown link
}

TEST_CASE("raw html: a broken <a> becomes a broken-link span, closed where the </a> was") {
  Document d = Document::parse("see <a href=\"gone.md\">**this**</a> now\n");
  d.rewrite_urls([](const LinkTarget&) -> std::optional<std::string> { return std::string(); });
  CHECK(d.html() == "<p>see <span class=\"broken-link\" title=\"Broken link\"><strong>this</strong></span> now</p>\n");
}

TEST_CASE("raw html: escape and allow stay as options") {
  Options escape;
  escape.raw_html = RawHtml::Escape;
  CHECK(Document::parse("<img src=\"a.png\" style=\"zoom:50%\">\n", escape).html() ==
        "<p>&lt;img src=&quot;a.png&quot; style=&quot;zoom:50%&quot;&gt;</p>\n");
  CHECK(Document::parse("<img src=\"a.png\" style=\"zoom:50%\">\n", escape).links().empty());
  CHECK(render("<kbd>C</kbd>\n") != Document::parse("<kbd>C</kbd>\n", escape).html());
  Options allow;
  allow.raw_html = RawHtml::Allow;
  CHECK(Document::parse("<img src=\"a.png\" style=\"zoom:50%\">\n", allow).html() ==
        "<img src=\"a.png\" style=\"zoom:50%\">\n");
}

TEST_CASE("raw html: output is balanced whatever the input") {
  for (const char* md : {"<div><span><b>x\n", "<table><tr><td>\n\n- a\n", "a <i>b <u>c\n\n<details>\n\n# h\n",
                         "<ul><li><ul><li>x</ul>\n", "<a href=x><a href=y>z\n"}) {
    const std::string html = render(md);
    int depth = 0;
    for (std::size_t i = 0; i < html.size(); ++i) {
      if (html[i] != '<') continue;
      if (html.compare(i, 2, "</") == 0) --depth;
      else if (html.compare(i, 4, "<br ") != 0 && html.compare(i, 4, "<img") != 0 && html.compare(i, 3, "<hr") != 0) ++depth;
      CHECK_MESSAGE(depth >= 0, md);
    }
    CHECK_MESSAGE(depth == 0, md << " -> " << html);
    CHECK_MESSAGE(html.find("&lt;") == std::string::npos, html);  // all of them rendered
  }
}
