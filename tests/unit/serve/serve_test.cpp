// `serve`: request targets that must never leave the output folder, content
// types, the live script's injection, debouncing and the watchers.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "serve/request_path.h"
#include "serve/serve.h"
#include "serve/watch.h"
#include "pipeline/build.h"

namespace stdfs = std::filesystem;
using namespace studywiki::serve;
using Kind = Target::Kind;
using std::chrono::milliseconds;

namespace {

stdfs::path temp_folder(const char* name) {
  const stdfs::path dir = stdfs::temp_directory_path() / (std::string("studywiki-serve-") + name + "-" +
                                                          std::to_string(::getpid()));
  stdfs::remove_all(dir);
  stdfs::create_directories(dir);
  return dir;
}

void write(const stdfs::path& p, const std::string& text) {
  stdfs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("base_path_of: the path of base_url, with both slashes") {
  CHECK(base_path_of("") == "/");
  CHECK(base_path_of("https://me.github.io/") == "/");
  CHECK(base_path_of("https://me.github.io") == "/");
  CHECK(base_path_of("https://me.github.io/notes/") == "/notes/");
  CHECK(base_path_of("https://me.github.io/notes") == "/notes/");
  CHECK(base_path_of("https://x.org/a/b/?q#f") == "/a/b/");
}

TEST_CASE("resolve_target: files under the base path, decoded") {
  Target t = resolve_target("/notes/db/redis.html?x=1#y", "/notes/");
  CHECK(t.kind == Kind::File);
  CHECK(t.rel == "db/redis.html");
  CHECK_FALSE(t.slash);
  t = resolve_target("/notes/db/a%20b%E6%8C%81.html", "/notes/");
  CHECK(t.kind == Kind::File);
  CHECK(t.rel == "db/a b\xE6\x8C\x81.html");
  t = resolve_target("/notes/db/", "/notes/");
  CHECK(t.kind == Kind::File);
  CHECK(t.rel == "db");
  CHECK(t.slash);
  t = resolve_target("/notes/", "/notes/");
  CHECK(t.kind == Kind::File);
  CHECK(t.rel == "");
  t = resolve_target("/a.css", "/");
  CHECK(t.kind == Kind::File);
  CHECK(t.rel == "a.css");
}

TEST_CASE("resolve_target: / and the base path without its slash redirect to the base path") {
  Target t = resolve_target("/", "/notes/");
  CHECK(t.kind == Kind::Redirect);
  CHECK(t.location == "/notes/");
  t = resolve_target("/notes", "/notes/");
  CHECK(t.kind == Kind::Redirect);
  CHECK(t.location == "/notes/");
  CHECK(resolve_target("/", "/").kind == Kind::File);
  CHECK(resolve_target("/other/x.html", "/notes/").kind == Kind::Outside);
  CHECK(resolve_target("/notesx/a.html", "/notes/").kind == Kind::Outside);
  CHECK(resolve_target("/etc/passwd", "/notes/").kind == Kind::Outside);
}

TEST_CASE("resolve_target: whatever could leave the folder is a bad request") {
  for (const char* target : {
           "/notes/../etc/passwd", "/notes/db/../../x", "/..", "/notes/..", "/notes/%2e%2e/x", "/notes/%2E%2E/x",
           "/notes/.%2e/x", "/notes/%2e./x", "/notes/db/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/notes/a%2fb",
           "/notes/a%2Fb", "/notes/..%5c..%5cx", "/notes/a\\b", "/notes/%5c", "/notes/a%00.html", "/notes/./a",
           "/notes//etc/passwd", "//etc/passwd", "etc/passwd", "http://evil/x", "C:/x", "", "/notes/%", "/notes/%4",
           "/notes/%zz", "/%2e%2e/%2e%2e/etc/passwd"}) {
    CAPTURE(target);
    CHECK(resolve_target(target, "/notes/").kind == Kind::BadRequest);
    CHECK(resolve_target(target, "/").kind != Kind::File);
  }
  // Dots inside a name are a name.
  CHECK(resolve_target("/notes/a..b.html", "/notes/").kind == Kind::File);
  CHECK(resolve_target("/notes/...", "/notes/").kind == Kind::File);
}

TEST_CASE("inside_folder: symlinks are followed before the check") {
  const stdfs::path dir = temp_folder("inside");
  write(dir / "out/a.html", "a");
  write(dir / "secret.txt", "s");
  stdfs::create_symlink(dir / "secret.txt", dir / "out/link.txt");
  stdfs::create_directory_symlink(dir, dir / "out/up");
  stdfs::create_symlink(dir / "out/a.html", dir / "out/same.html");
  CHECK(inside_folder(dir / "out", dir / "out/a.html"));
  CHECK(inside_folder(dir / "out", dir / "out/same.html"));
  CHECK_FALSE(inside_folder(dir / "out", dir / "out/link.txt"));
  CHECK_FALSE(inside_folder(dir / "out", dir / "out/up/secret.txt"));
  CHECK_FALSE(inside_folder(dir / "out", dir / "out/missing.html"));
  CHECK_FALSE(inside_folder(dir / "out", dir / "outside-but-prefix"));
  stdfs::remove_all(dir);
}

TEST_CASE("content_type_for") {
  CHECK(content_type_for("a.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("A.HTML") == "text/html; charset=utf-8");
  CHECK(content_type_for("style.css") == "text/css; charset=utf-8");
  CHECK(content_type_for("site.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("graph.json") == "application/json");
  CHECK(content_type_for("x.svg") == "image/svg+xml");
  CHECK(content_type_for("x.png") == "image/png");
  CHECK(content_type_for("KaTeX_Main.woff2") == "font/woff2");
  CHECK(content_type_for("sitemap.xml") == "application/xml");
  CHECK(content_type_for(".nojekyll") == "application/octet-stream");
}

TEST_CASE("inject_live_script: before the last </body>, attributes escaped, the build count the page was read at") {
  CHECK(inject_live_script("<html><body>x</body></html>", "/s.js", "/n/", 0) ==
        "<html><body>x<script src=\"/s.js\" data-base=\"/n/\" data-since=\"0\"></script>\n</body></html>");
  CHECK(inject_live_script("<p>&lt;/body&gt;</p></BODY>", "/s.js", "/", 12) ==
        "<p>&lt;/body&gt;</p><script src=\"/s.js\" data-base=\"/\" data-since=\"12\"></script>\n</BODY>");
  CHECK(inject_live_script("no body", "/s.js", "/a\"b/", 3) ==
        "no body<script src=\"/s.js\" data-base=\"/a&quot;b/\" data-since=\"3\"></script>\n");
}

TEST_CASE("summary_line") {
  Rebuilt r;
  r.seconds = 0.424;
  r.written = 3;
  CHECK(summary_line(r, {"content/db/redis.md"}) == "rebuilt in 0.42 s: 3 written, 0 removed (content/db/redis.md changed)");
  CHECK(summary_line(r, {"a.md", "b.md", "c.md"}) == "rebuilt in 0.42 s: 3 written, 0 removed (a.md and 2 more changed)");
  r.failures = {"content/a.md:1:1: error: x"};
  CHECK(summary_line(r, {"a.md"}) == "rebuilt in 0.42 s: 3 written, 0 removed (a.md changed); 1 error");
}

TEST_CASE("Debouncer: a burst of events is one rebuild, 100 ms after the last") {
  Debouncer d(milliseconds(100), milliseconds(2000));
  const auto t0 = Clock::time_point{} + std::chrono::hours(1);
  CHECK_FALSE(d.pending());
  CHECK_FALSE(d.wait(t0).has_value());
  CHECK_FALSE(d.due(t0));
  d.event(t0);
  CHECK(d.wait(t0) == milliseconds(100));
  d.event(t0 + milliseconds(60));
  d.event(t0 + milliseconds(120));
  CHECK_FALSE(d.due(t0 + milliseconds(150)));
  CHECK(d.wait(t0 + milliseconds(150)) == milliseconds(70));
  CHECK_FALSE(d.due(t0 + milliseconds(219)));
  CHECK(d.due(t0 + milliseconds(220)));
  CHECK_FALSE(d.pending());
  CHECK_FALSE(d.due(t0 + milliseconds(400)));  // once per burst
  // A burst that never pauses still rebuilds, 2 s after its first event.
  const auto t1 = t0 + std::chrono::seconds(10);
  for (int i = 0; i < 30; ++i) {
    d.event(t1 + milliseconds(i * 80));
    if (i * 80 < 2000) CHECK_FALSE(d.due(t1 + milliseconds(i * 80)));
  }
  CHECK(d.due(t1 + milliseconds(2000)));
}

TEST_CASE("is_ignored_name: editors' temporary files") {
  for (const char* name : {".redis.md.swp", "redis.md~", ".#redis.md", "#redis.md#", "4913", ".git", ".obsidian",
                           "x.swx", "x.tmp"})
    CHECK(is_ignored_name(name));
  for (const char* name : {"redis.md", "4913.md", "a.png", "site.yml", "templates"}) CHECK_FALSE(is_ignored_name(name));
}

namespace {

/// Waits (up to 5 s) until the watcher reports something; all it reported.
std::vector<std::string> collect(Watcher& w, milliseconds limit = milliseconds(5000)) {
  std::vector<std::string> all;
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    auto got = w.wait(200, -1);
    all.insert(all.end(), got.begin(), got.end());
    if (!all.empty()) {
      auto more = w.wait(150, -1);  // the rest of the burst
      all.insert(all.end(), more.begin(), more.end());
      break;
    }
  }
  return all;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

void watcher_checks(bool polling) {
  const stdfs::path dir = temp_folder(polling ? "poll" : "inotify");
  write(dir / "content/a.md", "a");
  write(dir / "public/index.html", "x");
  write(dir / "other/x.md", "x");
  std::vector<WatchRoot> roots = {{dir, "", [](const std::string& rel) {
                                     const std::string first = rel.substr(0, rel.find('/'));
                                     return first == "content" || first == "site.yml";
                                   }}};
  auto w = Watcher::make(std::move(roots), polling);
  CHECK(std::string(w->kind()) == (polling ? "polling" : "inotify"));
  if (polling) std::this_thread::sleep_for(milliseconds(20));  // a different mtime

  write(dir / "content/a.md", "changed");
  CHECK(has(collect(*w), "content/a.md"));
  // A new folder is watched too, and what is written in it seen.
  write(dir / "content/new/deeper/b.md", "b");
  CHECK(has(collect(*w), "content/new/deeper/b.md"));
  // Editors' temporary files, the output folder and folders not watched are not changes.
  write(dir / "content/.a.md.swp", "x");
  write(dir / "content/a.md~", "x");
  write(dir / "public/index.html", "y");
  write(dir / "other/x.md", "y");
  CHECK(collect(*w, milliseconds(1500)).empty());
  write(dir / "site.yml", "title: x");
  CHECK(has(collect(*w), "site.yml"));
  stdfs::remove(dir / "content/a.md");
  CHECK(has(collect(*w), "content/a.md"));
  stdfs::remove_all(dir);
}

}  // namespace

TEST_CASE("Watcher: inotify") { watcher_checks(false); }
TEST_CASE("Watcher: polling") { watcher_checks(true); }

namespace {

/// Whether the roots take `shown` (a path as reported: "content/a.md", "vault/a.md").
bool watched(const std::vector<WatchRoot>& roots, const std::string& shown) {
  for (const WatchRoot& r : roots) {
    if (shown.rfind(r.shown, 0) != 0) continue;
    const std::string rel = shown.substr(r.shown.size());
    // Every folder on the way must be taken too (the watchers ask them first).
    bool all = true;
    for (size_t slash = rel.find('/'); slash != std::string::npos && all; slash = rel.find('/', slash + 1))
      all = r.accept(rel.substr(0, slash));
    if (all && r.accept(rel)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("watch_roots: a site's content/, templates/, static/ and site.yml, never its output") {
  const stdfs::path dir = temp_folder("roots-site");
  studywiki::BuildOptions o;
  o.site = dir;
  o.source = dir / "content";
  o.out = dir / "public";
  o.display_root = "content/";
  const auto roots = watch_roots(o);
  REQUIRE(roots.size() == 1);
  for (const char* yes : {"site.yml", "content/a.md", "content/db/redis.md", "content/img/a.png", "templates/note.mustache",
                          "templates/assets/style.css", "templates/strings/en.yml", "static/CNAME", "static/css/x.css"}) {
    CAPTURE(yes);
    CHECK(watched(roots, yes));
  }
  for (const char* no : {"public/index.html", "public", "README.md", "node_modules/x/y.js", "other/a.md", "site.yml.bak",
                         "build/studywiki"}) {
    CAPTURE(no);
    CHECK_FALSE(watched(roots, no));
  }
  // Notes outside the site (--site and --source apart): both trees.
  o.source = dir / "../notes-elsewhere";
  o.display_root = "../notes-elsewhere/";
  const auto two = watch_roots(o);
  REQUIRE(two.size() == 2);
  CHECK(watched(two, "../notes-elsewhere/db/a.md"));
  CHECK(watched(two, "templates/note.mustache"));
  CHECK_FALSE(watched(two, "content/a.md"));
  stdfs::remove_all(dir);
}

TEST_CASE("watch_roots: a vault's whole folder (its site.yml too), but not an output folder inside it") {
  const stdfs::path dir = temp_folder("roots-vault");
  studywiki::BuildOptions o;
  o.source = dir / "vault";
  o.out = dir / "vault" / "public";
  o.display_root = "";
  const auto roots = watch_roots(o);
  REQUIRE(roots.size() == 1);
  for (const char* yes : {"a.md", "site.yml", "db/redis.md", "db/img/x.png", "templates/t.md"}) {
    CAPTURE(yes);
    CHECK(watched(roots, yes));
  }
  for (const char* no : {"public", "public/index.html", "public/db/redis.html"}) {
    CAPTURE(no);
    CHECK_FALSE(watched(roots, no));
  }
  o.out = dir / "public";  // beside the vault: everything in the vault counts
  CHECK(watched(watch_roots(o), "public/a.md"));
  stdfs::remove_all(dir);
}

TEST_CASE("Watcher on watch_roots: a site's sources are seen, its output and other folders are not") {
  const stdfs::path dir = temp_folder("roots-live");
  write(dir / "site.yml", "title: x\n");
  write(dir / "content/a.md", "a");
  write(dir / "public/index.html", "x");
  write(dir / "other/x.md", "x");
  studywiki::BuildOptions o;
  o.site = dir;
  o.source = dir / "content";
  o.out = dir / "public";
  o.display_root = "content/";
  auto w = Watcher::make(watch_roots(o), false);
  REQUIRE(std::string(w->kind()) == "inotify");
  // Folders made after the start (templates/ and static/ do not exist yet) are watched as they come.
  write(dir / "templates/note.mustache", "{{content}}");
  CHECK(has(collect(*w), "templates/note.mustache"));
  write(dir / "static/robots.txt", "x");
  CHECK(has(collect(*w), "static/robots.txt"));
  write(dir / "content/a.md", "b");
  CHECK(has(collect(*w), "content/a.md"));
  write(dir / "site.yml", "title: y\n");
  CHECK(has(collect(*w), "site.yml"));
  write(dir / "public/index.html", "y");
  write(dir / "public/new/page.html", "y");
  write(dir / "other/x.md", "y");
  write(dir / "README.md", "y");
  CHECK(collect(*w, milliseconds(1500)).empty());
  stdfs::remove_all(dir);
}
