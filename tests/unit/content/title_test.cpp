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

TEST_CASE("title: the first level-1 heading beats the file name") {
  auto t = title_of("intro\n\n## two\n\n# One\n", "file name");
  CHECK(t.title == "One");
  CHECK(t.hidden_heading == -1);  // not the first block: it stays in the body
  auto lead = title_of("# KOA\nKoa 是…\n", "koa-notes");
  CHECK(lead.title == "KOA");
  CHECK(lead.hidden_heading == 0);
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
  auto line = title_of(" \n\n\nDocker\n\n1. Docker 是一个容器化平台\n", "002_76b75fdf49d28585");
  CHECK(line.title == "Docker");
  auto stripped = title_of("**Nginx** 反向代理 `proxy_pass` 备忘\n", "Untitled");
  CHECK(stripped.title == "Nginx 反向代理 proxy_pass 备忘");
  auto long_line = title_of(std::string(100, 'x') + "\n", "Untitled");
  CHECK(long_line.title == std::string(60, 'x') + "…");
}
