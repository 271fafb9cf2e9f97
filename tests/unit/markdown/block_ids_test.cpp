// Obsidian block ids: hidden, turned into the block's id, rendered alone.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "markdown/document.h"

using studywiki::markdown::Document;

namespace {

std::vector<std::string> ids(const Document& d) {
  std::vector<std::string> out;
  for (const auto& b : d.block_ids()) out.push_back(b.id + "@" + std::to_string(b.line));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("block ids: a paragraph's trailing ^id becomes its id") {
  Document d = Document::parse("First paragraph. ^intro\n\nSecond.\n");
  CHECK(d.html() == "<p id=\"intro\">First paragraph.</p>\n<p>Second.</p>\n");
  CHECK(ids(d) == V{"intro@1"});
  // On the paragraph's last line, after a line break; CJK text before it.
  Document cjk = Document::parse("第一行\n第二行 ^zh-2\n");
  CHECK(cjk.html() == "<p id=\"zh-2\">第一行<br />\n第二行</p>\n");
  Document own = Document::parse("第一行\n^own-line\n");
  CHECK(own.html() == "<p id=\"own-line\">第一行</p>\n");
  CHECK(ids(own) == V{"own-line@2"});
}

TEST_CASE("block ids: list items, quotes, callouts") {
  Document list = Document::parse("- one\n- two ^item-2\n  - nested ^deep\n- three\n");
  CHECK(list.html() ==
        "<ul>\n<li>one</li>\n<li id=\"item-2\">two\n<ul>\n<li id=\"deep\">nested</li>\n</ul>\n</li>\n<li>three</li>\n</ul>\n");
  CHECK(list.block_html("item-2") ==
        "<ul>\n<li id=\"item-2\">two\n<ul>\n<li id=\"deep\">nested</li>\n</ul>\n</li>\n</ul>\n");
  Document ordered = Document::parse("3. a\n4. b ^b\n");
  CHECK(ordered.block_html("b") == "<ol start=\"4\">\n<li id=\"b\">b</li>\n</ol>\n");
  Document quote = Document::parse("> Quoted line\n> and more ^q\n");
  CHECK(quote.html() == "<blockquote id=\"q\">\n<p>Quoted line<br />\nand more</p>\n</blockquote>\n");
  Document callout = Document::parse("> [!tip] Title\n> Body text ^tip-1\n");
  CHECK(callout.html().find("<div id=\"tip-1\" class=\"callout\" data-callout=\"tip\">") != std::string::npos);
  CHECK(callout.html().find("^tip-1") == std::string::npos);
}

TEST_CASE("block ids: on a line of their own after a table, a list, a quote, code") {
  Document table = Document::parse("| a | b |\n|---|---|\n| 1 | 2 |\n\n^table-1\n\nAfter.\n");
  CHECK(table.html() ==
        "<table id=\"table-1\">\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n<p>After.</p>\n");
  CHECK(table.block_html("table-1").rfind("<table id=\"table-1\">", 0) == 0);
  CHECK(ids(table) == V{"table-1@5"});
  Document list = Document::parse("- a\n- b\n\n^whole-list\n");
  CHECK(list.html() == "<ul id=\"whole-list\">\n<li>a</li>\n<li>b</li>\n</ul>\n");
  Document list2 = Document::parse("1. a\n2. b\n\n^whole-list\n");
  CHECK(list2.html() == "<ol id=\"whole-list\">\n<li>a</li>\n<li>b</li>\n</ol>\n");
  Document code = Document::parse("```js\nx\n```\n\n^code\n");
  CHECK(code.html() == "<pre id=\"code\"><code class=\"language-js\">x\n</code></pre>\n");
  Document para = Document::parse("Text.\n\n^after-para\n");
  CHECK(para.html() == "<p id=\"after-para\">Text.</p>\n");
}

TEST_CASE("block ids: what is not one stays text") {
  for (const char* md : {"a^b\n", "x ^\n", "x ^a_b\n", "\\^esc\n", "x \\^esc\n", "`x ^code`\n", "# Heading ^h\n",
                         "^first-line-alone\n", "[link ^x](u)\n", "**b**^x\n"}) {
    Document d = Document::parse(md);
    INFO(std::string(md));
    CHECK(d.block_ids().empty());
    CHECK(d.html().find('^') != std::string::npos);
    CHECK(d.html().find("<p id=") == std::string::npos);
  }
}

TEST_CASE("block ids do not leak into plain text, summaries, sections or titles") {
  Document d = Document::parse("# T\n\nSummary sentence. ^sum\n\n## S\n\nSection text ^sec\n");
  CHECK(d.plain_text().find('^') == std::string::npos);
  CHECK(d.summary(100) == "Summary sentence.");
  CHECK(d.section_summaries(100) == V{"Summary sentence.", "Section text"});
  CHECK(d.section_html("s") == "<h2 id=\"s\"><a class=\"anchor\" href=\"#s\" aria-hidden=\"true\" tabindex=\"-1\">#</a>S</h2>\n"
                               "<p id=\"sec\">Section text</p>\n");
  CHECK(d.prose_text().text.find("sec") == std::string::npos);
  CHECK(Document::parse("Only line ^x\n").first_text_line() == "Only line");
}

TEST_CASE("block ids: the first of a repeated id keeps it; block_html of a missing id is empty") {
  Document d = Document::parse("a ^dup\n\nb ^dup\n");
  CHECK(d.html() == "<p id=\"dup\">a</p>\n<p>b</p>\n");
  CHECK(ids(d) == V{"dup@1"});
  CHECK(d.block_html("dup") == "<p id=\"dup\">a</p>\n");
  CHECK(d.block_html("nope") == "");
  // A second id for one block is none: it stays text.
  Document two = Document::parse("text ^one\n\n^two\n");
  CHECK(two.html() == "<p id=\"one\">text</p>\n<p>^two</p>\n");
  CHECK(ids(two) == V{"one@1"});
}
