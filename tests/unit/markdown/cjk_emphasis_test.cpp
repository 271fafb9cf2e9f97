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
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS);
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
  char* out = cmark_render_html(root, CMARK_OPT_UNSAFE, nullptr);
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

TEST_CASE("cjk emphasis: the issue's notes") {
  CHECK(html("**提倡并促进信息分享文化。**组织中的每个人\n") ==
        p("<strong>提倡并促进信息分享文化。</strong>组织中的每个人"));
  CHECK(html("**“引号”**后面\n") == p("<strong>“引号”</strong>后面"));
  CHECK(html("这是**（括号）**文字\n") == p("这是<strong>（括号）</strong>文字"));
  CHECK(html("~~删除。~~后面\n") == p("<del>删除。</del>后面"));
  CHECK(html("*斜体。*文字\n") == p("<em>斜体。</em>文字"));
  CHECK(html("前文**《书名》**后文，再**加粗：**说明\n") ==
        p("前文<strong>《书名》</strong>后文，再<strong>加粗：</strong>说明"));
  // Already bold under CommonMark: unchanged.
  CHECK(html("这是**粗体**文字\n") == p("这是<strong>粗体</strong>文字"));
}

TEST_CASE("cjk emphasis: specification testcases/strong.md") {
  struct Case {
    const char* md;
    const char* html;
  };
  const Case cases[] = {
      {"これは**私のやりたかったこと。**だからするの。", "これは<strong>私のやりたかったこと。</strong>だからするの。"},
      {"**[製品ほげ](./product-foo)**と**[製品ふが](./product-bar)**をお試しください",
       "<strong><a href=\"./product-foo\">製品ほげ</a></strong>と<strong><a href=\"./product-bar\">製品ふが</a></strong>をお試しください"},
      {"単語と**[単語と](word-and)**単語", "単語と<strong><a href=\"word-and\">単語と</a></strong>単語"},
      {"**これは太字になりません。**ご注意ください。", "<strong>これは太字になりません。</strong>ご注意ください。"},
      {"カッコに注意**（太字にならない）**文が続く場合に要警戒。",
       "カッコに注意<strong>（太字にならない）</strong>文が続く場合に要警戒。"},
      {"**[リンク](https://example.com)**も注意。（画像も同様）",
       "<strong><a href=\"https://example.com\">リンク</a></strong>も注意。（画像も同様）"},
      {"先頭の**\\`コード\\`も注意。**", "先頭の<strong>`コード`も注意。</strong>"},
      {"**末尾の\\`コード\\`**も注意。", "<strong>末尾の`コード`</strong>も注意。"},
      {"税込**¥10,000**で入手できます。", "税込<strong>¥10,000</strong>で入手できます。"},
      {"正解は**④**です。", "正解は<strong>④</strong>です。"},
      {"太郎は**「こんにちわ」**といった", "太郎は<strong>「こんにちわ」</strong>といった"},
      {"太郎は**\"こんにちわ\"**といった", "太郎は<strong>&quot;こんにちわ&quot;</strong>といった"},
      {"太郎は**こんにちわ**といった", "太郎は<strong>こんにちわ</strong>といった"},
      {"太郎は**「Hello」**といった", "太郎は<strong>「Hello」</strong>といった"},
      {"太郎は**\"Hello\"**といった", "太郎は<strong>&quot;Hello&quot;</strong>といった"},
      {"太郎は**Hello**といった", "太郎は<strong>Hello</strong>といった"},
      {"太郎は**「Oh my god」**といった", "太郎は<strong>「Oh my god」</strong>といった"},
      {"太郎は**\"Oh my god\"**といった", "太郎は<strong>&quot;Oh my god&quot;</strong>といった"},
      {"太郎は**Oh my god**といった", "太郎は<strong>Oh my god</strong>といった"},
      {"**C#**や**F#**は**「.NET」**というプラットフォーム上で動作します。",
       "<strong>C#</strong>や<strong>F#</strong>は<strong>「.NET」</strong>というプラットフォーム上で動作します。"},
      {"IDが**001号**になります。", "IDが<strong>001号</strong>になります。"},
      {"IDが**００１号**になります。", "IDが<strong>００１号</strong>になります。"},
      {"Go**「初心者」**を対象とした記事です。", "Go<strong>「初心者」</strong>を対象とした記事です。"},
      {"**⻲田太郎**と申します", "<strong>⻲田太郎</strong>と申します"},
      {"・**㋐**:選択肢１つ目", "・<strong>㋐</strong>:選択肢１つ目"},
      {"**真，**她", "<strong>真，</strong>她"},
      {"**真。**她", "<strong>真。</strong>她"},
      {"**真、**她", "<strong>真、</strong>她"},
      {"**真；**她", "<strong>真；</strong>她"},
      {"**真：**她", "<strong>真：</strong>她"},
      {"**真？**她", "<strong>真？</strong>她"},
      {"**真！**她", "<strong>真！</strong>她"},
      {"**真“**她", "<strong>真“</strong>她"},
      {"**真”**她", "<strong>真”</strong>她"},
      {"**真‘**她", "<strong>真‘</strong>她"},
      {"**真’**她", "<strong>真’</strong>她"},
      {"**真（**她", "<strong>真（</strong>她"},
      {"真**（她**", "真<strong>（她</strong>"},
      {"**真）**她", "<strong>真）</strong>她"},
      {"**真【**她", "<strong>真【</strong>她"},
      {"真**【她**", "真<strong>【她</strong>"},
      {"**真】**她", "<strong>真】</strong>她"},
      {"**真《**她", "<strong>真《</strong>她"},
      {"真**《她**", "真<strong>《她</strong>"},
      {"**真》**她", "<strong>真》</strong>她"},
      {"**真—**她", "<strong>真—</strong>她"},
      {"**真～**她", "<strong>真～</strong>她"},
      {"**真…**她", "<strong>真…</strong>她"},
      {"**真·**她", "<strong>真·</strong>她"},
      {"**真〃**她", "<strong>真〃</strong>她"},
      {"**真-**她", "<strong>真-</strong>她"},
      {"**真々**她", "<strong>真々</strong>她"},
      {"**真**她", "<strong>真</strong>她"},
      {"**真，** 她", "<strong>真，</strong> 她"},
      {"**真**，她", "<strong>真</strong>，她"},
      {"**真，**&ZeroWidthSpace;她", "<strong>真，</strong>\xE2\x80\x8B她"},
      {"私は**⻲田太郎**と申します", "私は<strong>⻲田太郎</strong>と申します"},
      {"選択肢**㋐**: 1つ目の選択肢", "選択肢<strong>㋐</strong>: 1つ目の選択肢"},
      {"**さようなら︙**と太郎はいった。", "<strong>さようなら︙</strong>と太郎はいった。"},
      {".NET**（.NET Frameworkは不可）**では、", ".NET<strong>（.NET Frameworkは不可）</strong>では、"},
      {"「禰󠄀」の偏は示ではなく**礻**です。", "「禰󠄀」の偏は示ではなく<strong>礻</strong>です。"},
      {"Git**（注：不是GitHub）**", "Git<strong>（注：不是GitHub）</strong>"},
      {"太郎は**「こんにちわ」**といった。", "太郎は<strong>「こんにちわ」</strong>といった。"},
      {"𰻞𰻞**（ビャンビャン）**麺", "𰻞𰻞<strong>（ビャンビャン）</strong>麺"},
      {"𰻞𰻞**(ビャンビャン)**麺", "𰻞𰻞<strong>(ビャンビャン)</strong>麺"},
      {"ハイパーテキストコーヒーポット制御プロトコル**(HTCPCP)**",
       "ハイパーテキストコーヒーポット制御プロトコル<strong>(HTCPCP)</strong>"},
      {"﨑**(崎)**", "﨑<strong>(崎)</strong>"},
      {"国際規格**[ECMA-262](https://tc39.es/ecma262/)**",
       "国際規格<strong><a href=\"https://tc39.es/ecma262/\">ECMA-262</a></strong>"},
      {"㐧**(第の俗字)**", "㐧<strong>(第の俗字)</strong>"},
      {"𠮟**(こちらが正式表記)**", "𠮟<strong>(こちらが正式表記)</strong>"},
      {"𪜈**(トモの合略仮名)**", "𪜈<strong>(トモの合略仮名)</strong>"},
      {"𫠉**(馬の俗字)**", "𫠉<strong>(馬の俗字)</strong>"},
      {"谺𬤲**(こだま)**石神社", "谺𬤲<strong>(こだま)</strong>石神社"},
      {"石𮧟**(いしただら)**", "石𮧟<strong>(いしただら)</strong>"},
      {"**推荐几个框架：**React、Vue等前端框架。", "<strong>推荐几个框架：</strong>React、Vue等前端框架。"},
      {"葛󠄀**(こちらが正式表記)**城市", "葛󠄀<strong>(こちらが正式表記)</strong>城市"},
      {"禰󠄀**(こちらが正式表記)**豆子", "禰󠄀<strong>(こちらが正式表記)</strong>豆子"},
      {"𱟛**(U+317DB)**", "𱟛<strong>(U+317DB)</strong>"},
      {"阿寒湖アイヌシアターイコㇿ**(Akanko Ainu Theater Ikor)**",
       "阿寒湖アイヌシアターイコㇿ<strong>(Akanko Ainu Theater Ikor)</strong>"},
      {"あ𛀙**(か)**よろし", "あ𛀙<strong>(か)</strong>よろし"},
      {"𮹝**(simplified form of 龘 in China)**", "𮹝<strong>(simplified form of 龘 in China)</strong>"},
      {"大塚︀**(U+585A U+FE00)** 大塚**(U+FA10)**", "大塚︀<strong>(U+585A U+FE00)</strong> 大塚<strong>(U+FA10)</strong>"},
      {"〽︎**(庵点)**は、", "〽︎<strong>(庵点)</strong>は、"},
      {"**“︁Git”︁**Hub", "<strong>“︁Git”︁</strong>Hub"},
  };
  for (const Case& c : cases) {
    CHECK_MESSAGE(html(std::string(c.md) + "\n") == p(c.html), c.md);
  }
}

TEST_CASE("cjk emphasis: specification testcases/korean.md, pseudo-emoji.md, README") {
  CHECK(html("**이 [링크](https://example.kr/)**만을 강조하고 싶다.\n") ==
        p("<strong>이 <a href=\"https://example.kr/\">링크</a></strong>만을 강조하고 싶다."));
  CHECK(html("**스크립트(script)**라고\n") == p("<strong>스크립트(script)</strong>라고"));
  CHECK(html("패키지를 발행하려면 **`npm publish`**를 실행하십시오.\n") ==
        p("패키지를 발행하려면 <strong><code>npm publish</code></strong>를 실행하십시오."));
  CHECK(html("**안녕(hello)**하세요.\n") == p("<strong>안녕(hello)</strong>하세요."));
  CHECK(html("ᅡ**(a)**\n") == p("ᅡ<strong>(a)</strong>"));
  CHECK(html("**(k)**ᄏ\n") == p("<strong>(k)</strong>ᄏ"));
  // CJK symbols that are also (text-presentation) emoji.
  for (const char* c : {"〰", "〽", "🈂", "🈷", "㊗", "㊙"}) {
    CHECK_MESSAGE(html(std::string("a**") + c + "**a\n") == p(std::string("a<strong>") + c + "</strong>a"), c);
  }
  CHECK(html("**このアスタリスクは強調記号として認識されず、そのまま表示されます。**この文のせいで。\n") ==
        p("<strong>このアスタリスクは強調記号として認識されず、そのまま表示されます。</strong>この文のせいで。"));
  CHECK(html("**该星号不会被识别，而是直接显示。**这是因为它没有被识别为强调符号。\n") ==
        p("<strong>该星号不会被识别，而是直接显示。</strong>这是因为它没有被识别为强调符号。"));
  CHECK(html("**이 별표는 강조 표시로 인식되지 않고 그대로 표시됩니다(이 괄호 때문에)**이 문장 때문에.\n") ==
        p("<strong>이 별표는 강조 표시로 인식되지 않고 그대로 표시됩니다(이 괄호 때문에)</strong>이 문장 때문에."));
}

TEST_CASE("cjk emphasis: specification testcases/gfm-strikethrough.md and underscore-cjk-punct.md") {
  CHECK(html("a~~a()~~あ\n") == p("a<del>a()</del>あ"));
  CHECK(html("あ~~()a~~a\n") == p("あ<del>()a</del>a"));
  CHECK(html("𩸽~~()a~~a\n") == p("𩸽<del>()a</del>a"));
  CHECK(html("a~~a()~~𩸽\n") == p("a<del>a()</del>𩸽"));
  CHECK(html("葛󠄀~~()a~~a\n") == p("葛󠄀<del>()a</del>a"));
  CHECK(html("羽︀~~()a~~a\n") == p("羽︀<del>()a</del>a"));
  CHECK(html("a~~「a~~」\n") == p("a<del>「a</del>」"));
  CHECK(html("「~~a」~~a\n") == p("「<del>a」</del>a"));
  CHECK(html("~~a~~：~~a~~\n") == p("<del>a</del>：<del>a</del>"));
  CHECK(html("~~日本語。︀~~English.\n") == p("<del>日本語。︀</del>English."));

  CHECK(html("__注意__：注意事項\n") == p("<strong>注意</strong>：注意事項"));
  CHECK(html("注意：__注意事項__\n") == p("注意：<strong>注意事項</strong>"));
  CHECK(html("正體字。︁_Traditional._\n") == p("正體字。︁<em>Traditional.</em>"));
  CHECK(html("正體字。︁__Hong Kong and Taiwan.__\n") == p("正體字。︁<strong>Hong Kong and Taiwan.</strong>"));
  CHECK(html("简体字 / 新字体。︀_Simplified._\n") == p("简体字 / 新字体。︀<em>Simplified.</em>"));
  CHECK(html("简体字 / 新字体。︀__Mainland China or Japan.__\n") ==
        p("简体字 / 新字体。︀<strong>Mainland China or Japan.</strong>"));
}

TEST_CASE("cjk emphasis: what stays text") {
  // No CJK next to the run: CommonMark decides (cmark-gfm 0.29 counts
  // Unicode punctuation, not symbols such as ∇, as punctuation).
  CHECK(html("a**a«**a\n") == p("a**a«**a"));
  CHECK(html("a**»a**a\n") == p("a**»a**a"));
  CHECK(html("a**𐬻a**a\n") == p("a**𐬻a**a"));
  CHECK(html("a**a𐬻**a\n") == p("a**a𐬻**a"));
  CHECK(html("a**a∇**a\n") == html("a**a\xE2\x88\x87**a\n"));
  // Whitespace still decides.
  CHECK(html("中文 ** 不是粗体 ** 文字\n") == p("中文 ** 不是粗体 ** 文字"));
  CHECK(html("**中文。 **后面\n") == p("**中文。 **后面"));
  // `_` inside words stays text, CJK or not.
  CHECK(html("变量user_name_中文和文件名_v2_最终。\n") == p("变量user_name_中文和文件名_v2_最终。"));
  // Code spans, math, URLs and autolinks are never searched for delimiters.
  CHECK(html("`**中文。**组织` $**中。**文$ <https://a.com/**中。**x>\n") ==
        p("<code>**中文。**组织</code> <span class=\"math math-inline\">**中。**文</span> "
          "<a href=\"https://a.com/**%E4%B8%AD%E3%80%82**x\">https://a.com/**中。**x</a>"));
  CHECK(html("```\n**中文。**组织\n```\n") == "<pre><code>**中文。**组织\n</code></pre>\n");
  // Escaped and entity asterisks are no delimiters (and `*` + `**` do not
  // pair: the rule of 3).
  CHECK(html("\\**提倡。**组织\n") == p("**提倡。**组织"));
  CHECK(html("&#42;*提倡。**组织\n") == p("**提倡。**组织"));
}

TEST_CASE("cjk emphasis: nesting with links, emphasis, code and math") {
  // Emphasis never crosses a link's brackets; link text is paired on its own.
  CHECK(html("[**链接。**文字](u)和**外面。**文字\n") ==
        p("<a href=\"u\"><strong>链接。</strong>文字</a>和<strong>外面。</strong>文字"));
  CHECK(html("**[链接](u)。**后面\n") == p("<strong><a href=\"u\">链接</a>。</strong>后面"));
  CHECK(html("**外[链**接](u)。**后\n") == p("<strong>外<a href=\"u\">链**接</a>。</strong>后"));
  // Nested emphasis of both kinds.
  CHECK(html("**外层*内层。*继续。**后面\n") == p("<strong>外层<em>内层。</em>继续。</strong>后面"));
  CHECK(html("***粗斜。***后面\n") == p("<em><strong>粗斜。</strong></em>后面"));
  CHECK(html("~~**删除加粗。**~~后面\n") == p("<del><strong>删除加粗。</strong></del>后面"));
  // Code and math inside.
  CHECK(html("**用`fmt`。**然后\n") == p("<strong>用<code>fmt</code>。</strong>然后"));
  CHECK(html("**公式$x^2$。**然后\n") == p("<strong>公式<span class=\"math math-inline\">x^2</span>。</strong>然后"));
  // Over a line break (hard by default), in headings, lists, quotes, tables.
  CHECK(html("**第一行\n第二行。**后面\n") == p("<strong>第一行<br />\n第二行。</strong>后面"));
  CHECK(html("## **标题。**后\n").find("<strong>标题。</strong>后</h2>") != std::string::npos);
  CHECK(html("- **列表。**项\n") == "<ul>\n<li><strong>列表。</strong>项</li>\n</ul>\n");
  CHECK(html("> **引用。**文\n") == "<blockquote>\n<p><strong>引用。</strong>文</p>\n</blockquote>\n");
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
