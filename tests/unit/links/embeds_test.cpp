// Embeds expanded after every body is rendered: nesting, depth, size, cycles.
#include "links/embeds.h"

#include <doctest/doctest.h>

#include "../test_site.h"

#include <string>

using namespace studywiki;

namespace {

/// A note whose body is `text` followed by one marker per embedded note.
void add(Site& site, const std::string& name, const std::string& text, std::vector<int> embeds) {
  const NoteId id = test::add_note(site, name + ".md", name, name + ".html");
  Body& body = site.bodies[id];
  body.html.append("<p>").append(text).append("</p>\n");
  for (int e : embeds) {
    body.html.append("<!--sw-embed:").append(std::to_string(body.embeds.size())).append("-->\n");
    body.embeds.push_back({NoteId(static_cast<size_t>(e)), "", std::to_string(e).append(".html"),
                           std::string("N").append(std::to_string(e)), 3, 1});
  }
}

void expand(Site& site, Diagnostics& d, const UiStrings& strings = UiStrings::builtin_english()) {
  expand_embeds(site.notes, site.places, site.bodies, d, strings);
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("embeds nest; the depth limit counts from each page, whatever was expanded first") {
  Site site;
  add(site, "A", "host", {1});  // A embeds Z0, Z0 embeds Z1, … Z11 embeds Z12
  for (int i = 0; i <= 12; ++i) {
    const std::string k = std::to_string(i);
    add(site, std::string("Z").append(k), std::string("z").append(k).append("-text"),
        i < 12 ? std::vector<int>{i + 2} : std::vector<int>{});
  }
  Diagnostics d;
  expand(site, d);
  CHECK(d.sorted().empty());
  const std::string& a = site.bodies[NoteId(0)].html;
  CHECK(a.find("z7-text") != std::string::npos);   // 8 levels below A
  CHECK(a.find("z8-text") == std::string::npos);
  CHECK(count(a, "class=\"embed embed-error\"") == 1);
  CHECK(a.find("<p class=\"embed-note\">Nested too deep: not expanded</p>") != std::string::npos);  // the theme's English
  // Z5's own page goes its full 7 levels down, though A reached Z5 deep first.
  const std::string& z5 = site.bodies[NoteId(6)].html;
  CHECK(z5.find("z12-text") != std::string::npos);
  CHECK(z5.find("embed-error") == std::string::npos);
}

TEST_CASE("an embed cycle is one error at the embed that closes it; pages show a box") {
  Site site;
  add(site, "A", "a-text", {1});
  add(site, "B", "b-text", {0});
  add(site, "S", "s-text", {2});  // embeds itself
  Diagnostics d;
  expand(site, d);
  std::vector<std::string> lines;
  for (const auto& x : d.sorted()) lines.push_back(x.to_string());
  CHECK(lines == std::vector<std::string>{
                     "content/B.md:3:1: error: embed cycle: content/A.md \xE2\x86\x92 content/B.md \xE2\x86\x92 content/A.md; not embedded",
                     "content/S.md:3:1: error: embed cycle: content/S.md \xE2\x86\x92 content/S.md; not embedded"});
  CHECK(site.bodies[NoteId(0)].html.find("b-text") != std::string::npos);
  CHECK(count(site.bodies[NoteId(0)].html, "embed-error") == 1);
  CHECK(count(site.bodies[NoteId(2)].html, "embed-error") == 1);
}

TEST_CASE("fan-out embeds stop at the page's size limit instead of growing without bound") {
  Site site;
  const std::string big(40000, 'x');
  add(site, "Top", "top", std::vector<int>(50, 1));
  add(site, "Mid", "mid", std::vector<int>(50, 2));
  add(site, "Leaf", big, {});
  Diagnostics d;
  const UiStrings zh = UiStrings::load({}, "templates", "zh-CN", d);
  expand(site, d, zh);
  const std::string& top = site.bodies[NoteId(0)].html;
  CHECK(top.size() < 9u * 1024 * 1024);
  CHECK(top.find("\xE5\x86\x85\xE5\xAE\xB9\xE8\xBF\x87\xE9\x95\xBF") != std::string::npos);  // 内容过长, from strings/zh-CN.yml
  CHECK(d.sorted().empty());
}

TEST_CASE("embedded HTML: ids dropped, links rebased, entities kept right") {
  Site site;
  add(site, "host", "h", {1});
  site.places.notes[NoteId(0)].out = "a/b/host.html";
  add(site, "inner", "", {});
  site.places.notes[NoteId(1)].out = "db/inner.html";
  site.bodies[NoteId(1)].html =
      "<h2 id=\"x\"><a class=\"anchor\" href=\"#x\">#</a>X</h2>\n<p><a href=\"redis.html?a=1&amp;b=2\">r</a> "
      "<img src=\"imgs/a&amp;b.png\" alt=\"\"></p>\n";
  Diagnostics d;
  expand(site, d);
  const std::string& h = site.bodies[NoteId(0)].html;
  CHECK(h.find("<h2><a class=\"anchor\" href=\"../../db/inner.html#x\">#</a>X</h2>") != std::string::npos);
  CHECK(h.find("href=\"../../db/redis.html?a=1&amp;b=2\"") != std::string::npos);
  CHECK(h.find("src=\"../../db/imgs/a%26b.png\"") != std::string::npos);
}

TEST_CASE("an embedded block is that block alone, its id dropped, its links rebased") {
  Site site;
  const NoteId source = test::add_note(site, "db/Source.md", "Source", "db/source.html",
      "Intro.\n\n- one\n- two [link](x.html) ^item\n\n> quoted ^q\n\n| a |\n|---|\n| 1 |\n\n^t\n");
  site.bodies[source].html = site.notes[source].doc->html();
  // The bodies stage takes the blocks other notes embed before the parsed document goes.
  for (const char* id : {"^item", "^q", "^t"})
    site.bodies[source].fragments[id] = site.notes[source].doc->block_html(std::string(id).substr(1));
  site.notes[source].doc.reset();
  add(site, "Host", "host", {});
  Body& host = site.bodies[NoteId(1)];
  for (const char* id : {"^item", "^q", "^t"}) {
    host.html.append("<!--sw-embed:").append(std::to_string(host.embeds.size())).append("-->\n");
    host.embeds.push_back({source, id, "db/source.html#x", "Source", 3, 1});
  }
  Diagnostics d;
  expand(site, d);
  CHECK(d.sorted().empty());
  const std::string& html = site.bodies[NoteId(1)].html;
  CHECK(html.find("<div class=\"embed-body\">\n<ul>\n<li>two <a href=\"db/x.html\">link</a></li>\n</ul>\n</div></div>") !=
        std::string::npos);
  CHECK(html.find("<div class=\"embed-body\">\n<blockquote>\n<p>quoted</p>\n</blockquote>\n</div></div>") !=
        std::string::npos);
  CHECK(html.find("<div class=\"embed-body\">\n<table>\n<thead>") != std::string::npos);
  CHECK(html.find("Intro") == std::string::npos);
  CHECK(html.find("one") == std::string::npos);
  CHECK(html.find("^") == std::string::npos);
  CHECK(html.find(" id=") == std::string::npos);
}
