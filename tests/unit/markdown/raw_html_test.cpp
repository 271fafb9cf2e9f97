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

TEST_CASE("raw html: Typora's resized image: zoom becomes a width") {
  CHECK(render("<img src=\"a.png\" alt=\"image-2023\" style=\"zoom:50%;\" />\n") ==
        "<img src=\"a.png\" alt=\"image-2023\" style=\"width:50%\" />\n");
  CHECK(render("<img src=\"a.png\" style=\"zoom: 0.5\">\n") == "<img src=\"a.png\" style=\"width:50%\" />\n");
  CHECK(render("<img src=\"a.png\" style=\"zoom:150%\">\n") == "<img src=\"a.png\" />\n");  // natural size
  CHECK(render("<img src=\"a.png\" style=\"zoom:expression(alert(1))\">\n") == "<img src=\"a.png\" />\n");
}

TEST_CASE("raw html: image width and height") {
  CHECK(render("<img src=\"a.png\" width=\"400\" height=\"300px\">\n") ==
        "<img src=\"a.png\" width=\"400\" height=\"300\" />\n");
  CHECK(render("<img src=\"a.png\" width=\"60%\">\n") == "<img src=\"a.png\" style=\"width:60%\" />\n");
  CHECK(render("<img src=\"a.png\" style=\"width: 320px; border: 1px solid red\">\n") ==
        "<img src=\"a.png\" width=\"320\" />\n");
  CHECK(render("<img src=\"a.png\" width=\"400\" style=\"zoom:50%\">\n") == "<img src=\"a.png\" width=\"400\" />\n");
  CHECK(render("<img src=\"a.png\" width=\"100;x:y\" height=\"-3\">\n") == "<img src=\"a.png\" />\n");
}

TEST_CASE("raw html: align becomes a class") {
  CHECK(render("<div align=\"center\">\n<img src=\"a.png\"/>\n</div>\n") ==
        "<div class=\"align-center\">\n<img src=\"a.png\" />\n</div>\n");
  CHECK(render("<p align=\"right\">署名</p>\n") == "<p class=\"align-right\">署名</p>\n");
  CHECK(render("<img src=\"a.png\" align=\"left\">\n") == "<img src=\"a.png\" class=\"align-left\" />\n");
  CHECK(render("<div align=\"evil\" class=\"broken-link\" id=\"search\">x</div>\n") == "<div>x</div>\n");
}

TEST_CASE("raw html: a centred figure with a caption (Typora's <center> idiom)") {
  CHECK(render("<center>\n    <img src=\"a.png\" style=\"zoom:60%\"/>\n    <br>\n"
               "    <div style=\"color:orange; border-bottom: 1px solid #d9d9d9; display: inline-block; color: #999;\">图1 流程</div>\n"
               "</center>\n") ==
        "<center>\n    <img src=\"a.png\" style=\"width:60%\" />\n    <br />\n"
        "    <div style=\"color:#999\">图1 流程</div>\n</center>\n");
  CHECK(render("<center>图 1  甘特图</center>\n") == "<center>图 1  甘特图</center>\n");
}

TEST_CASE("raw html: <br> in a table cell") {
  CHECK(render("| a | b |\n|---|---|\n| 公平<br>简单 | x<br/>y |\n") ==
        "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        "<td>公平<br />简单</td>\n<td>x<br />y</td>\n</tr>\n</tbody>\n</table>\n");
}

TEST_CASE("raw html: inline formatting tags") {
  CHECK(render("T<sub>周转</sub> = 2<sup>10</sup>\n") == "<p>T<sub>周转</sub> = 2<sup>10</sup></p>\n");
  CHECK(render("按 <kbd>Ctrl</kbd>+<kbd>C</kbd> 复制\n") == "<p>按 <kbd>Ctrl</kbd>+<kbd>C</kbd> 复制</p>\n");
  CHECK(render("<u>下划线</u> <s>删</s> <mark>亮</mark> <ruby>汉<rt>hàn</rt></ruby>\n") ==
        "<p><u>下划线</u> <s>删</s> <mark>亮</mark> <ruby>汉<rt>hàn</rt></ruby></p>\n");
  CHECK(render("<abbr title=\"Central Processing Unit\">CPU</abbr>\n") ==
        "<p><abbr title=\"Central Processing Unit\">CPU</abbr></p>\n");
}

TEST_CASE("raw html: <font color> and coloured <span>: only a validated colour") {
  CHECK(render("<font color=\"red\">重点</font>\n") == "<p><font color=\"red\">重点</font></p>\n");
  CHECK(render("<font color=#1E90FF size=\"+1\" face=\"楷体\">蓝</font>\n") ==
        "<p><font color=\"#1E90FF\" size=\"+1\" face=\"楷体\">蓝</font></p>\n");
  CHECK(render("<font color=\"red;background:url(x)\">x</font>\n") == "<p><font>x</font></p>\n");
  CHECK(render("<span style=\"color: rgb(255, 0, 0); background-color:yellow; position:fixed\">x</span>\n") ==
        "<p><span style=\"color:rgb(255, 0, 0);background-color:yellow\">x</span></p>\n");
  CHECK(render("<span style=\"color:expression(alert(1))\">x</span>\n") == "<p><span>x</span></p>\n");
}

TEST_CASE("raw html: <font> around Markdown, opened and closed in different nodes") {
  CHECK(render("缩短<font color=\"red\">**周转时间**</font>和等待\n") ==
        "<p>缩短<font color=\"red\"><strong>周转时间</strong></font>和等待</p>\n");
  // Never closed: closed at the end of its paragraph, not later.
  CHECK(render("a <font color=red>b\n\nc\n") == "<p>a <font color=\"red\">b</font></p>\n<p>c</p>\n");
  // Closed outside the emphasis it was opened in: closed with the emphasis.
  CHECK(render("*a <b>b* c</b> d\n") == "<p><em>a <b>b</b></em> c d</p>\n");
}

TEST_CASE("raw html: <details> around Markdown blocks") {
  CHECK(render("<details>\n<summary>答案</summary>\n\n**SJF** 最短\n\n</details>\n") ==
        "<details>\n<summary>答案</summary>\n<p><strong>SJF</strong> 最短</p>\n</details>\n");
  CHECK(render("<details open>\n<summary>x</summary>\n\ny\n") ==
        "<details open>\n<summary>x</summary>\n<p>y</p>\n</details>\n");
}

TEST_CASE("raw html: what is left open is closed before a heading") {
  // A heading starts a section that note embeds render on their own.
  CHECK(render("<div align=\"center\">\n\n## 标题\n\n</div>\n") ==
        "<div class=\"align-center\">\n</div>\n"
        "<h2 id=\"标题\"><a class=\"anchor\" href=\"#标题\" aria-hidden=\"true\" tabindex=\"-1\">#</a>标题</h2>\n");
  const Document d = Document::parse("<details>\n\n# A\n\ntext\n\n# B\n");
  CHECK(d.section_html("a") ==
        "<h1 id=\"a\"><a class=\"anchor\" href=\"#a\" aria-hidden=\"true\" tabindex=\"-1\">#</a>A</h1>\n<p>text</p>\n");
}

TEST_CASE("raw html: a <p> left open by its block becomes a <div>") {
  CHECK(render("<p align=\"center\">\n\n![x](a.png)\n\n</p>\n") ==
        "<div class=\"align-center\">\n<p><img src=\"a.png\" alt=\"x\" /></p>\n</div>\n");
}

TEST_CASE("raw html: block elements inside a paragraph are shown as text (they would end the <p>)") {
  CHECK(render("循环里一行就是：<tr><td>{$id}</td></tr> <b>粗</b><br>\n") ==
        "<p>循环里一行就是：&lt;tr&gt;&lt;td&gt;{$id}&lt;/td&gt;&lt;/tr&gt; <b>粗</b><br /></p>\n");
  // A table cell may hold them (GFM tables with HTML lists in cells).
  CHECK(render("| a |\n|---|\n| <ul><li>x</li><li>y</li></ul> |\n") ==
        "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><ul><li>x</li><li>y</li></ul></td>\n"
        "</tr>\n</tbody>\n</table>\n");
}

TEST_CASE("raw html: inline elements an HTML block leaves open close at its end") {
  CHECK(render("<span style=\"color:red\">\n\ntext\n") == "<span style=\"color:red\"></span>\n<p>text</p>\n");
}

TEST_CASE("raw html: an HTML table") {
  CHECK(render("<table>\n<tr><th align=\"center\">进程</th><th>时间</th></tr>\n"
               "<tr><td colspan=\"2\" width=\"100\">P1</td></tr>\n</table>\n") ==
        "<table>\n<tr><th class=\"align-center\">进程</th><th>时间</th></tr>\n"
        "<tr><td colspan=\"2\">P1</td></tr>\n</table>\n");
  // Cells and rows left open are closed by the next one.
  CHECK(render("<table>\n<tr><td>a<td>b\n<tr><td>c\n</table>\n") ==
        "<table>\n<tr><td>a</td><td>b\n</td></tr><tr><td>c\n</td></tr></table>\n");
}

TEST_CASE("raw html: lists, quotes, headings, code in HTML") {
  CHECK(render("<ul>\n<li><a href=\"a.md\">A</a></li>\n<li>B\n</ul>\n") ==
        "<ul>\n<li><a href=\"a.md\">A</a></li>\n<li>B\n</li></ul>\n");
  CHECK(render("<ol start=\"3\" type=\"i\" onclick=\"x()\"><li>x</li></ol>\n") ==
        "<ol start=\"3\" type=\"i\"><li>x</li></ol>\n");
  CHECK(render("<h3 align=\"center\">标题</h3>\n") == "<h3 class=\"align-center\">标题</h3>\n");
  CHECK(render("<pre><code>a &lt; b &amp;&amp; c</code></pre>\n") == "<pre><code>a &lt; b &amp;&amp; c</code></pre>\n");
  CHECK(render("<blockquote>引用</blockquote>\n") == "<blockquote>引用</blockquote>\n");
}

TEST_CASE("raw html: links keep a safe target") {
  CHECK(render("<a href=\"https://a.com\" target=\"_blank\" title=\"t\">x</a>\n") ==
        "<p><a href=\"https://a.com\" title=\"t\" target=\"_blank\" rel=\"noopener noreferrer\">x</a></p>\n");
  CHECK(render("<a href=\"x.md\" target=\"top\" rel=\"opener\">x</a>\n") == "<p><a href=\"x.md\">x</a></p>\n");
}

TEST_CASE("raw html: comments are dropped") {
  CHECK(render("<!-- TODO: 补充例题 -->\n\n正文\n") == "<p>正文</p>\n");
  CHECK(render("a <!-- 注释 --> b\n") == "<p>a  b</p>\n");
  CHECK(render("<!--\n多行\n注释\n-->\n") == "");
}

TEST_CASE("raw html: video players from YouTube and Bilibili") {
  const std::string attrs =
      "\" loading=\"lazy\" allow=\"encrypted-media; fullscreen; picture-in-picture\" allowfullscreen"
      " referrerpolicy=\"strict-origin-when-cross-origin\""
      " sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\"></iframe>";
  CHECK(render("<iframe width=\"560\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ?start=30&autoplay=1\" "
               "onload=\"x()\"></iframe>\n") ==
        "<iframe class=\"video-embed\" src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30\" title=\"video" +
            attrs + "\n");
  CHECK(render("<iframe src=\"//player.bilibili.com/player.html?aid=1&bvid=BV1Kb411W75N&cid=2&page=1\" "
               "scrolling=\"no\" allowfullscreen=\"true\"> </iframe>\n") ==
        "<iframe class=\"video-embed\" src=\"https://player.bilibili.com/player.html?bvid=BV1Kb411W75N&amp;cid=2&amp;page=1&amp;autoplay=0\" title=\"video" +
            attrs + "\n");
}

TEST_CASE("raw html: a tag not on the list is shown as text") {
  CHECK(render("List<String> list;\n") == "<p>List&lt;String&gt; list;</p>\n");
  CHECK(render("ADD <src> ... <dest>\n") == "<p>ADD &lt;src&gt; ... &lt;dest&gt;</p>\n");
  CHECK(render("<dependency>\n  <groupId>org.x</groupId>\n</dependency>\n") ==
        "<p>&lt;dependency&gt;<br />\n  &lt;groupId&gt;org.x&lt;/groupId&gt;<br />\n&lt;/dependency&gt;</p>\n");
  CHECK(render("<div>\n<button onclick=\"x()\">Go</button>\n</div>\n") ==
        "<div>\n&lt;button onclick=&quot;x()&quot;&gt;Go&lt;/button&gt;\n</div>\n");
  CHECK(render("用 <script> 标签引入 JS\n") == "<p>用 &lt;script&gt; 标签引入 JS</p>\n");
}

TEST_CASE("raw html: text in HTML blocks is escaped, references kept") {
  CHECK(render("<div>a < b &amp; c & d &nbsp; &#169; &bogus x</div>\n") ==
        "<div>a &lt; b &amp; c &amp; d &nbsp; &#169; &amp;bogus x</div>\n");
}

// ---------------------------------------------------------------- dropped

TEST_CASE("raw html: <script> blocks and inline pairs are dropped with their content") {
  CHECK(render("<script>\nalert(1)\n</script>\n\nok\n") == "<p>ok</p>\n");
  CHECK(render("a <script>alert(1)</script> b\n") == "<p>a  b</p>\n");
  CHECK(render("<div><script>alert(1)</script>x</div>\n") == "<div>x</div>\n");
  CHECK(render("<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n") == "");
}

TEST_CASE("raw html: <style> is dropped") {
  CHECK(render("<style>\nbody { display: none }\n</style>\n") == "");
  CHECK(render("<div style=\"position:fixed;inset:0\">x</div>\n") == "<div>x</div>\n");
}

TEST_CASE("raw html: event handlers are dropped") {
  CHECK(render("<img src=\"x.png\" onerror=\"alert(1)\">\n") == "<img src=\"x.png\" />\n");
  CHECK(render("<img src=x onerror=alert(1)//>\n") == "<img src=\"x\" />\n");
  CHECK(render("<div onclick=\"alert(1)\" onmouseover=alert(2)>x</div>\n") == "<div>x</div>\n");
  CHECK(render("<details open ontoggle=\"alert(1)\"><summary>s</summary></details>\n") ==
        "<details open><summary>s</summary></details>\n");
}

TEST_CASE("raw html: javascript:, vbscript:, data: URLs are dropped") {
  CHECK(render("<a href=\"javascript:alert(1)\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(render("<a href=\"  JaVa&#x53;cript&colon;alert(1)\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(render("<a href=\"java\tscript:alert(1)\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(render("<a href=\"vbscript:msgbox(1)\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(render("<a href=\"data:text/html,<script>alert(1)</script>\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(render("<img src=\"javascript:alert(1)\">\n") == "<img />\n");
  CHECK(render("<img src=\"data:image/png;base64,AAAA\">\n") == "<img src=\"data:image/png;base64,AAAA\" />\n");
}

TEST_CASE("raw html: <iframe> other than a video player is dropped, srcdoc with it") {
  CHECK(render("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>\n") == "");
  CHECK(render("<iframe src=\"https://evil.example/\"></iframe>\n") == "");
  CHECK(render("<iframe src=\"https://www.youtube.com.evil.example/embed/dQw4w9WgXcQ\"></iframe>\n") == "");
  CHECK(render("<iframe src=\"javascript:alert(1)\"></iframe>\n") == "");
}

TEST_CASE("raw html: <svg>, <math>, <object>, <embed>, <template> are dropped") {
  CHECK(render("<svg onload=\"alert(1)\"><circle r=\"10\"/></svg>\n") == "");
  CHECK(render("<svg><script>alert(1)</script></svg>\n\nok\n") == "<p>ok</p>\n");
  CHECK(render("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>\n") == "");
  CHECK(render("<object data=\"x.swf\"><param name=a value=b></object>\n") == "");
  CHECK(render("<embed src=\"x.swf\">\n") == "");
  CHECK(render("<template><img src=x onerror=alert(1)></template>\n") == "");
}

TEST_CASE("raw html: form attributes (formaction) never reach the page as markup") {
  CHECK(render("<div formaction=\"javascript:alert(1)\" srcdoc=\"&lt;script&gt;\" form=\"f\">ok</div>\n") == "<div>ok</div>\n");
  // Form elements are not on the list: shown as text.
  CHECK(render("<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button></form>\n") ==
        "<p>&lt;form action=&quot;javascript:alert(1)&quot;&gt;&lt;button formaction=&quot;javascript:alert(1)&quot;&gt;"
        "x&lt;/button&gt;&lt;/form&gt;</p>\n");
}

TEST_CASE("raw html: head elements are dropped") {
  CHECK(render("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n") == "");
  CHECK(render("<base href=\"https://evil.example/\">\n") == "");
  CHECK(render("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">\n") == "");
}

TEST_CASE("raw html: tricky quoting never escapes the attribute") {
  CHECK(render("<img src=\"a.png\" alt='x\" onerror=\"alert(1)'>\n") ==
        "<img src=\"a.png\" alt=\"x&quot; onerror=&quot;alert(1)\" />\n");
  CHECK(render("<img src=\"a.png\" title=\"a>b\">\n") == "<img src=\"a.png\" title=\"a&gt;b\" />\n");
  CHECK(render("<div>\n<img src=\"a.png\" alt=\"\n") == "<div>\n&lt;img src=\"a.png\" alt=\"\n</div>\n");
}

TEST_CASE("raw html: stray end tags are dropped, nothing closes the page's own elements") {
  CHECK(render("</div></div></body>\n\nok\n") == "<p>ok</p>\n");
  CHECK(render("a </font> b\n") == "<p>a  b</p>\n");
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
  CHECK(d.html() == "<p>see <span class=\"broken-link\" title=\"broken link\"><strong>this</strong></span> now</p>\n");
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
