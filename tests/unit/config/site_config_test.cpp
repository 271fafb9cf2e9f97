#include "config/site_config.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

using namespace studywiki;

namespace {

namespace stdfs = std::filesystem;

/// A site folder with `site.yml` holding `yaml` (and the given static files), removed at the end.
struct TempSite {
  stdfs::path root;
  explicit TempSite(const std::string& yaml, const std::vector<std::string>& static_files = {}) {
    static std::atomic<int> counter{0};
    root = stdfs::temp_directory_path() /
           ("studywiki-config-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    stdfs::remove_all(root);
    stdfs::create_directories(root / "content");
    std::ofstream(root / "site.yml") << yaml;
    for (const auto& f : static_files) {
      stdfs::create_directories((root / "static" / f).parent_path());
      std::ofstream(root / "static" / f) << "x";
    }
  }
  ~TempSite() {
    std::error_code ec;
    stdfs::remove_all(root, ec);
  }
};

struct Loaded {
  SiteConfig config;
  std::vector<std::string> diagnostics;
};

Loaded load(const std::string& yaml, const std::vector<std::string>& static_files = {}) {
  TempSite site(yaml, static_files);
  Loaded l;
  Diagnostics d;
  load_site_config(site.root / "site.yml", "site.yml", l.config, d);
  apply_site_defaults(l.config, site.root, site.root / "content");
  for (const auto& diag : d.sorted()) l.diagnostics.push_back(diag.to_string());
  return l;
}

}  // namespace

TEST_CASE("site.yml: an unknown key is a warning naming the closest known key") {
  auto l = load("title: T\ntitel: typo\nbase-url: https://a.org/\nrecnet: 5\nzzz: 1\n");
  CHECK(l.diagnostics == std::vector<std::string>{
                             "site.yml:2:1: warning: unknown key 'titel'; did you mean 'title'?",
                             "site.yml:3:1: warning: unknown key 'base-url'; did you mean 'base_url'?",
                             "site.yml:4:1: warning: unknown key 'recnet'; did you mean 'recent'?",
                             "site.yml:5:1: warning: unknown key 'zzz'",
                         });
  CHECK(l.config.title == "T");
  CHECK(l.config.base_url.empty());
  CHECK(l.config.recent_count == 20);
}

TEST_CASE("site.yml: unknown keys are reported even when a value does not convert") {
  auto l = load("recent: many\ntitel: T\n");
  REQUIRE(l.diagnostics.size() == 2);
  CHECK(l.diagnostics[0].starts_with("site.yml:1:9: error: site.yml: "));
  CHECK(l.diagnostics[1] == "site.yml:2:1: warning: unknown key 'titel'; did you mean 'title'?");
}

TEST_CASE("site.yml: every known key is read without a warning") {
  std::string yaml;
  for (const auto& key : kSiteConfigKeys) {
    if (key == "ignore" || key == "extra_css") yaml += key + ": []\n";
    else if (key == "inline_tags") yaml += key + ": true\n";
    else if (key == "recent") yaml += key + ": 3\n";
    else if (key == "line_breaks") yaml += key + ": soft\n";
    else if (key == "raw_html") yaml += key + ": escape\n";
    else if (key == "base_url" || key == "repo_url" || key == "favicon") yaml += key + ": https://example.org/x\n";
    else yaml += key + ": x\n";
  }
  auto l = load(yaml);
  CHECK(l.diagnostics.empty());
  CHECK(kSiteConfigKeys.size() == 14);
}

TEST_CASE("base_url must be http(s) with a host") {
  CHECK(base_url_problem("https://me.github.io/wiki/") == "");
  CHECK(base_url_problem("http://localhost:8000") == "");
  CHECK(base_url_problem("https://example.org") == "");
  CHECK(base_url_problem("me.github.io/wiki") == "must start with http:// or https://");
  CHECK(base_url_problem("ftp://example.org/") == "must start with http:// or https://");
  CHECK(base_url_problem("/wiki/") == "must start with http:// or https://");
  CHECK(base_url_problem("https://") == "has no host");
  CHECK(base_url_problem("https:///wiki/") == "has no host");
  CHECK(base_url_problem("https://:80/") == "has no host");
  CHECK(base_url_problem("https://a b.org/") == "holds a space or control character");
  CHECK(base_url_problem("https://a.org/?x=1") == "must not hold a query or fragment");
  CHECK(base_url_problem("https://a.org/#top") == "must not hold a query or fragment");

  auto bad = load("base_url: me.github.io/wiki\n");
  CHECK(bad.diagnostics == std::vector<std::string>{
                               "site.yml:1:11: error: base_url 'me.github.io/wiki' must start with http:// or https:// "
                               "(like https://me.github.io/wiki/)"});
  CHECK(bad.config.base_url.empty());
  CHECK(load("base_url: https://me.github.io/wiki\n").config.base_url == "https://me.github.io/wiki/");
  CHECK(load("base_url: \"\"\n").diagnostics.empty());
}

TEST_CASE("extra_css: static/custom.css by default, or the list site.yml gives") {
  CHECK(load("title: T\n").config.extra_css.empty());
  CHECK(load("title: T\n", {"custom.css"}).config.extra_css == std::vector<std::string>{"custom.css"});
  // a list replaces the default, an empty one too
  CHECK(load("extra_css: []\n", {"custom.css"}).config.extra_css.empty());
  auto l = load("extra_css:\n  - /css/a.css\n  - https://cdn.example.com/x.css\n  - gone.css\n", {"css/a.css", "custom.css"});
  CHECK(l.config.extra_css == std::vector<std::string>{"css/a.css", "https://cdn.example.com/x.css", "gone.css"});
  CHECK(l.diagnostics == std::vector<std::string>{"site.yml:4:5: warning: extra_css 'gone.css' is not a file in static/"});
  CHECK(load("extra_css: a.css\n", {"a.css"}).config.extra_css == std::vector<std::string>{"a.css"});
  CHECK(load("extra_css: {a: 1}\n").diagnostics ==
        std::vector<std::string>{"site.yml:1:12: error: extra_css must be a list of paths"});
}

TEST_CASE("favicon: the theme's unless site.yml names one") {
  CHECK(load("title: T\n").config.favicon.empty());
  CHECK(load("favicon: icon.png\n", {"icon.png"}).config.favicon == "icon.png");
  CHECK(load("favicon: https://example.org/f.ico\n").config.favicon == "https://example.org/f.ico");
  auto missing = load("favicon: nope.ico\n");
  CHECK(missing.diagnostics == std::vector<std::string>{"site.yml:1:10: warning: favicon 'nope.ico' is not a file in static/"});
}

TEST_CASE("edit links: repo_url + edit_uri + the note's path, percent-encoded") {
  SiteConfig c;
  CHECK(edit_url(c, "a.md") == "");
  c.repo_url = "https://github.com/me/notes";
  CHECK(edit_url(c, "a.md") == "");  // no edit_uri, no link
  c.edit_uri = "edit/main/content/";
  CHECK(edit_url(c, "db/Redis 持久化.md") ==
        "https://github.com/me/notes/edit/main/content/db/Redis%20%E6%8C%81%E4%B9%85%E5%8C%96.md");
  c.edit_uri = "/src/branch/main/docs";  // a trailing '/' is added, a leading one dropped
  CHECK(edit_url(c, "a b.md") == "https://github.com/me/notes/src/branch/main/docs/a%20b.md");
  c.edit_uri = "https://gitlab.example.org/me/notes/-/edit/main/";  // absolute: repo_url not needed
  c.repo_url.clear();
  CHECK(edit_url(c, "x.md") == "https://gitlab.example.org/me/notes/-/edit/main/x.md");
  c.edit_uri = "https://example.org/edit?file=";
  CHECK(edit_url(c, "a&b.md") == "https://example.org/edit?file=a%26b.md");
  c.edit_uri = "edit/main/";
  CHECK(edit_url(c, "x.md") == "");  // relative, and no repo_url

  CHECK(default_edit_uri("https://github.com/me/notes", "content") == "edit/main/content/");
  CHECK(default_edit_uri("https://github.com/me/vault", "") == "edit/main/");
  CHECK(default_edit_uri("https://gitlab.com/me/notes", "content") == "");
  // from site.yml: the default follows where the notes are in the site folder
  auto l = load("repo_url: https://github.com/me/notes\n");
  CHECK(l.config.edit_uri == "edit/main/content/");
  CHECK(edit_url(l.config, "a.md") == "https://github.com/me/notes/edit/main/content/a.md");
  CHECK(load("repo_url: https://github.com/me/notes\nedit_uri: \"\"\n").config.edit_uri.empty());  // turned off
  CHECK(load("repo_url: github.com/me/notes\n").diagnostics ==
        std::vector<std::string>{"site.yml:1:11: error: repo_url 'github.com/me/notes' must start with http:// or https://"});
}
