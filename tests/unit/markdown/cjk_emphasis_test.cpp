// CJK-friendly emphasis (tats-u/markdown-cjk-friendly): the specification's
// test cases (testcases/*.md and their expected HTML), the cases from our
// notes, and the guarantee that text without CJK characters parses exactly
// as cmark-gfm parses it (the CommonMark spec's emphasis and link examples,
// and random text, with the pass forced to rebuild every container).
#include <doctest/doctest.h>

#include <cmark-gfm-core-extensions.h>

#include <random>
#include <string>
#include <vector>

#include "markdown/cjk_emphasis.h"
#include "markdown/document.h"
#include "markdown/internal.h"
#include "markdown/tree_arena.h"

using studywiki::markdown::Document;
using studywiki::markdown::InlineTag;
namespace detail = studywiki::markdown::detail;

namespace {

std::string html(std::string_view md) { return Document::parse(md).html(); }
std::string p(const std::string& inner) { return "<p>" + inner + "</p>\n"; }

// cmark-gfm as Document::parse runs it (same extensions), without our passes.
cmark_node* parse_raw(const std::string& text) {
  Document::parse("");  // registers the extensions
  detail::reset_math_memo();
  // With the trees' allocator: the pass links in nodes of its own (tree_arena.h).
  cmark_parser* parser = cmark_parser_new_with_mem(CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS, detail::tree_mem());
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) {
    cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
  }
  cmark_parser_attach_syntax_extension(parser, detail::math_inline_extension());
  cmark_parser_feed(parser, text.data(), text.size());
  cmark_node* root = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  return root;
}

std::string render(cmark_node* root) {
  char* out = cmark_render_html_with_mem(root, CMARK_OPT_UNSAFE, nullptr, cmark_get_default_mem_allocator());
  std::string s = out;
  cmark_get_default_mem_allocator()->free(out);
  return s;
}

std::string cmark_html(const std::string& text) {
  cmark_node* root = parse_raw(text);
  std::string s = render(root);
  cmark_node_free(root);
  return s;
}

std::string pass_html(const std::string& text, detail::EmphasisRule rule) {
  cmark_node* root = parse_raw(text);
  cmark_consolidate_text_nodes(root);
  const detail::LineIndex lines(text);
  detail::StartOverrides starts;
  detail::apply_cjk_emphasis(root, lines, starts, rule);
  std::string s = render(root);
  cmark_node_free(root);
  return s;
}

// Each must parse as cmark parses it: rebuilt with CommonMark's rule, and
// (having no CJK character) under the CJK-friendly rule.
void check_like_cmark(const std::string& md) {
  const std::string want = cmark_html(md);
  CHECK_MESSAGE(pass_html(md, detail::EmphasisRule::CommonMark) == want, md);
  CHECK_MESSAGE(pass_html(md, detail::EmphasisRule::CjkFriendly) == want, md);
}

}  // namespace

TEST_CASE("cjk emphasis: specification testcases/korean.md, pseudo-emoji.md, README") {
  // CJK symbols that are also (text-presentation) emoji.
  for (const char* c : {"〰", "〽", "🈂", "🈷", "㊗", "㊙"}) {
    CHECK_MESSAGE(html(std::string("a**") + c + "**a\n") == p(std::string("a<strong>") + c + "</strong>a"), c);
  }
}

TEST_CASE("cjk emphasis: what stays text") {
  CHECK(html("a**a∇**a\n") == html("a**a\xE2\x88\x87**a\n"));
}

TEST_CASE("cjk emphasis: nesting with links, emphasis, code and math") {
  CHECK(html("## **标题。**后\n").find("<strong>标题。</strong>后</h2>") != std::string::npos);
  CHECK(html("| a |\n|---|\n| **格。**子 |\n").find("<td><strong>格。</strong>子</td>") != std::string::npos);
}

TEST_CASE("cjk emphasis: positions of what follows stay right") {
  const Document d = Document::parse("前**提倡。**组织 #标签\n第二行**（括号）**文字 [[笔记]] #二\n");
  std::vector<std::string> tags;
  for (const InlineTag& t : d.tags()) tags.push_back(t.name + "@" + std::to_string(t.line) + ":" + std::to_string(t.col));
  CHECK(tags == std::vector<std::string>{"标签@1:12", "二@2:22"});
  const auto links = d.wikilinks();
  REQUIRE(links.size() == 1);
  CHECK(links[0].line == 2);
  CHECK(links[0].col == 15);
}

TEST_CASE("cjk emphasis: the CJK character") {
  CHECK(detail::is_cjk_character(U'中'));
  CHECK(detail::is_cjk_character(U'。'));
  CHECK(detail::is_cjk_character(U'（'));
  CHECK(detail::is_cjk_character(U'ｱ'));   // halfwidth
  CHECK(detail::is_cjk_character(U'한'));
  CHECK(detail::is_cjk_character(0x1160));  // Hangul jungseong filler (width N)
  CHECK(detail::is_cjk_character(U'〰'));
  CHECK_FALSE(detail::is_cjk_character(U'a'));
  CHECK_FALSE(detail::is_cjk_character(U'“'));  // ambiguous width
  CHECK_FALSE(detail::is_cjk_character(0x1F600));  // 😀 emoji presentation
  CHECK_FALSE(detail::is_cjk_character(0xE0100));  // an ideographic variation selector itself
}

// The emphasis examples of the CommonMark spec (0.31.2, examples 350-481),
// some link examples, and GFM strikethrough: without CJK characters the
// pass changes nothing, and forced to rebuild with CommonMark's rule it
// rebuilds exactly cmark's tree.
TEST_CASE("cjk emphasis: CommonMark spec examples parse as cmark parses them") {
  const char* const examples[] = {
      "*foo bar*", "a * foo bar*", "a*\"foo\"*", "* a *", "*$*alpha.\n\n*£*bravo.\n\n*€*charlie.", "foo*bar*",
      "5*6*78", "_foo bar_", "_ foo bar_", "a_\"foo\"_", "foo_bar_", "5_6_78", "пристаням_стремятся_",
      "aa_\"bb\"_cc", "foo-_(bar)_", "_foo*", "*foo bar *", "*foo bar\n*", "*(*foo)", "*(*foo*)*", "*foo*bar",
      "_foo bar _", "_(_foo)", "_(_foo_)_", "_foo_bar", "_пристаням_стремятся", "_foo_bar_baz_", "_(bar)_.",
      "**foo bar**", "** foo bar**", "a**\"foo\"**", "foo**bar**", "__foo bar__", "__ foo bar__", "__\nfoo bar__",
      "a__\"foo\"__", "foo__bar__", "5__6__78", "пристаням__стремятся__", "__foo, __bar__, baz__",
      "foo-__(bar)__", "**foo bar **", "**(**foo)", "*(**foo**)*",
      "**Gomphocarpus (*Gomphocarpus physocarpus*, syn.\n*Asclepias physocarpa*)**", "**foo \"*bar*\" foo**",
      "**foo**bar", "__foo bar __", "__(__foo)", "_(__foo__)_", "__foo__bar", "__пристаням__стремятся",
      "__foo__bar__baz__", "__(bar)__.", "*foo [bar](/url)*", "*foo\nbar*", "_foo __bar__ baz_",
      "_foo _bar_ baz_", "__foo_ bar_", "*foo *bar**", "*foo **bar** baz*", "*foo**bar**baz*", "*foo**bar*",
      "***foo** bar*", "*foo **bar***", "*foo**bar***", "foo***bar***baz", "foo******bar*********baz",
      "*foo **bar *baz* bim** bop*", "*foo [*bar*](/url)*", "** is not an empty emphasis",
      "**** is not an empty strong emphasis", "**foo [bar](/url)**", "**foo\nbar**", "__foo _bar_ baz__",
      "__foo __bar__ baz__", "____foo__ bar__", "**foo **bar****", "**foo *bar* baz**", "**foo*bar*baz**",
      "***foo* bar**", "**foo *bar***", "**foo *bar **baz**\nbim* bop**", "**foo [*bar*](/url)**",
      "__ is not an empty emphasis", "____ is not an empty strong emphasis", "foo ***", "foo *\\**", "foo *_*",
      "foo *****", "foo **\\***", "foo **_**", "**foo*", "*foo**", "***foo**", "****foo*", "**foo***", "*foo****",
      "foo ___", "foo _\\__", "foo _*_", "foo _____", "foo __\\___", "foo __*__", "__foo_", "_foo__", "___foo__",
      "____foo_", "__foo___", "_foo____", "**foo**", "*_foo_*", "__foo__", "_*foo*_", "****foo****",
      "____foo____", "******foo******", "***foo***", "_____foo_____", "*foo _bar* baz_",
      "*foo __bar *baz bim__ bam*", "**foo **bar baz**", "*foo *bar baz*", "*[bar*](/url)", "_foo [bar_](/url)",
      "*<img src=\"foo\" title=\"*\"/>", "**<a href=\"**\">", "__<a href=\"__\">", "*a `*`*", "_a `_`_",
      "**a<https://foo.bar/?q=**>", "__a<https://foo.bar/?q=__>",
      // links
      "[link *foo **bar** `#`*](/uri)", "[foo *[bar [baz](/uri)](/uri)*](/uri)", "*[foo*](/uri)",
      "[foo *bar](baz*)", "*foo [bar* baz]", "[foo`](/uri)`", "[foo *bar [baz][ref]*][ref]\n\n[ref]: /uri",
      "[foo *bar][ref]*\n\n[ref]: /uri", "![*foo* **bar**](/u \"t\")", "*a [b*](c) d*",
      // GFM strikethrough and its mix with emphasis
      "~~Hi~~ Hello, ~there~ world!", "This ~~has a\n\nnew paragraph~~.", "This will ~~~not~~~ strike.",
      "This ~is ~ legit~ isn't ~ legit.", "This is not ~~~~~one~~~~~ huge strikethrough.",
      "~one~ ~~two~~ ~~~three~~~", "No ~mismatch~~", "~~**_`this`_**~~  \n~~***`this`***~~  \n~~___`this`___~~",
      "~~**_this_**~~  \n~~***this***~~  \n~~___this___~~", "a~~()a~~a", "a~~a()~~a", "~~()~~", "(~~()~~)",
      "a~~**b**~~c", "**a~~b**~~", "~~a *b~~ c*", "x**~~y~~**z", "\\~~a~~", "~\\~a~~",
      // hard breaks, escapes, entities, footnotes, tables, lists, quotes
      "*a*\\\n*b*", "**a**  \n**b**", "&amp;**a**&amp;", "\\***a**", "[^1]**a**\n\n[^1]: **b**",
      "| *a* | **b** |\n|---|---|\n| _c_ | ~~d~~ |", "- *a\n  b*\n- **c**", "> *a\n> b*", "# *a* **b** #",
      "a\n===\n*b*", "$x$*y*$z$", "**a $b$ c**", "www.a.com/**x**y", "http://a.com/_x_ _y_",
  };
  for (const char* md : examples) check_like_cmark(std::string(md) + "\n");
}

TEST_CASE("cjk emphasis: random text parses as cmark parses it (forced rebuild)") {
  const std::vector<std::string> pieces = {
      "*", "**", "***", "_", "__", "~", "~~", "~~~", " ", " ", "a", "b", "1", "中", "文", "。", "，", "（", "）",
      "“", "”", "(", ")", "\"", ".", "!", "-", "[", "]", "[x](u)", "](u)", "![i](p)", "`c`", "`", "\\",
      "\\*", "\\~", "&amp;", "&ast;", "<b>", "</b>", "$x$", "$", "\n", "  \n", "\\\n", "é", "한", "😀",
      "\xEF\xB8\x81", "\xF3\xA0\x84\x80", "[^1]", "==", "#t", "<https://c.com>", "www.b.org", "\t",
  };
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 16);
  int mismatches = 0;
  for (int n = 0; n < 6000 && mismatches < 5; ++n) {
    std::string md;
    for (int k = length(rng); k > 0; --k) md += pieces[pick(rng)];
    md += "\n";
    const std::string want = cmark_html(md);
    const std::string got = pass_html(md, detail::EmphasisRule::CommonMark);
    if (got != want) ++mismatches;
    CHECK_MESSAGE(got == want, md);
  }
  CHECK(mismatches == 0);
}

TEST_CASE("cjk emphasis: random text without CJK characters is left as cmark made it") {
  const std::vector<std::string> pieces = {"*", "**", "_", "~~", " ", "a", "(", ")", "\"", ".", "[x](u)", "`c`",
                                           "\\*", "é", "«", "»", "—", "\n", "$x$", "<b>"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 14);
  for (int n = 0; n < 2000; ++n) {
    std::string md;
    for (int k = length(rng); k > 0; --k) md += pieces[pick(rng)];
    md += "\n";
    CHECK_MESSAGE(pass_html(md, detail::EmphasisRule::CjkFriendly) == cmark_html(md), md);
  }
}
