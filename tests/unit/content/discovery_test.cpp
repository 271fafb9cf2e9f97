#include "content/discovery.h"

#include <doctest/doctest.h>

using studywiki::glob_matches;
using studywiki::is_note_file;

TEST_CASE("ignore globs") {
  CHECK(glob_matches("templates", "templates/daily.md"));       // a folder name anywhere
  CHECK(glob_matches("templates", "a/templates/x.md"));
  CHECK_FALSE(glob_matches("templates", "my-templates/x.md"));
  CHECK(glob_matches("private/**", "private/a/b.md"));
  CHECK(glob_matches("*.tmp.md", "a/b/c.tmp.md"));
  CHECK(glob_matches("db/*.md", "db/x.md"));
  CHECK_FALSE(glob_matches("db/*.md", "db/sub/x.md"));
  CHECK(glob_matches("**/draft-*", "x/y/draft-1.md"));
  CHECK(glob_matches("/inbox", "inbox/a.md"));
  CHECK_FALSE(glob_matches("inbox/a.md", "inbox/ab.md"));
}

TEST_CASE("note files") {
  CHECK(is_note_file("a.md"));
  CHECK(is_note_file("A.MD"));
  CHECK(is_note_file("x.markdown"));
  CHECK_FALSE(is_note_file(".md"));
  CHECK_FALSE(is_note_file("a.png"));
}

// --- walking the source folder: symlinks and names that are not UTF-8 -------

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/disk.h"

namespace {

namespace stdfs = std::filesystem;
const studywiki::RealDisk kDisk;
using studywiki::SourceFile;
using studywiki::SourceFiles;
using studywiki::WalkProblem;

/// A fresh folder under the system temp folder, removed (links, not their
/// targets) at the end of the test.
struct TempTree {
  stdfs::path root;
  TempTree() {
    static std::atomic<int> counter{0};
    root = stdfs::temp_directory_path() /
           ("studywiki-discovery-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::error_code ec;
    stdfs::remove_all(root, ec);
    stdfs::create_directories(root);
  }
  ~TempTree() {
    std::error_code ec;
    stdfs::remove_all(root, ec);
  }
  /// `rel` is raw bytes: a name that is not UTF-8 is written as is.
  stdfs::path file(const std::string& rel, const std::string& text = "x") const {
    stdfs::path p = root / stdfs::path(rel);
    stdfs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  stdfs::path dir(const std::string& rel) const {
    stdfs::path p = root / stdfs::path(rel);
    stdfs::create_directories(p);
    return p;
  }
  /// A symlink at `rel` whose content is `target`, as written.
  void link(const std::string& rel, const std::string& target) const {
    stdfs::path p = root / stdfs::path(rel);
    stdfs::create_directories(p.parent_path());
    stdfs::create_symlink(stdfs::path(target), p);
  }
};

std::vector<std::string> rels(const std::vector<SourceFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.rel);
  return out;
}

bool has_problem(const std::vector<WalkProblem>& problems, const std::string& rel, const std::string& message) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const WalkProblem& p) { return p.rel == rel && p.message == message; });
}

std::string dump(const std::vector<WalkProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.rel + ": " + p.message + "\n";
  return out;
}

const std::string kOutsideFile = "symlink to a file outside the source folder; skipped";
const std::string kOutsideFolder = "symlink to a folder outside the source folder; skipped";
const std::string kLoop = "symlink loop; skipped";

}  // namespace

TEST_CASE("a file symlink out of the source folder is skipped with a warning") {
  TempTree t;
  t.file("src/a.md");
  t.file("elsewhere/secret.md", "secret");
  t.file("elsewhere/hostname.png", "host");
  t.dir("elsewhere/folder");
  t.link("src/secret.md", (t.root / "elsewhere/secret.md").string());  // absolute
  t.link("src/hostname.png", "../elsewhere/hostname.png");             // relative
  t.link("src/folder", "../elsewhere/folder");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems);
  INFO(dump(problems));
  CHECK(rels(found.notes) == std::vector<std::string>{"a.md"});
  CHECK(found.assets.empty());
  CHECK(has_problem(problems, "secret.md", kOutsideFile));
  CHECK(has_problem(problems, "hostname.png", kOutsideFile));
  CHECK(has_problem(problems, "folder", kOutsideFolder));
  CHECK(problems.size() == 3);
}

TEST_CASE("a file symlink inside the source folder is listed under the link's name") {
  TempTree t;
  t.file("src/notes/real.md");
  t.link("src/alias.md", "notes/real.md");
  t.link("src/sub/up.md", "../notes/real.md");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems);
  REQUIRE(rels(found.notes) == std::vector<std::string>{"alias.md", "notes/real.md", "sub/up.md"});
  CHECK(found.notes[0].disk == "alias.md");
  CHECK(found.notes[2].disk == "sub/up.md");
  CHECK(problems.empty());
}

TEST_CASE("a folder symlink inside the source folder is walked like a folder") {
  TempTree t;
  t.file("src/notes/n.md");
  t.file("src/notes/img/p.png");
  t.link("src/view", "notes");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems);
  REQUIRE(rels(found.notes) == std::vector<std::string>{"notes/n.md", "view/n.md"});
  CHECK(rels(found.assets) == std::vector<std::string>{"notes/img/p.png", "view/img/p.png"});
  CHECK(found.notes[1].disk == "view/n.md");
  CHECK(problems.empty());
  // A root that is itself a symlink is walked too.
  t.link("root-link", "src");
  CHECK(rels(studywiki::discover(kDisk, t.root / "root-link", {}, {}, nullptr).notes) ==
        std::vector<std::string>{"notes/n.md", "view/n.md"});
}

TEST_CASE("symlink loops give a warning, never a hang or an exception") {
  TempTree t;
  t.file("src/a/x.md");
  t.link("src/a/up", "..");       // the source folder itself
  t.link("src/a/self", ".");      // the folder the link is in
  t.link("src/a/b/top", "../.."); // an ancestor two levels up
  t.link("src/l1.md", "l2.md");   // a chain loop
  t.link("src/l2.md", "l1.md");
  t.link("src/me", "me");         // a link to itself
  std::vector<WalkProblem> problems;
  SourceFiles found;
  CHECK_NOTHROW(found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems));
  INFO(dump(problems));
  CHECK(rels(found.notes) == std::vector<std::string>{"a/x.md"});
  for (const char* rel : {"a/up", "a/self", "a/b/top", "l1.md", "l2.md", "me"}) CHECK(has_problem(problems, rel, kLoop));
  CHECK(problems.size() == 6);
  // The walk for static/ (copied as is) follows the same rules.
  std::vector<WalkProblem> static_problems;
  std::vector<SourceFile> files;
  CHECK_NOTHROW(files = studywiki::walk_files(kDisk, t.root / "src", &static_problems));
  CHECK(rels(files) == std::vector<std::string>{"a/x.md"});
  CHECK(static_problems.size() == 6);
}

TEST_CASE("a dangling symlink gives a warning") {
  TempTree t;
  t.file("src/a.md");
  t.link("src/gone.md", "missing.md");
  t.link("src/gone-dir", "missing/deeper");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems);
  INFO(dump(problems));
  CHECK(rels(found.notes) == std::vector<std::string>{"a.md"});
  CHECK(has_problem(problems, "gone.md", "symlink to a missing target; skipped"));
  CHECK(has_problem(problems, "gone-dir", "symlink to a missing target; skipped"));
  CHECK(problems.size() == 2);
}

TEST_CASE("the output folder is skipped however it is reached") {
  TempTree t;
  t.file("src/a.md");
  t.file("src/public/page.md");
  t.file("src/public/img.png");
  t.link("src/mirror", "public");                   // the output folder through a folder link
  t.link("src/latest.md", "public/page.md");        // a file inside it through a file link
  t.link("src/deep", "public/..");                  // (a loop, not the output folder)
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, t.root / "src/public", &problems);
  INFO(dump(problems));
  CHECK(rels(found.notes) == std::vector<std::string>{"a.md"});
  CHECK(found.assets.empty());
  CHECK(problems.size() == 1);
  CHECK(has_problem(problems, "deep", kLoop));
  // Named through a symlink too.
  t.link("out-link", "src/public");
  found = studywiki::discover(kDisk, t.root / "src", {}, t.root / "out-link", nullptr);
  CHECK(rels(found.notes) == std::vector<std::string>{"a.md"});
  // An output folder around the source does not hide the source.
  CHECK(rels(studywiki::discover(kDisk, t.root / "src", {}, t.root, nullptr).notes) ==
        std::vector<std::string>{"a.md", "latest.md", "mirror/page.md", "public/page.md"});
}

TEST_CASE("hidden names and ignore globs are skipped, links included") {
  TempTree t;
  t.file("src/a.md");
  t.file("src/.obsidian/x.md");
  t.file("src/drafts/d.md");
  t.link("src/.hidden-link.md", "a.md");
  t.link("src/view", "drafts");  // walked: the glob matches the folder name drafts only
  t.link("src/drafts-link", "drafts");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {"drafts", "drafts-link"}, {}, &problems);
  CHECK(rels(found.notes) == std::vector<std::string>{"a.md", "view/d.md"});
  CHECK(problems.empty());
}

TEST_CASE("GBK names are read as GB18030, with the bytes on disk kept to open them") {
  TempTree t;
  const std::string ni_hao = "\xC4\xE3\xBA\xC3";   // 你好 in GBK
  const std::string shi_jie = "\xCA\xC0\xBD\xE7";  // 世界
  t.file("src/" + ni_hao + "/" + shi_jie + ".md", "# hi");
  t.file("src/" + ni_hao + "/" + shi_jie + ".png");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems);
  INFO(dump(problems));
  REQUIRE(found.notes.size() == 1);
  CHECK(found.notes[0].rel == "你好/世界.md");
  CHECK(found.notes[0].disk == ni_hao + "/" + shi_jie + ".md");
  CHECK(stdfs::exists(t.root / "src" / stdfs::path(found.notes[0].disk)));
  REQUIRE(found.assets.size() == 1);
  CHECK(found.assets[0].rel == "你好/世界.png");
  CHECK(has_problem(problems, "你好",
                    "folder name is not valid UTF-8 (bytes \\xC4\\xE3\\xBA\\xC3); read as GB18030: 你好"));
  CHECK(has_problem(problems, "你好/世界.md",
                    "file name is not valid UTF-8 (bytes \\xCA\\xC0\\xBD\\xE7.md); read as GB18030: 世界.md"));
  CHECK(problems.size() == 3);
}

TEST_CASE("a Latin-1 name is shown with U+FFFD") {
  TempTree t;
  t.file("src/caf\xE9.md");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems);
  REQUIRE(found.notes.size() == 1);
  CHECK(found.notes[0].rel == "caf\xEF\xBF\xBD.md");
  CHECK(found.notes[0].disk == "caf\xE9.md");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rel == "caf\xEF\xBF\xBD.md");
  CHECK(problems[0].message == "file name is not valid UTF-8 (bytes caf\\xE9.md); shown with U+FFFD: caf\xEF\xBF\xBD.md");
}

TEST_CASE("names that repair to the same path are made unique") {
  TempTree t;
  t.file("src/caf\xE8.md");
  t.file("src/caf\xE9.md");
  t.file("src/你好.md");               // valid UTF-8 keeps its name
  t.file("src/\xC4\xE3\xBA\xC3.md");   // 你好.md in GBK
  t.file("src/\xC4\xE3\xBA\xC3/x.md");  // the folder 你好: no clash with the file 你好.md
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "src", {}, {}, &problems);
  INFO(dump(problems));
  CHECK(rels(found.notes) == std::vector<std::string>{"caf\xEF\xBF\xBD-2.md", "caf\xEF\xBF\xBD.md", "你好-2.md",
                                                      "你好.md", "你好/x.md"});
  auto disk_of = [&](const std::string& rel) {
    for (const auto& f : found.notes)
      if (f.rel == rel) return f.disk;
    return std::string("?");
  };
  CHECK(disk_of("caf\xEF\xBF\xBD.md") == "caf\xE8.md");
  CHECK(disk_of("caf\xEF\xBF\xBD-2.md") == "caf\xE9.md");
  CHECK(disk_of("你好.md") == "你好.md");
  CHECK(disk_of("你好-2.md") == "\xC4\xE3\xBA\xC3.md");
  CHECK(has_problem(problems, "你好-2.md",
                    "file name is not valid UTF-8 (bytes \\xC4\\xE3\\xBA\\xC3.md); read as GB18030: 你好.md; "
                    "another entry has that name, so listed as 你好-2.md"));
}

TEST_CASE("walk_files lists every file but hidden ones, sorted") {
  TempTree t;
  t.file("static/b.css");
  t.file("static/a/x.js");
  t.file("static/.DS_Store");
  t.file("elsewhere/hostname");
  t.link("static/hostname", "../elsewhere/hostname");
  std::vector<WalkProblem> problems;
  CHECK(rels(studywiki::walk_files(kDisk, t.root / "static", &problems)) ==
        std::vector<std::string>{"a/x.js", "b.css"});
  CHECK(has_problem(problems, "hostname", kOutsideFile));
  CHECK(studywiki::walk_files(kDisk, t.root / "missing", &problems).empty());
}

TEST_CASE("an Obsidian vault: .obsidian/, .trash/ and the templates folders its settings name are not notes") {
  TempTree t;
  t.file("v/.obsidian/app.json", R"({"userIgnoreFilters": ["Archive/"]})");
  t.file("v/.obsidian/templates.json", R"({"folder": "/Meta/Templates/"})");
  t.file("v/.obsidian/plugins/templater-obsidian/data.json", R"({"templates_folder": "Templater", "other": 1})");
  t.file("v/.trash/old.md");
  t.file("v/Meta/Templates/Daily.md", "---\ndate: {{date}}\n---\n");
  t.file("v/Meta/Templates/img.png");
  t.file("v/Meta/Templates copy/x.md");  // a longer name is not the folder
  t.file("v/Meta/note.md");
  t.file("v/Templater/t.md");
  t.file("v/Archive/kept.md");  // Obsidian's "Excluded files" still open and link: published
  t.file("v/a.md");
  std::vector<WalkProblem> problems;
  SourceFiles found = studywiki::discover(kDisk, t.root / "v", {}, {}, &problems);
  CHECK(rels(found.notes) == std::vector<std::string>{"Archive/kept.md", "Meta/Templates copy/x.md", "Meta/note.md", "a.md"});
  CHECK(found.assets.empty());
  CHECK(problems.empty());
  CHECK(studywiki::obsidian_template_folders(kDisk, t.root / "v", nullptr) ==
        std::vector<std::string>{"Meta/Templates", "Templater"});
}

TEST_CASE("Obsidian settings that name the root, climb out or do not parse skip nothing") {
  TempTree t;
  t.file("a/.obsidian/templates.json", R"({"folder": "/"})");
  t.file("a/x.md");
  CHECK(rels(studywiki::discover(kDisk, t.root / "a", {}, {}, nullptr).notes) == std::vector<std::string>{"x.md"});
  t.file("b/.obsidian/templates.json", R"({"folder": "../b"})");
  t.file("b/x.md");
  CHECK(rels(studywiki::discover(kDisk, t.root / "b", {}, {}, nullptr).notes) == std::vector<std::string>{"x.md"});
  t.file("c/.obsidian/templates.json", R"({"folder": "Templates")");
  t.file("c/Templates/x.md");
  std::vector<WalkProblem> problems;
  CHECK(rels(studywiki::discover(kDisk, t.root / "c", {}, {}, &problems).notes) ==
        std::vector<std::string>{"Templates/x.md"});
  CHECK(dump(problems) == ".obsidian/templates.json: not valid JSON; the templates folder it names is not skipped\n");
  t.file("d/.obsidian/templates.json", R"({"folder": 3})");
  t.file("d/x.md");
  problems.clear();
  CHECK(rels(studywiki::discover(kDisk, t.root / "d", {}, {}, &problems).notes) == std::vector<std::string>{"x.md"});
  CHECK(problems.empty());
}
