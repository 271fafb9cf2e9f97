#include "content/title.h"

#include <doctest/doctest.h>

using namespace studywiki;

namespace {
TitleChoice title_of(const std::string& markdown, const std::string& stem,
                     std::optional<std::string> front = std::nullopt) {
  auto doc = markdown::Document::parse(markdown, {});
  return choose_title(front, doc, stem);
}
}  // namespace

TEST_CASE("machine-made file names") {
  CHECK(is_machine_made_name("000_439ffd1bdb358e11"));
  CHECK(is_machine_made_name("Untitled"));
  CHECK(is_machine_made_name("Untitled 3"));
  CHECK(is_machine_made_name("未命名"));
  CHECK(is_machine_made_name("未命名2"));
  CHECK(is_machine_made_name("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
  CHECK(is_machine_made_name("202304051230"));
  CHECK_FALSE(is_machine_made_name("Redis 持久化"));
  CHECK_FALSE(is_machine_made_name("deadbeef notes"));
  CHECK_FALSE(is_machine_made_name("cafe"));
  CHECK_FALSE(is_machine_made_name("2024"));
}

TEST_CASE("title: front matter first, and the same leading heading is not shown twice") {
  auto t = title_of("# Redis 持久化\n\ntext\n", "redis", std::string("Redis 持久化"));
  CHECK(t.title == "Redis 持久化");
  CHECK(t.hidden_heading == 0);
  auto u = title_of("# Other\n\ntext\n", "redis", std::string("Redis"));
  CHECK(u.title == "Redis");
  CHECK(u.hidden_heading == -1);
}

TEST_CASE("title: a level-1 heading that opens the note and is its only one beats the file name") {
  auto lead = title_of("# KOA\nKoa 是…\n", "koa-notes");
  CHECK(lead.title == "KOA");
  CHECK(lead.source == TitleChoice::Source::Heading);
  CHECK(lead.hidden_heading == 0);
  auto with_subsections = title_of("# 二叉搜索树\n\n## 查找\n\n## 插入\n", "BST");
  CHECK(with_subsections.title == "二叉搜索树");
  CHECK(with_subsections.hidden_heading == 0);
  // Blank lines and comments before it do not count: it still opens the note.
  auto after_comment = title_of("\n\n<!-- 草稿 -->\n\n# 二叉搜索树\n\ntext\n", "BST");
  CHECK(after_comment.title == "二叉搜索树");
  CHECK(after_comment.hidden_heading == 0);
  auto after_obsidian_comment = title_of("%%\ntodo\n%%\n# 二叉搜索树\n\ntext\n", "BST");
  CHECK(after_obsidian_comment.title == "二叉搜索树");
}

TEST_CASE("title: a section heading is not a title") {
  // `#` used for sections: the file name, and the opening heading stays in the page.
  auto sections = title_of("# 题目\n\n写一个函数。\n\n# 思路\n\n递推。\n\n# 参考\n\n- 剑指 Offer\n", "斐波那契数列");
  CHECK(sections.title == "斐波那契数列");
  CHECK(sections.source == TitleChoice::Source::FileName);
  CHECK(sections.hidden_heading == -1);
  auto references = title_of("# References\n\n- CLRS\n\n# 状态转移\n", "动态规划");
  CHECK(references.title == "动态规划");
  CHECK(references.hidden_heading == -1);
  // Even when it reads like the file name: its id is a target of the note's own links.
  auto same = title_of("# LeetCode 题解 - 排序\n\n[x](#leetcode-题解---排序)\n\n# 快速排序\n", "LeetCode 题解 - 排序");
  CHECK(same.title == "LeetCode 题解 - 排序");
  CHECK(same.hidden_heading == -1);
  // A level-1 heading that does not open the note is a section too.
  auto later = title_of("intro\n\n## two\n\n# One\n", "file name");
  CHECK(later.title == "file name");
  CHECK(later.hidden_heading == -1);
  auto after_text = title_of("前言\n\n# 正文\n", "笔记");
  CHECK(after_text.title == "笔记");
  // One opening `#` plus another `#` further down: sections, not a title.
  auto two = title_of("# Timeline\n\n2020\n\n# Links\n", "wechat");
  CHECK(two.title == "wechat");
  // A level-1 heading in a quote still counts as one.
  auto quoted = title_of("# Redis\n\n> # 引用\n", "redis-notes");
  CHECK(quoted.title == "redis-notes");
}

TEST_CASE("title: the file name when it is not machine-made") {
  auto t = title_of("## 自我介绍\n\ntext\n", "我的笔记");
  CHECK(t.title == "我的笔记");
  CHECK(t.hidden_heading == -1);
}

TEST_CASE("title: machine-made names take the first heading of any level, else the first line") {
  auto t = title_of("## 自我介绍\n“半吊子”后端程序员。\n", "003_861db54ce930dc6b");
  CHECK(t.title == "自我介绍");
  CHECK(t.hidden_heading == 0);
  // Two `#` headings: a machine-made name still takes the first (seed 001).
  auto two = title_of("# 熟练使用Django web 框架\n\n# 熟悉服务器间 Socket 通信\n", "001_64b8a2bfaee6d08c");
  CHECK(two.title == "熟练使用Django web 框架");
  CHECK(two.hidden_heading == 0);
  auto deep = title_of("text\n\n### 深处\n", "Untitled 2");
  CHECK(deep.title == "深处");
  CHECK(deep.hidden_heading == -1);  // does not open the note: stays
  auto line = title_of(" \n\n\nDocker\n\n1. Docker 是一个容器化平台\n", "002_76b75fdf49d28585");
  CHECK(line.title == "Docker");
  CHECK(line.source == TitleChoice::Source::FirstLine);
  CHECK(line.hidden_line);
  auto stripped = title_of("**Nginx** 反向代理 `proxy_pass` 备忘\n", "Untitled");
  CHECK(stripped.title == "Nginx 反向代理 proxy_pass 备忘");
  auto long_line = title_of(std::string(100, 'x') + "\n", "Untitled");
  CHECK(long_line.title == std::string(60, 'x') + "…");
  CHECK_FALSE(long_line.hidden_line);  // cut: the line stays whole in the page
}

TEST_CASE("title: the opening line that became the title is not shown twice") {
  auto html_without_line = [](const std::string& md, const std::string& stem) {
    auto doc = markdown::Document::parse(md, {});
    auto t = choose_title(std::nullopt, doc, stem);
    if (t.hidden_line) doc.remove_leading_line();
    return std::make_pair(t, doc.html());
  };
  // Seed 002: a paragraph of one line goes.
  auto [docker, docker_html] = html_without_line(" \n\n\nDocker\n\n1. Docker 是一个容器化平台\n", "002_76b75fdf49d28585");
  CHECK(docker.title == "Docker");
  CHECK(docker_html.find("<p>Docker</p>") == std::string::npos);
  CHECK(docker_html.find("Docker 是一个容器化平台") != std::string::npos);
  // The first line of a longer paragraph goes with its line break; the rest stays.
  auto [nginx, nginx_html] = html_without_line("**Nginx** 备忘\n反向代理 `proxy_pass`\n", "Untitled");
  CHECK(nginx.title == "Nginx 备忘");
  CHECK(nginx.hidden_line);
  CHECK(nginx_html.find("Nginx") == std::string::npos);
  CHECK(nginx_html.find("<p>反向代理 <code>proxy_pass</code></p>") != std::string::npos);
  // A line that does not open the note (after a code block) stays.
  auto [after_code, after_code_html] = html_without_line("```\nls\n```\n\n命令备忘\n", "Untitled");
  CHECK(after_code.title == "命令备忘");
  CHECK_FALSE(after_code.hidden_line);
  CHECK(after_code_html.find("命令备忘") != std::string::npos);
  // In a list it stays too (no empty bullet).
  auto [listed, listed_html] = html_without_line("- 第一项\n- 第二项\n", "未命名");
  CHECK(listed.title == "第一项");
  CHECK_FALSE(listed.hidden_line);
  // A line that holds a link or an embed stays: they would go with it.
  auto [linked, linked_html] = html_without_line("[[Docker]] 笔记\n\n正文\n", "Untitled");
  CHECK(linked.title == "Docker 笔记");
  CHECK_FALSE(linked.hidden_line);
  auto [embed, embed_html] = html_without_line("![[Docker]]\n", "Untitled");
  CHECK_FALSE(embed.hidden_line);
  auto [highlighted, highlighted_html] = html_without_line("==Docker== #容器\n\n正文\n", "Untitled");
  CHECK(highlighted.hidden_line);
  CHECK(highlighted_html.find("<mark>") == std::string::npos);
  // A line break inside emphasis: the line is not a node range of its own.
  auto [inside, inside_html] = html_without_line("**粗体\n第二行**\n", "Untitled");
  CHECK(inside.title == "粗体");
  CHECK_FALSE(inside.hidden_line);
  CHECK(inside_html.find("粗体") != std::string::npos);
}
