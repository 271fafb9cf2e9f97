// Obsidian wikilinks and embeds: syntax, positions, HTML, plain text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::WikiLink;
using studywiki::markdown::WikiResolution;
using Kind = studywiki::markdown::WikiResolution::Kind;

namespace {

std::string describe(const WikiLink& w) {
  std::string s = w.raw + " t=" + w.target + " h=" + w.heading + " l=" + w.label;
  if (w.embed) s += " embed";
  if (!w.size.empty()) s += " size=" + w.size;
  return s + " @" + std::to_string(w.line) + ":" + std::to_string(w.col);
}

std::vector<std::string> found(std::string_view md) {
  std::vector<std::string> out;
  for (const WikiLink& w : Document::parse(md).wikilinks()) out.push_back(describe(w));
  return out;
}

// Resolves "Missing…" as broken, "*.png" as images, the rest as pages
// titled "Title of <target>" (no title for [[#H]]).
WikiResolution fake(const WikiLink& w) {
  WikiResolution r;
  if (w.target.rfind("Missing", 0) == 0) return r;
  const bool image = w.target.size() > 4 && w.target.substr(w.target.size() - 4) == ".png";
  r.kind = image && w.embed ? Kind::Image : Kind::Page;
  r.href = (w.target.empty() ? "" : "p/" + w.target + ".html") + (w.heading.empty() ? "" : "#" + w.heading);
  if (image) r.href = "img/" + w.target;
  if (!w.target.empty() && !image) r.title = "Title of " + w.target;
  return r;
}

std::string resolved(std::string_view md) {
  Document d = Document::parse(md);
  d.resolve_wikilinks(fake);
  return d.html();
}

std::string para(const std::string& inner) { return "<p>" + inner + "</p>\n"; }

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("wikilinks: every form is parsed") {
  CHECK(found("[[Title]] [[Title|text]] [[Title#Heading]] [[Title#Heading|text]]\n") ==
        V{"[[Title]] t=Title h= l= @1:1", "[[Title|text]] t=Title h= l=text @1:11",
          "[[Title#Heading]] t=Title h=Heading l= @1:26", "[[Title#Heading|text]] t=Title h=Heading l=text @1:44"});
  CHECK(found("[[#Heading]] [[folder/file]] [[file.md]] [[网络/]]\n") ==
        V{"[[#Heading]] t= h=Heading l= @1:1", "[[folder/file]] t=folder/file h= l= @1:14",
          "[[file.md]] t=file.md h= l= @1:30", "[[网络/]] t=网络/ h= l= @1:42"});
  CHECK(found("![[image.png]] ![[image.png|300]] ![[image.png|300x200]] ![[Note]] ![[a.png|说明]]\n") ==
        V{"![[image.png]] t=image.png h= l= embed @1:1", "![[image.png|300]] t=image.png h= l= embed size=300 @1:16",
          "![[image.png|300x200]] t=image.png h= l= embed size=300x200 @1:35",
          "![[Note]] t=Note h= l= embed @1:58", "![[a.png|说明]] t=a.png h= l=说明 embed @1:68"});
  // Spaces around the parts are trimmed; the raw text is kept as written.
  CHECK(found("[[ Redis 持久化 # AOF | 持久化 ]]\n") ==
        V{"[[ Redis 持久化 # AOF | 持久化 ]] t=Redis 持久化 h=AOF l=持久化 @1:1"});
}

TEST_CASE("wikilinks: CJK and full-width targets are passed through as written") {
  CHECK(found("见[[Redis 持久化#AOF|持久化]]和[[ＩＤ]]。\n") ==
        V{"[[Redis 持久化#AOF|持久化]] t=Redis 持久化 h=AOF l=持久化 @1:2", "[[ＩＤ]] t=ＩＤ h= l= @1:24"});
}

TEST_CASE("wikilinks: positions on continuation lines, in lists and quotes") {
  CHECK(found("a\n  中文[[N]]\n") == V{"[[N]] t=N h= l= @2:5"});
  CHECK(found("- item [[L1]]\n  cont [[L2]]\n") == V{"[[L1]] t=L1 h= l= @1:8", "[[L2]] t=L2 h= l= @2:8"});
  CHECK(found("> quote\n>   [[Q|lab]] x ![[i.png]]\n") ==
        V{"[[Q|lab]] t=Q h= l=lab @2:5", "![[i.png]] t=i.png h= l= embed @2:17"});
  CHECK(found("# 标题 [[H]]\n") == V{"[[H]] t=H h= l= @1:6"});
  // After a backslash escape and an entity on the same line.
  CHECK(found("\\* &amp; [[x]]\n") == V{"[[x]] t=x h= l= @1:10"});
}

TEST_CASE("wikilinks: emphasis-like characters in the target") {
  CHECK(found("[[unique_ptr_面试]] [[a*b*c]] [[a**b**c]] [[a_b_]] [[x~~y~~z]]\n") ==
        V{"[[unique_ptr_面试]] t=unique_ptr_面试 h= l= @1:1", "[[a*b*c]] t=a*b*c h= l= @1:19",
          "[[a**b**c]] t=a**b**c h= l= @1:29", "[[a_b_]] t=a_b_ h= l= @1:41", "[[x~~y~~z]] t=x~~y~~z h= l= @1:50"});
  CHECK(Document::parse("[[a*b*c]] and *em*\n").html() ==
        para("<span class=\"broken-link\" title=\"Broken link\">a*b*c</span> and <em>em</em>"));
}

TEST_CASE("wikilinks: not inside code, math, links or autolinks") {
  CHECK(found("`[[code]]` $[[m]]$ [see [[x]]](u.md) <http://a.com/[[x]]>\n").empty());
  CHECK(found("```\n[[code]]\n```\n\n    [[indented]]\n\n$$\n[[math]]\n$$\n").empty());
  CHECK(Document::parse("`[[code]]` [see [[x]]](u.md)\n").html() ==
        para("<code>[[code]]</code> <a href=\"u.md\">see [[x]]</a>"));
}

TEST_CASE("wikilinks: unclosed, empty and escaped stay literal") {
  CHECK(found("unclosed [[abc and [[x] y ]] [[]] [[ ]] [[a\n b]] \\[[e]]\n").empty());
  CHECK(Document::parse("unclosed [[abc\n").html() == para("unclosed [[abc"));
  CHECK(Document::parse("\\[[e]] [[]]\n").html() == para("[[e]] [[]]"));
  // Nested opener: the inner one is the link.
  CHECK(found("[[a [[b]]\n") == V{"[[b]] t=b h= l= @1:5"});
  // An escaped `!` is no embed.
  CHECK(found("\\![[q]]\n") == V{"[[q]] t=q h= l= @1:3"});
}

TEST_CASE("wikilinks: tables, with the pipe escaped") {
  const std::string md = "| a | b |\n|---|---|\n| [[Note\\|text]] | ![[p.png\\|300]] |\n";
  CHECK(found(md) == V{"[[Note\\|text]] t=Note h= l=text @3:3", "![[p.png\\|300]] t=p.png h= l= embed size=300 @3:20"});
  CHECK(resolved(md) ==
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td><a class=\"internal\" href=\"p/Note.html\">text</a></td>\n"
        "<td><img src=\"img/p.png\" alt=\"p.png\" width=\"300\"></td>\n</tr>\n</tbody>\n</table>\n");
}

TEST_CASE("wikilinks: text, href and title are HTML-escaped") {
  Document d = Document::parse("[[T]]\n");
  d.resolve_wikilinks([](const WikiLink&) {
    return WikiResolution{Kind::Page, "x.html?a=1&b=\"2\"", "<Title>", ""};
  });
  CHECK(d.html() == para("<a class=\"internal\" href=\"x.html?a=1&amp;b=&quot;2&quot;\">&lt;Title&gt;</a>"));
}

TEST_CASE("wikilinks: before resolution, and a title-less resolution") {
  CHECK(Document::parse("[[Note#H]] [[x|y]]\n").html() ==
        para("<span class=\"broken-link\" title=\"Broken link\">Note \xE2\x80\xBA H</span> "
             "<span class=\"broken-link\" title=\"Broken link\">y</span>"));
  Document d = Document::parse("[[Note]] [[Note#H]]\n");
  d.resolve_wikilinks([](const WikiLink&) { return WikiResolution{Kind::Page, "n.html", "", ""}; });
  CHECK(d.html() == para("<a class=\"internal\" href=\"n.html\">Note</a> "
                         "<a class=\"internal\" href=\"n.html\">Note \xE2\x80\xBA H</a>"));
}

TEST_CASE("wikilinks: plain text and summary show the visible text") {
  Document d = Document::parse("见[[Redis 持久化#AOF]]和[[B|别名]]、![[p.png]]。\n");
  CHECK(d.plain_text() == "见Redis 持久化 \xE2\x80\xBA AOF和别名、p.png。");
  d.resolve_wikilinks(fake);
  CHECK(d.plain_text() == "见Title of Redis 持久化 \xE2\x80\xBA AOF和别名、p.png。");
  CHECK(d.summary(100) == "见Title of Redis 持久化 \xE2\x80\xBA AOF和别名、p.png。");
  CHECK(Document::parse("# 关于 [[Redis]]\n").headings()[0].text == "关于 Redis");
}

TEST_CASE("wikilinks: not in links(); document order; resolver sees each once") {
  Document d = Document::parse("[a](b.md) [[X]]\n\n- [[Y]]\n\n> ![[Z.png]]\n");
  REQUIRE(d.links().size() == 1);
  CHECK(d.links()[0].url == "b.md");
  std::vector<std::string> seen;
  d.resolve_wikilinks([&](const WikiLink& w) {
    seen.push_back(w.target);
    return WikiResolution{};
  });
  CHECK(seen == V{"X", "Y", "Z.png"});
}

TEST_CASE("wikilinks: after a glued URL, with marks and math around") {
  CHECK(found("见https://a.com/x。[[Note|笔记]]\n") == V{"[[Note|笔记]] t=Note h= l=笔记 @1:18"});
}

TEST_CASE("wikilinks: a code span in the label or the heading is code inside one link") {
  CHECK(found("见 [[Functions#hasTag|`hasTag`]] 和 [[#`move`|move]]\n") ==
        V{"[[Functions#hasTag|`hasTag`]] t=Functions h=hasTag l=`hasTag` @1:3",
          "[[#`move`|move]] t= h=`move` l=move @1:35"});
  Document d = Document::parse("调用 [[Functions#hasTag|`hasTag` 函数]]。\n");
  d.resolve_wikilinks(fake);
  CHECK(d.plain_text() == "调用 hasTag 函数。");
  // Not in the target, and an unclosed span is text.
  CHECK(found("[[a `b` c]]\n").empty());
}

TEST_CASE("wikilinks: heading chains and block references read as Obsidian shows them") {
  CHECK(found("[[Note#A#B]] ![[Note#^quote-1]] [[#^x]]\n") ==
        V{"[[Note#A#B]] t=Note h=A#B l= @1:1", "![[Note#^quote-1]] t=Note h=^quote-1 l= embed @1:14",
          "[[#^x]] t= h=^x l= @1:33"});
  // A block id is not shown after the note's name (a link within the note has only it).
  CHECK(Document::parse("[[Note#A#B]] [[#A # B]] [[Note#^id]] [[#^id]]\n").html() ==
        para("<span class=\"broken-link\" title=\"Broken link\">Note \xE2\x80\xBA A \xE2\x80\xBA B</span> "
             "<span class=\"broken-link\" title=\"Broken link\">A \xE2\x80\xBA B</span> "
             "<span class=\"broken-link\" title=\"Broken link\">Note</span> "
             "<span class=\"broken-link\" title=\"Broken link\">^id</span>"));
}
