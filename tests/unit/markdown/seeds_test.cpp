// Checks against the real notes in ../shared/seeds (SEEDS_DIR overrides the
// folder); a missing folder fails the test, it is not skipped.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "markdown/document.h"

using studywiki::markdown::Document;

namespace {

/// SEEDS_DIR if set, else ../shared/seeds next to the repository (CMakeLists.txt).
std::filesystem::path seeds_dir() {
  if (const char* env = std::getenv("SEEDS_DIR"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(STUDYWIKI_SHARED_DIR) / "seeds";
}

// Reads the seed whose file name starts with `prefix` ("000" …); "" if none.
std::string read_seed(const std::filesystem::path& dir, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".txt") {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    }
  }
  return {};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("seeds: real notes render as expected") {
  const auto dir = seeds_dir();
  std::error_code ec;
  REQUIRE_MESSAGE(std::filesystem::is_directory(dir, ec),
                  "seeds folder missing: " << dir.lexically_normal().string() << " (the shared folder beside the repository, or SEEDS_DIR)");

  SUBCASE("000: bare URLs next to Chinese") {
    const std::string md = read_seed(dir, "000");
    REQUIRE_FALSE(md.empty());
    const std::string html = Document::parse(md).html();
    CHECK(contains(html, "学习地址：<a href=\"http://www.ruanyifeng.com/blog/2017/08/koa.html\">"
                         "http://www.ruanyifeng.com/blog/2017/08/koa.html</a>"));
    CHECK(contains(html, "教程<a href=\"https://docs.scipy.org/doc/scipy/reference/index.html\">"
                         "https://docs.scipy.org/doc/scipy/reference/index.html</a>。下面"));
  }

  SUBCASE("001: ==highlights==") {
    const std::string md = read_seed(dir, "001");
    REQUIRE_FALSE(md.empty());
    const std::string html = Document::parse(md).html();
    CHECK(contains(html, "<mark>网络进程间通信。</mark>"));
    CHECK(contains(html, "<mark>网络进程通信：</mark>"));
  }

  SUBCASE("002: math, escaped dollars, title line") {
    const std::string md = read_seed(dir, "002");
    REQUIRE_FALSE(md.empty());
    const Document d = Document::parse(md);
    const std::string html = d.html();
    CHECK(contains(html, "<span class=\"math math-inline\">root.left &lt; root \\&amp; root &lt; root.right</span>"));
    CHECK(contains(html, "echo $HOME"));
    CHECK_FALSE(contains(html, "\\$HOME"));
    CHECK(d.first_text_line() == "Docker");
    CHECK(d.has_math());
  }

  SUBCASE("003: first heading") {
    const std::string md = read_seed(dir, "003");
    REQUIRE_FALSE(md.empty());
    const Document d = Document::parse(md);
    REQUIRE_FALSE(d.headings().empty());
    CHECK(d.headings()[0].text == "自我介绍");
    CHECK(d.headings()[0].level == 2);
    CHECK(d.headings()[0].line == 1);
    CHECK(d.leading_heading_index() == 0);
  }

  SUBCASE("inline tags: none in any seed") {
    // 000/001/004: `#` only as heading markers (also `+ ###### 集群` in a
    // list); 000: `C/C++/Fortran`; 003: `C#` in text, `#supervisord` and
    // `#!/usr/bin/env` in code blocks, `# …` comments in indented code.
    for (const char* prefix : {"000", "001", "002", "003", "004"}) {
      const std::string md = read_seed(dir, prefix);
      REQUIRE_FALSE(md.empty());
      CHECK_MESSAGE(Document::parse(md).tags().empty(), prefix);
      // A tag added at the end is found (at its line), so the check above means something.
      const Document d = Document::parse(md + "\n\n结尾 #seed-tag\n");
      REQUIRE(d.tags().size() == 1);
      CHECK(d.tags()[0].name == "seed-tag");
      CHECK(d.tags()[0].col == 4);
    }
  }

  SUBCASE("004: one-line-per-line outline keeps its lines") {
    const std::string md = read_seed(dir, "004");
    REQUIRE_FALSE(md.empty());
    const std::string html = Document::parse(md).html();
    CHECK(contains(html, "1.算法谱系<br />\n2.工具谱系"));
    CHECK(contains(html, "\\性能(针对高并发)<br />\n1.python<br />\nrequests<br />"));
  }
}
