#include "output/output_dir.h"

#include <doctest/doctest.h>

#include <fstream>
#include <unistd.h>

#include "core/disk.h"

namespace stdfs = std::filesystem;
using studywiki::is_plain_relative_path;
using studywiki::Manifest;
using studywiki::output_folder_refusal;
using studywiki::remove_empty_parents;
using studywiki::removal_refusal;

namespace {

studywiki::RealDisk kDisk;

struct TempDir {
  stdfs::path path;
  TempDir() {
    char tmpl[] = "/tmp/studywiki-outdir-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    stdfs::remove_all(path, ec);
  }
};

void touch(const stdfs::path& p) {
  stdfs::create_directories(p.parent_path());
  std::ofstream(p) << "x";
}

}  // namespace

TEST_CASE("output folders that hold the notes, the site, the home folder or / are refused") {
  TempDir t;
  const stdfs::path site = t.path / "site", content = site / "content", home = t.path / "home";
  stdfs::create_directories(content);
  stdfs::create_directories(home / "notes");
  CHECK(output_folder_refusal(kDisk, site / "public", content, site, home) == "");
  CHECK(output_folder_refusal(kDisk, t.path / "elsewhere", content, site, home) == "");
  CHECK(output_folder_refusal(kDisk, content / "public", content, {}, home) == "");  // skipped by discovery
  CHECK(output_folder_refusal(kDisk, content, content, {}, home).find("is the notes folder") != std::string::npos);
  CHECK(output_folder_refusal(kDisk, content / ".", content, {}, home).find("is the notes folder") != std::string::npos);
  CHECK(output_folder_refusal(kDisk, site, content, site, home).find("is the site folder") != std::string::npos);
  CHECK(output_folder_refusal(kDisk, t.path, content, site, {}).find("contains the site folder") != std::string::npos);
  CHECK(output_folder_refusal(kDisk, site, content, {}, {}).find("contains the notes folder") != std::string::npos);
  CHECK(output_folder_refusal(kDisk, site / "static" / "out", content, site, {}).find("static/") != std::string::npos);
  CHECK(output_folder_refusal(kDisk, home, home / "notes", {}, home).find("is your home folder") != std::string::npos);
  CHECK(output_folder_refusal(kDisk, t.path, home / "notes", {}, home).find("contains your home folder") !=
        std::string::npos);
  CHECK(output_folder_refusal(kDisk, "/", content, {}, {}).find("is the root folder") != std::string::npos);
  // Through a symlink: the link to the notes folder is the notes folder.
  stdfs::create_directory_symlink(content, t.path / "link");
  CHECK(output_folder_refusal(kDisk, t.path / "link", content, {}, {}).find("is the notes folder") != std::string::npos);
  // A trailing slash changes nothing.
  CHECK(output_folder_refusal(kDisk, stdfs::path(content.string() + "/"), content, {}, {}) != "");
}

TEST_CASE("manifest entries are plain relative paths") {
  CHECK(is_plain_relative_path("a.html"));
  CHECK(is_plain_relative_path("db/redis-持久化.html"));
  CHECK(is_plain_relative_path("a..b/c.html"));  // ".." only as a whole segment is refused
  CHECK_FALSE(is_plain_relative_path(""));
  CHECK_FALSE(is_plain_relative_path("/tmp/victim"));
  CHECK_FALSE(is_plain_relative_path("../victim"));
  CHECK_FALSE(is_plain_relative_path("a/../../victim"));
  CHECK_FALSE(is_plain_relative_path("a//b"));
  CHECK_FALSE(is_plain_relative_path("./a"));
  CHECK_FALSE(is_plain_relative_path("a/"));
  CHECK_FALSE(is_plain_relative_path(std::string_view("a\0b", 3)));
}

TEST_CASE("manifest: version line, rejected entries with their line") {
  Manifest m = Manifest::parse("# studywiki manifest 2\na.html\n/tmp/victim\n\nb/c.html\n../x\n");
  CHECK(m.version == 2);
  CHECK(m.paths == std::vector<std::string>{"a.html", "b/c.html"});
  REQUIRE(m.rejected.size() == 2);
  CHECK(m.rejected[0].line == 3);
  CHECK(m.rejected[0].text == "/tmp/victim");
  CHECK(m.rejected[1].line == 6);
  // Version 1 had no version line; its entries are still checked.
  Manifest v1 = Manifest::parse("a.html\n/etc/passwd\n");
  CHECK(v1.version == 1);
  CHECK(v1.paths == std::vector<std::string>{"a.html"});
  // A version this build does not know: nothing from it is used.
  Manifest v9 = Manifest::parse("# studywiki manifest 9\na.html\n");
  CHECK(v9.version == 0);
  CHECK(v9.paths.empty());
  CHECK(Manifest::parse(Manifest::format({"a.html", "b/c.html"})).paths == std::vector<std::string>{"a.html", "b/c.html"});
}

TEST_CASE("removal never crosses a symlink and never climbs out of the output folder") {
  TempDir t;
  const stdfs::path out = t.path / "out", outside = t.path / "outside";
  touch(out / "a" / "b" / "page.html");
  touch(outside / "deep" / "secret.txt");
  stdfs::create_directory_symlink(outside, out / "link");
  stdfs::create_symlink(outside / "deep" / "secret.txt", out / "file-link.html");
  CHECK(removal_refusal(kDisk, out, "a/b/page.html") == std::optional<std::string>(""));
  CHECK(removal_refusal(kDisk, out, "a/b/missing.html") == std::nullopt);
  CHECK(removal_refusal(kDisk, out, "link/deep/secret.txt") == std::optional<std::string>("crosses a symlink"));
  CHECK(removal_refusal(kDisk, out, "file-link.html") == std::optional<std::string>("crosses a symlink"));
  CHECK(removal_refusal(kDisk, out, "a/b") == std::optional<std::string>("is not a regular file"));
  CHECK(removal_refusal(kDisk, out, "../outside/deep/secret.txt") ==
        std::optional<std::string>("is not a plain relative path"));
  stdfs::remove(out / "a" / "b" / "page.html");
  remove_empty_parents(kDisk, out, "a/b/page.html");
  CHECK_FALSE(stdfs::exists(out / "a"));
  CHECK(stdfs::exists(out));
  // An empty output folder is never removed by the climb.
  touch(out / "top.html");
  stdfs::remove(out / "top.html");
  remove_empty_parents(kDisk, out, "top.html");
  CHECK(stdfs::exists(out));
  CHECK(stdfs::exists(outside / "deep" / "secret.txt"));
}
