// What the markdown module gives cross-links: the sentence around each link,
// note embeds lifted into blocks, [TOC], broken Markdown links, sections.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LinkTarget;
using studywiki::markdown::WikiLink;
using studywiki::markdown::WikiResolution;
using Kind = studywiki::markdown::WikiResolution::Kind;

namespace {
std::string show(const studywiki::Excerpt& e) { return e.before + "[" + e.match + "]" + e.after; }
}  // namespace

TEST_CASE("links carry the sentence they are written in") {
  Document d = Document::parse("前一句。缓存用 [[Redis|Redis 缓存]] 做，**见 [持久化](redis.md#aof)**。下一句\n\n- 列表里 [[Kafka]]\n");
  std::vector<std::string> wiki, md;
  d.resolve_wikilinks([&](const WikiLink& w) {
    wiki.push_back(show(w.context));
    return WikiResolution{Kind::Page, "x.html", "T", ""};
  });
  d.rewrite_urls([&](const LinkTarget& t) -> std::optional<std::string> {
    md.push_back(show(t.context));
    return std::nullopt;
  });
  CHECK(wiki == std::vector<std::string>{"缓存用 [Redis 缓存] 做，见 持久化。", "列表里 [Kafka]"});
  CHECK(md == std::vector<std::string>{"缓存用 Redis 缓存 做，见 [持久化]。"});
}

TEST_CASE("a note embed alone on its line becomes a block; text around it stays in paragraphs") {
  auto embed_all = [](const WikiLink& w) {
    if (!w.embed) return WikiResolution{Kind::Page, "p.html", "P", ""};
    return WikiResolution{Kind::Embed, "n.html", "N", "<!--E-->\n"};
  };
  Document a = Document::parse("![[Note]]\n");
  a.resolve_wikilinks(embed_all);
  CHECK(a.html() == "<!--E-->\n");
  Document b = Document::parse("before\n![[Note]]\nafter *x*\n");
  b.resolve_wikilinks(embed_all);
  CHECK(b.html() == "<p>before</p>\n<!--E-->\n<p>after <em>x</em></p>\n");
  Document c = Document::parse("> 引用 ![[Note]] 尾\n");
  c.resolve_wikilinks(embed_all);
  CHECK(c.html() == "<blockquote>\n<p>引用</p>\n<!--E-->\n<p>尾</p>\n</blockquote>\n");
  // In a heading or a table cell it is a link.
  Document h = Document::parse("# 标题 ![[Note]]\n\n| a |\n|---|\n| ![[Note]] |\n");
  h.resolve_wikilinks(embed_all);
  CHECK(h.html().find("<a class=\"internal embed\" href=\"n.html\">N</a></h1>") != std::string::npos);
  CHECK(h.html().find("<td><a class=\"internal embed\" href=\"n.html\">N</a></td>") != std::string::npos);
  CHECK(h.html().find("<!--E-->") == std::string::npos);
}

TEST_CASE("[TOC] on its own renders the headings as they are when rendered") {
  studywiki::markdown::Options escape;  // `<b>` shown as text
  escape.raw_html = studywiki::markdown::RawHtml::Escape;
  Document d = Document::parse("# 标题\n\n[TOC]\n\n## 一 <b>\n\n### 二\n\n## 三\n\n正文 [TOC] 不算\n", escape);
  d.remove_heading(0);
  CHECK(d.html() ==
        "<nav class=\"toc-inline\" aria-label=\"Contents\">\n<ol>\n"
        "<li class=\"toc-d0\"><a href=\"#一-b\">一 &lt;b&gt;</a></li>\n"
        "<li class=\"toc-d1\"><a href=\"#二\">二</a></li>\n"
        "<li class=\"toc-d0\"><a href=\"#三\">三</a></li>\n</ol>\n</nav>\n"
        "<h2 id=\"一-b\"><a class=\"anchor\" href=\"#一-b\" aria-hidden=\"true\" tabindex=\"-1\">#</a>一 &lt;b&gt;</h2>\n"
        "<h3 id=\"二\"><a class=\"anchor\" href=\"#二\" aria-hidden=\"true\" tabindex=\"-1\">#</a>二</h3>\n"
        "<h2 id=\"三\"><a class=\"anchor\" href=\"#三\" aria-hidden=\"true\" tabindex=\"-1\">#</a>三</h2>\n"
        "<p>正文 [TOC] 不算</p>\n");
  d.set_labels({.toc = "\xE7\x9B\xAE\xE5\xBD\x95"});  // the theme's toc_inline in zh-CN: 目录
  CHECK(d.html().rfind("<nav class=\"toc-inline\" aria-label=\"\xE7\x9B\xAE\xE5\xBD\x95\">", 0) == 0);
  CHECK(Document::parse("[toc]\n").html() == "");  // no headings: nothing
  CHECK(Document::parse("`[TOC]`\n").html() == "<p><code>[TOC]</code></p>\n");
}

TEST_CASE("the words a note's HTML uses of its own are the labels set on it") {
  const std::string note =
      "# T\n\n[TOC]\n\n[a](gone.md) ![图](gone.png) [[无此笔记]] ![](https://youtu.be/dQw4w9WgXcQ)\n\n"
      "<a href=\"gone2.md\">b</a> <img src=\"gone2.png\" alt=\"c\">\n\n"
      "<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>\n";
  auto render = [&](const studywiki::markdown::Labels* labels) {
    Document d = Document::parse(note);
    if (labels != nullptr) d.set_labels(*labels);
    d.rewrite_urls([](const LinkTarget& t) -> std::optional<std::string> {
      if (t.url.rfind("gone", 0) == 0) return std::string();
      return std::nullopt;
    });
    d.resolve_wikilinks([](const WikiLink&) { return WikiResolution{}; });
    return d.html();
  };
  auto count = [](const std::string& html, const std::string& what) {
    size_t n = 0;
    for (size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  // Unset: the built-in English strings.
  const std::string en = render(nullptr);
  CHECK(count(en, "<nav class=\"toc-inline\" aria-label=\"Contents\">") == 1);
  CHECK(count(en, "<span class=\"broken-link\" title=\"Broken link\">") == 3);  // Markdown, wikilink, raw <a>
  CHECK(count(en, "<span class=\"broken-image\" title=\"Missing image\" role=\"img\" aria-label=\"Missing image: ") == 2);
  CHECK(count(en, "aria-label=\"Missing image: \xE5\x9B\xBE\">") == 1);  // the alt text: 图
  CHECK(count(en, "aria-label=\"Missing image: c\">") == 1);
  CHECK(count(en, " title=\"Video\"") == 2);  // a Markdown video link without alt text, a raw <iframe> without title
  // Set: Chinese, as zh-CN.yml has them.
  const studywiki::markdown::Labels zh{.toc = "目录", .broken_link = "链接失效", .missing_image = "图片缺失",
                                        .missing_image_named = "图片缺失：{{1}}", .video = "视频"};
  const std::string cn = render(&zh);
  CHECK(count(cn, "<nav class=\"toc-inline\" aria-label=\"目录\">") == 1);
  CHECK(count(cn, "<span class=\"broken-link\" title=\"链接失效\">") == 3);
  CHECK(count(cn, "<span class=\"broken-image\" title=\"图片缺失\" role=\"img\" aria-label=\"图片缺失：图\">") == 1);
  CHECK(count(cn, "<span class=\"broken-image\" title=\"图片缺失\" role=\"img\" aria-label=\"图片缺失：c\">") == 1);
  CHECK(count(cn, " title=\"视频\"") == 2);
  for (const char* english : {"Contents", "Broken", "broken link", "Missing", "missing image", "Video", "\"video\""})
    CHECK_MESSAGE(cn.find(english) == std::string::npos, english);
  // Raw HTML is rendered when parsed: set_labels renders it again (here nothing else would).
  Document player = Document::parse("<iframe src=\"https://youtu.be/dQw4w9WgXcQ\"></iframe>\n");
  CHECK(count(player.html(), " title=\"Video\"") == 1);
  player.set_labels(zh);
  CHECK(count(player.html(), " title=\"视频\"") == 1);
}

TEST_CASE("a Markdown link rewritten to \"\" is shown as broken text, without href") {
  Document d = Document::parse("见 [**旧**笔记](old.md) 和 ![图](x.png) 与 [好](ok.md)\n");
  d.rewrite_urls([](const LinkTarget& t) -> std::optional<std::string> {
    if (t.url == "ok.md") return std::string("ok.html");
    return std::string();
  });
  CHECK(d.html() ==
        "<p>见 <span class=\"broken-link\" title=\"Broken link\"><strong>旧</strong>笔记</span> 和 "
        "<span class=\"broken-image\" title=\"Missing image\" role=\"img\" aria-label=\"Missing image: 图\">"
        "<span class=\"broken-image-alt\">图</span><code class=\"broken-image-path\">x.png</code></span> 与 "
        "<a href=\"ok.html\">好</a></p>\n");
  CHECK(d.links().size() == 1);
  CHECK(d.plain_text() == "见 旧笔记 和 图 与 好");
}

TEST_CASE("media: an image's width in its alt text, players for audio, video, PDF and video sites") {
  Document d = Document::parse(
      "![250](a.png) ![图|300x200](a.png \"标题\") ![](lecture.mp3) ![](https://youtu.be/dQw4w9WgXcQ) ![b](b.png)\n");
  d.rewrite_urls([](const LinkTarget&) -> std::optional<std::string> { return std::nullopt; });
  CHECK(d.html() ==
        "<p><img src=\"a.png\" alt=\"\" width=\"250\" /> "
        "<img src=\"a.png\" alt=\"图\" title=\"标题\" width=\"300\" height=\"200\" /> "
        "<audio class=\"media-embed\" controls preload=\"metadata\" src=\"lecture.mp3\"></audio> "
        "<span class=\"media-embed video-site\"><iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" "
        "title=\"Video\" loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen "
        "sandbox=\"allow-scripts allow-same-origin allow-presentation\"></iframe>"
        "<a href=\"https://youtu.be/dQw4w9WgXcQ\">https://youtu.be/dQw4w9WgXcQ</a></span> "
        "<img src=\"b.png\" alt=\"b\" /></p>\n");
  const std::string text = d.plain_text();  // the alt text without its size, as the reader sees it
  CHECK(text.find("图") != std::string::npos);
  CHECK(text.find("250") == std::string::npos);
  CHECK(text.find("300x200") == std::string::npos);
}

TEST_CASE("sections: HTML and first paragraph under each heading") {
  Document d = Document::parse("# A\n\nintro\n\n## B\n\n> quoted first\n\nb text\n\n### C\n\nc text\n\n## D\n\n```\ncode\n```\n");
  CHECK(d.section_html("c") ==
        "<h3 id=\"c\"><a class=\"anchor\" href=\"#c\" aria-hidden=\"true\" tabindex=\"-1\">#</a>C</h3>\n<p>c text</p>\n");
  const std::string b = d.section_html("b");
  CHECK(b.find("<h2 id=\"b\">") == 0);
  CHECK(b.find("c text") != std::string::npos);
  CHECK(b.find("id=\"d\"") == std::string::npos);
  CHECK(d.section_html("nope") == "");
  CHECK(d.section_summaries(6) == std::vector<std::string>{"intro", "quoted\xE2\x80\xA6", "c text", ""});
}

TEST_CASE("summaries leave out the tags a paragraph starts or ends with, and image-only paragraphs") {
  CHECK(Document::parse("#系统设计 #分布式\n\n正文 #标签 在中间。 #尾\n").summary(100) == "正文 #标签 在中间。");
  CHECK(Document::parse("![镜像分层](a.png)\n\n真正的第一段\n").summary(100) == "真正的第一段");
  CHECK(Document::parse("#数据库/mysql 事务就是一组操作。\n").summary(100) == "事务就是一组操作。");
  Document d = Document::parse("# A\n\n![图](x.svg)\n\n- 列表 #t\n");
  CHECK(d.section_summaries(50) == std::vector<std::string>{"列表"});
}

TEST_CASE("prose for mentions: code blocks and images out, code, links and tags blanked in the searchable copy") {
  Document d = Document::parse("用 Redis 做 `Redis` 缓存，见 [Redis 文档](r.md) 和 [[Redis]] #Redis\n\n```\nRedis\n```\n\n![Redis](x.png) 完\n");
  const auto p = d.prose_text();
  CHECK(p.text == "用 Redis 做 Redis 缓存，见 Redis 文档 和 Redis #Redis\n 完\n");
  CHECK(p.searchable.size() == p.text.size());
  const std::string blank_code(5, ' '), blank_link(12, ' '), blank_wiki(5, ' '), blank_tag(6, ' ');
  CHECK(p.searchable == "用 Redis 做 " + blank_code + " 缓存，见 " + blank_link + " 和 " + blank_wiki + " " + blank_tag +
                            "\n 完\n");
}

TEST_CASE("the context sink gets each sentence as shown, with every link in it rendered") {
  Document d = Document::parse("先 [[网络/]] 后 [[b|别名]]。\n\n![[N]]\n");
  std::vector<std::string> early, shown;
  d.resolve_wikilinks(
      [&](const WikiLink& w) {
        early.push_back(show(w.context));
        if (w.embed) return WikiResolution{Kind::Embed, "n.html", "N", "<!--E-->\n"};
        return WikiResolution{Kind::Page, "x.html", w.target == "网络/" ? "网络" : "B", ""};
      },
      [&](size_t call, const studywiki::Excerpt& e) {
        REQUIRE(call == shown.size());
        shown.push_back(show(e));
      });
  CHECK(early == std::vector<std::string>{"先 [网络/] 后 别名。", "先 网络/ 后 [别名]。", "[N]"});  // all before any is rendered
  CHECK(shown == std::vector<std::string>{"先 [网络] 后 别名。", "先 网络 后 [别名]。", "[N]"});
}

TEST_CASE("a broken image holding a link, and a wikilink with a URL in it after a glued URL") {
  Document d = Document::parse("![see [x](missing.md)](missing.png) 后\n");
  std::vector<std::string> seen;
  d.rewrite_urls([&](const LinkTarget& t) -> std::optional<std::string> {
    seen.push_back(t.url);
    return std::string();
  });
  CHECK(seen == std::vector<std::string>{"missing.png"});  // the link inside went with the image
  CHECK(d.html() == "<p><span class=\"broken-image\" title=\"Missing image\" role=\"img\" aria-label=\"Missing image: see x\">"
        "<span class=\"broken-image-alt\">see x</span><code class=\"broken-image-path\">missing.png</code></span> 后</p>\n");
  Document g = Document::parse("see http://a.com/。见[[Redis 持久化 x://y]]\n");
  REQUIRE(g.wikilinks().size() == 1);
  CHECK(g.wikilinks()[0].target == "Redis 持久化 x://y");
}
