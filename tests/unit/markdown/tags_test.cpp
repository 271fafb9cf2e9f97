// Inline #tags: where they start and end, exclusions, positions, HTML, text.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/site_config.h"
#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::InlineTag;
using studywiki::markdown::Options;
using studywiki::markdown::RawHtml;
using studywiki::markdown::LineBreaks;

namespace {

using V = std::vector<std::string>;

std::string join(const V& v) {
  std::string s = "{";
  for (const std::string& x : v) s += (s.size() > 1 ? ", " : "") + x;
  return s + "}";
}

// "name@line:col" for each tag.
std::string found(std::string_view md, const Options& options = {}) {
  V out;
  for (const InlineTag& t : Document::parse(md, options).tags()) {
    out.push_back(t.name + "@" + std::to_string(t.line) + ":" + std::to_string(t.col));
  }
  return join(out);
}

std::string names(std::string_view md) {
  V out;
  for (const InlineTag& t : Document::parse(md).tags()) out.push_back(t.name);
  return join(out);
}

std::string tag_href(const std::string& name) { return name == "none" ? "" : "../tags/" + name + ".html"; }

std::string para(const std::string& inner) { return "<p>" + inner + "</p>\n"; }

}  // namespace

TEST_CASE("tags: start after a line start, whitespace or CJK punctuation") {
  CHECK(found("#算法 and #db/mysql\n") == join(V{"算法@1:1", "db/mysql@1:9"}));
  CHECK(found("标签：#算法、#分布式\n") == join(V{"算法@1:4", "分布式@1:8"}));
  CHECK(found("（#括号）“#引号” 《#书名》 …#省略\n") == join(V{"括号@1:2", "引号@1:7", "书名@1:13", "省略@1:19"}));
  CHECK(found("全角空格\xE3\x80\x80#x\ttab\t#y\n") == join(V{"x@1:6", "y@1:13"}));
  // Not after letters, digits, CJK characters or ASCII punctuation.
  CHECK(found("C# issue#12 a#b 中文#标签 (#paren) x.#dot ##b **x**#c\n") == "{}");
}

TEST_CASE("tags: name characters, nesting, digits") {
  CHECK(names("#数据库/mysql #a-b_c #かな #한국어 #Ünïcödé #x1\n") ==
        join(V{"数据库/mysql", "a-b_c", "かな", "한국어", "Ünïcödé", "x1"}));
  // Ends at full-width and ASCII punctuation, spaces.
  CHECK(names("#甲，#乙。#丙、#丁：#e.f #g,h #i!j #k)\n") == join(V{"甲", "乙", "丙", "丁", "e", "g", "i", "k"}));
  // Trailing '/' trimmed; an empty segment ends the name.
  CHECK(names("#a/ #b//c #/d #e/f/\n") == join(V{"a", "b", "e/f"}));
  // At least one non-digit.
  CHECK(names("#1 #2024 #2024年 #2024-01 #3/4\n") == join(V{"2024年", "2024-01", "3/4"}));
  CHECK(names("# \n#\n") == "{}");
}

TEST_CASE("tags: headings") {
  // The leading #s are syntax; a tag in the heading text counts.
  CHECK(found("# 标题\n## 标题 #tag\n### #h3\n") == join(V{"tag@2:7", "h3@3:5"}));
  CHECK(found("#\n##\n###### \n####### seven\n") == "{}");
  CHECK(found("#######\n") == "{}");
  // `#x` at a line start (no space) is no heading: a tag.
  CHECK(found("#标签 正文\n") == join(V{"标签@1:1"}));
  const Document d = Document::parse("## 标题 #tag\n");
  REQUIRE(d.headings().size() == 1);
  CHECK(d.headings()[0].text == "标题 #tag");
  CHECK(d.headings()[0].id == "标题-tag");
  // A heading dropped as the title keeps its tags in tags().
  Document t = Document::parse("# Redis #db\n\ntext #cache\n");
  t.remove_heading(t.leading_heading_index());
  CHECK(t.tags().size() == 2);
}

TEST_CASE("tags: never in code, math, links, URLs, wikilinks, entities, raw HTML, comments") {
  CHECK(found("`#code` $#math$ $$#display$$\n") == "{}");
  CHECK(found("```\n#fenced\n```\n\n    #indented\n\n$$\n#math\n$$\n") == "{}");
  CHECK(found("[#text](#dest) ![#alt](a.png) [x](u.md#frag) <https://a.com/#x>\n") == "{}");
  CHECK(found("https://a.com/#frag http://x/#/route 见https://a.com/x#中文 www.a.com/#w\n") == "{}");
  CHECK(found("[[笔记（整理版）#为什么需要 X]] ![[图.png#x]] [[#标题]]\n") == "{}");
  CHECK(found("&#123; &#x4e2d; &#35;esc \\#escaped &amp;#35;\n") == "{}");
  CHECK(found("<span title=\"#attr\">x</span>\n\n<div>\n#block\n</div>\n") == "{}");
  CHECK(found("<div>\n#block\n</div>\n", Options{LineBreaks::Hard, RawHtml::Allow}) == "{}");
  CHECK(found("%%#hidden%% #shown\n\n%%\n#block\n%%\n") == join(V{"shown@1:13"}));
  CHECK(Document::parse("`#code` &#123; \\#x\n").html() == para("<code>#code</code> { #x"));
}

TEST_CASE("tags: next to bare URLs, wikilinks and links") {
  // A URL ends at CJK punctuation; the tag after it counts.
  CHECK(found("见 https://a.com/x，#标签\n") == join(V{"标签@1:19"}));
  CHECK(found("地址https://a.com/x #t1\n") == join(V{"t1@1:19"}));
  CHECK(found("[[笔记]] #t [t](u) #u\n") == join(V{"t@1:8", "u@1:18"}));
  CHECK(found("[[笔记]]#glued [t](u)#glued\n") == "{}");
  CHECK(found("[[a*b*c]] #t1 [[x]]。#t2 https://a.com/y#中文\n") == join(V{"t1@1:11", "t2@1:21"}));
  // After comments on the same line.
  CHECK(found("a %%x%% #t1 %%y%%b #t2\n%%z%%#t3 %%\nw%% #t4\n") == join(V{"t1@1:9", "t2@1:20", "t3@2:6", "t4@3:5"}));
  CHECK(found("**粗体** #a *#b* **x**#c\n") == join(V{"a@1:8", "b@1:12"}));
}

TEST_CASE("tags: positions on continuation lines, in lists, quotes and tables") {
  CHECK(found("第一行\n  #续行 中文 #二\n") == join(V{"续行@2:3", "二@2:10"}));
  CHECK(found("- item #l1\n  cont #l2\n  1. 嵌套 #l3\n") == join(V{"l1@1:8", "l2@2:8", "l3@3:9"}));
  CHECK(found("> 引用 #q1\n>   #q2\n> > #q3\n") == join(V{"q1@1:6", "q2@2:5", "q3@3:5"}));
  CHECK(found("| a | b |\n|---|---|\n| #t1 | x #t2 |\n") == join(V{"t1@3:3", "t2@3:11"}));
  CHECK(found("- [ ] #todo 任务\n") == join(V{"todo@1:7"}));
  CHECK(found("\\* &amp; #after\n") == join(V{"after@1:10"}));
}

TEST_CASE("tags: document order, duplicates kept") {
  CHECK(names("#b #a\n\n- #b\n\n> #c #a\n") == join(V{"b", "a", "b", "c", "a"}));
}

TEST_CASE("tags: HTML before and after resolve_tags") {
  CHECK(Document::parse("标签：#算法、#分布式\n").html() == para("标签：#算法、#分布式"));
  // The href is attribute-escaped.
  Document d = Document::parse("#a\n");
  d.resolve_tags([](const std::string&) { return std::string("t?a=1&b=\"2\""); });
  CHECK(d.html() == para("<a class=\"tag\" href=\"t?a=1&amp;b=&quot;2&quot;\">#a</a>"));
}

TEST_CASE("tags: plain text, summary and first line keep #name") {
  Document d = Document::parse("# 标题 #h\n\n正文 #标签，结束\n");
  d.resolve_tags(tag_href);
  CHECK(d.plain_text() == "标题 #h\n正文 #标签，结束");
  CHECK(d.summary(100) == "正文 #标签，结束");
  CHECK(d.first_text_line() == "标题 #h");
  // Soft line breaks: a tag ending in CJK joins the next CJK line.
  Document s = Document::parse("前 #标签\n后文\n", Options{LineBreaks::Soft, RawHtml::Escape});
  CHECK(s.summary(100) == "前 #标签后文");
}

TEST_CASE("tags: code written as prose is no tag") {
  // C preprocessor lines, also glued to Chinese.
  CHECK(names("头文件：#include <tchar.h>\n#define MAX 10\n#ifdef _WIN32\n#endif\n#pragma once\n#include<stdio.h>\n") == "{}");
  CHECK(names("#if 0\n#else\n#undef X\n#ifndef A_H\n") == "{}");
  CHECK(names("：#include指令把文件包含进来，#define定义宏\n") == "{}");
  // `#if` and friends only at a line start; other words that begin like a directive are tags.
  CHECK(names("#if条件编译 #import 与 #ifdefine #includes\n") == join(V{"import", "ifdefine", "includes"}));
  // CSS colours and selectors.
  CHECK(names("颜色 #6699FF; 背景 #fff 边框 #FFF 透明 #00000080\n") == "{}");
  CHECK(names("选择器 #box{width:1px}\n#nav > li:hover {\n#a, #b {\n#main .item{\n") == "{}");
  CHECK(names("#abc #cafe #face #add\n颜色 #bad; 边框\n") == join(V{"abc", "cafe", "face", "add"}));
  // A comment after a number on a config line.
  CHECK(names("port 6379 #默认6379\nbind 127.0.0.1 #只监听本机\nsave 900 1 #900秒内1次修改\n") == "{}");
  CHECK(names("2024 #总结\n读书 2024 #reading\n") == join(V{"总结", "reading"}));
  // Lua's length operator in a line of code.
  CHECK(names("local n = #a\nif #t > 0 then\nfor i = 1, #a do\ns = s .. #t\nreturn #list == 0\nx = y + #t;\n") == "{}");
  CHECK(names("长度是 n = #a，判断 #t > 0 时\n") == "{}");
  CHECK(names("#a/ #b 和 a / #c，a.#d 与 end. #e\n") == join(V{"a", "b", "c", "e"}));
  // What stays a tag next to such things.
  CHECK(names("==高亮 #hl== #redis #db/redis 标签：#算法、#include_dir\n") ==
        join(V{"hl", "redis", "db/redis", "算法", "include_dir"}));
  CHECK(names("==important== #todo\n") == join(V{"todo"}));
  CHECK(found("文字 #真标签\n#define X 1\n") == join(V{"真标签@1:4"}));
  // The text is kept as written.
  CHECK(Document::parse("#include <tchar.h>\n").html().find("#include &lt;tchar.h&gt;") != std::string::npos);
}

TEST_CASE("tags: inline_tags: false finds none") {
  Options o;
  o.inline_tags = false;
  CHECK(found("#算法 正文 #db/redis\n", o) == "{}");
  // site.yml
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "studywiki-inline-tags-test";
  std::filesystem::create_directories(dir);
  const auto load = [&](const std::string& yml, studywiki::Diagnostics& diags) {
    std::ofstream(dir / "site.yml") << yml;
    studywiki::SiteConfig config;
    studywiki::load_site_config(dir / "site.yml", "site.yml", config, diags);
    return config;
  };
  studywiki::Diagnostics d1, d2, d3;
  CHECK(load("title: x\n", d1).markdown.inline_tags);
  CHECK_FALSE(load("inline_tags: false\n", d2).markdown.inline_tags);
  CHECK(d2.error_count() == 0);
  CHECK(load("inline_tags: maybe\n", d3).markdown.inline_tags);
  CHECK(d3.error_count() == 1);
  std::filesystem::remove_all(dir);
}
