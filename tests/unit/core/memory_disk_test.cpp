// MemoryDisk stands in for the real disk in tests, so it must answer as the
// real one does: each case builds one tree on both and compares the answers.
#include "core/memory_disk.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "content/discovery.h"
#include "output/output_dir.h"

namespace {

namespace stdfs = std::filesystem;
using studywiki::Disk;
using studywiki::FileInfo;
using studywiki::MemoryDisk;
using studywiki::RealDisk;

/// A fresh folder under /tmp, removed (links, not their targets) at the end.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/studywiki-disk-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    stdfs::remove_all(path, ec);
  }
};

/// The same tree on either disk, under `root`.
struct Tree {
  std::string root;
  std::function<void(const std::string&, const std::string&)> file;
  std::function<void(const std::string&)> folder;
  std::function<void(const std::string&, const std::string&)> link;
};

Tree real_tree(const std::string& root) {
  return {root,
          [root](const std::string& rel, const std::string& text) {
            const stdfs::path p = root + "/" + rel;
            stdfs::create_directories(p.parent_path());
            std::ofstream(p, std::ios::binary) << text;
          },
          [root](const std::string& rel) { stdfs::create_directories(root + "/" + rel); },
          [root](const std::string& rel, const std::string& target) {
            const stdfs::path p = root + "/" + rel;
            stdfs::create_directories(p.parent_path());
            stdfs::create_symlink(target, p);
          }};
}

Tree memory_tree(MemoryDisk& disk, const std::string& root) {
  return {root,
          [&disk, root](const std::string& rel, const std::string& text) { disk.add_file(root + "/" + rel, text); },
          [&disk, root](const std::string& rel) { disk.add_folder(root + "/" + rel); },
          [&disk, root](const std::string& rel, const std::string& target) {
            disk.add_symlink(root + "/" + rel, target);
          }};
}

/// Notes, an image, hidden files, and symlinks of every kind discovery meets.
void build_vault(const Tree& t) {
  t.file("src/a.md", "# A\n");
  t.file("src/sub/b.md", "# B\n");
  t.file("src/img.png", "PNG");
  t.file("src/.obsidian/app.json", "{}");
  t.file("src/.obsidian/templates.json", "{\"folder\": \"Templates\"}");  // read through the Disk
  t.file("src/Templates/Daily.md", "---\ndate: {{date}}\n---\n");
  t.file("src/.trash/old.md", "# old\n");
  t.file("elsewhere/secret.md", "secret");
  t.folder("src/empty");
  t.link("src/secret.md", "../elsewhere/secret.md");     // a file outside
  t.link("src/outside", "../elsewhere");                 // a folder outside
  t.link("src/dangling.md", "nowhere.md");               // dangling
  t.link("src/loop-a", "loop-b");                        // a loop of links
  t.link("src/loop-b", "loop-a");
  t.link("src/sub/up", "..");                            // a folder on the walk
  t.link("src/alias.md", "sub/b.md");                    // a file inside: followed
  t.link("src/linked", "sub");                           // a folder inside: walked
  t.link("src/absolute.md", t.root + "/src/a.md");       // absolute, inside
}

std::string describe(const studywiki::SourceFiles& found, const std::vector<studywiki::WalkProblem>& problems) {
  std::string out;
  for (const auto& f : found.notes) out += "note " + f.rel + " <- " + f.disk + "\n";
  for (const auto& f : found.assets) out += "asset " + f.rel + " <- " + f.disk + "\n";
  for (const auto& p : problems) out += "problem " + p.rel + ": " + p.message + "\n";
  return out;
}

/// `text` with `root` replaced by "ROOT", to compare answers about two roots.
std::string rooted(std::string text, const std::string& root) {
  for (size_t at = text.find(root); at != std::string::npos; at = text.find(root, at))
    text.replace(at, root.size(), "ROOT");
  return text;
}

std::string type_name(FileInfo::Type type) {
  switch (type) {
    case FileInfo::Type::Missing: return "missing";
    case FileInfo::Type::File: return "file";
    case FileInfo::Type::Folder: return "folder";
    case FileInfo::Type::Symlink: return "symlink";
    case FileInfo::Type::Other: return "other";
  }
  return "?";
}

/// What `disk` says of each path under `root`: stat, lstat, real_path, resolve, a listing, a read.
std::string answers(const Disk& disk, const std::string& root) {
  std::string out;
  for (const std::string rel : {"src", "src/a.md", "src/sub/b.md", "src/secret.md", "src/outside",
                                "src/outside/secret.md", "src/dangling.md", "src/loop-a", "src/sub/up", "src/sub/up/a.md", "src/linked/b.md",
                                "src/absolute.md", "src/missing.md", "src/missing/deeper.md", "src/a.md/under",
                                "src/sub/../a.md", "src/linked/../a.md", "src/./sub//b.md"}) {
    const std::string path = root + "/" + rel;
    const FileInfo st = disk.stat(path), lst = disk.lstat(path);
    int error = 0;
    const std::string real = disk.real_path(path, &error);
    std::string read_error;
    const auto bytes = disk.read_file(path, &read_error);
    out += rel + ": stat " + type_name(st.type) + " " + std::to_string(st.error) + ", lstat " + type_name(lst.type) +
           " " + std::to_string(lst.error) + ", real " + rooted(real, root) + " " + std::to_string(error) +
           ", resolve " + rooted(disk.resolve(path), root) + ", read " +
           (bytes ? *bytes : rooted(read_error, root)) + "\n";
    if (st.type == FileInfo::Type::File) CHECK(st.size == bytes->size());
  }
  std::vector<std::string> names;
  int error = 0;
  CHECK(disk.list_folder(root + "/src/sub", names, &error));
  std::sort(names.begin(), names.end());
  for (const auto& n : names) out += "src/sub has " + n + "\n";
  names.clear();
  CHECK_FALSE(disk.list_folder(root + "/src/a.md", names, &error));
  out += "listing a file: " + std::to_string(error) + "\n";
  return out;
}

}  // namespace

TEST_CASE("MemoryDisk answers stat, lstat, real_path, resolve, listings and reads as the real disk does") {
  TempDir real_root;
  build_vault(real_tree(real_root.path));
  MemoryDisk memory;
  build_vault(memory_tree(memory, "/vault"));
  const std::string real = answers(RealDisk(), real_root.path);
  CHECK(real == answers(memory, "/vault"));
  // The answers are the ones the rules expect, not only equal.
  CHECK(real.find("src/loop-a: stat missing " + std::to_string(ELOOP)) != std::string::npos);
  CHECK(real.find("src/dangling.md: stat missing " + std::to_string(ENOENT) + ", lstat symlink") != std::string::npos);
  // ".." after a link is the parent of the link's target.
  CHECK(real.find("src/linked/../a.md: stat file") != std::string::npos);
}

TEST_CASE("discovery walks a MemoryDisk as it walks the real disk: symlinks in, out, dangling, looping") {
  TempDir real_root;
  build_vault(real_tree(real_root.path));
  MemoryDisk memory;
  build_vault(memory_tree(memory, "/vault"));
  std::vector<studywiki::WalkProblem> real_problems, memory_problems;
  const auto real_found = studywiki::discover(RealDisk(), real_root.path + "/src", {}, {}, &real_problems);
  const auto memory_found = studywiki::discover(memory, "/vault/src", {}, {}, &memory_problems);
  const std::string real = describe(real_found, real_problems);
  CHECK(real == describe(memory_found, memory_problems));
  CHECK(real == "note a.md <- a.md\n"
                "note absolute.md <- absolute.md\n"
                "note alias.md <- alias.md\n"
                "note linked/b.md <- linked/b.md\n"
                "note sub/b.md <- sub/b.md\n"
                "asset img.png <- img.png\n"
                "problem dangling.md: symlink to a missing target; skipped\n"
                "problem linked/up: symlink loop; skipped\n"
                "problem loop-a: symlink loop; skipped\n"
                "problem loop-b: symlink loop; skipped\n"
                "problem outside: symlink to a folder outside the source folder; skipped\n"
                "problem secret.md: symlink to a file outside the source folder; skipped\n"
                "problem sub/up: symlink loop; skipped\n");
  // The output folder inside the notes folder is skipped, by any path.
  memory.add_file("/vault/src/public/index.html", "x");
  memory.add_symlink("/vault/out-link", "src/public");
  CHECK(describe(studywiki::discover(memory, "/vault/src", {}, "/vault/out-link", nullptr), {}).find("public") ==
        std::string::npos);
}

TEST_CASE("write_if_changed on a MemoryDisk: new, unchanged, changed; the clock dates what is written") {
  MemoryDisk disk;
  disk.set_clock(100);
  std::string error;
  using studywiki::fs::WriteResult;
  CHECK(write_if_changed(disk, "/out/a/b.html", "one", &error) == WriteResult::Written);
  CHECK(disk.read_file("/out/a/b.html", nullptr) == std::optional<std::string>("one"));
  CHECK(disk.stat("/out/a/b.html").mtime == 100);
  disk.set_clock(200);
  CHECK(write_if_changed(disk, "/out/a/b.html", "one", &error) == WriteResult::Unchanged);
  CHECK(disk.stat("/out/a/b.html").mtime == 100);
  CHECK(write_if_changed(disk, "/out/a/b.html", "two", &error, "/out/.tmp") == WriteResult::Written);
  CHECK(disk.stat("/out/a/b.html").mtime == 200);
  // A folder in the way is an error, as rename(2) gives it.
  disk.add_folder("/out/dir.html");
  CHECK(write_if_changed(disk, "/out/dir.html", "x", &error) == WriteResult::Failed);
  CHECK(error == "cannot write /out/dir.html: Is a directory");
  // A symlink in the output is replaced, never written through.
  disk.add_file("/elsewhere/victim", "keep");
  disk.add_symlink("/out/link.html", "../elsewhere/victim");
  CHECK(write_if_changed(disk, "/out/link.html", "page", &error) == WriteResult::Written);
  CHECK(disk.read_file("/elsewhere/victim", nullptr) == std::optional<std::string>("keep"));
  CHECK(disk.lstat("/out/link.html").type == FileInfo::Type::File);
  CHECK(disk.files_under("/out") == std::vector<std::string>{"a/b.html", "link.html"});
}

TEST_CASE("removal checks on a MemoryDisk: never across a symlink, folders emptied upwards only") {
  MemoryDisk disk;
  disk.add_file("/out/a/b/page.html", "x");
  disk.add_file("/outside/deep/secret.txt", "secret");
  disk.add_symlink("/out/link", "/outside");
  disk.add_symlink("/out/file-link.html", "/outside/deep/secret.txt");
  using studywiki::removal_refusal;
  CHECK(removal_refusal(disk, "/out", "a/b/page.html") == std::optional<std::string>(""));
  CHECK(removal_refusal(disk, "/out", "a/b/missing.html") == std::nullopt);
  CHECK(removal_refusal(disk, "/out", "link/deep/secret.txt") == std::optional<std::string>("crosses a symlink"));
  CHECK(removal_refusal(disk, "/out", "file-link.html") == std::optional<std::string>("crosses a symlink"));
  CHECK(removal_refusal(disk, "/out", "a/b") == std::optional<std::string>("is not a regular file"));
  CHECK(disk.remove_file("/out/a/b/page.html"));
  studywiki::remove_empty_parents(disk, "/out", "a/b/page.html");
  CHECK_FALSE(disk.stat("/out/a").exists());
  CHECK(disk.stat("/out").type == FileInfo::Type::Folder);
  CHECK(disk.read_file("/outside/deep/secret.txt", nullptr) == std::optional<std::string>("secret"));
  CHECK_FALSE(disk.remove_folder("/out"));  // not empty
}

TEST_CASE("MemoryDisk: commit dates by folder, the journal's append file") {
  MemoryDisk disk;
  disk.add_file("/notes/a.md", "a");
  disk.add_file("/notes/sub/b.md", "b");
  disk.set_commit_date("/notes/sub/b.md", "2024-05-01");
  const auto dates = disk.last_commit_dates("/notes");
  CHECK(dates.size() == 1);
  CHECK(dates.at("sub/b.md") == "2024-05-01");
  CHECK(RealDisk().last_commit_dates("/nonexistent-folder").empty());
  std::string error;
  auto journal = disk.create_append_file("/out/.tmp/journal", &error);
  CHECK(journal == nullptr);  // its folder is missing, as open(2) would say
  CHECK(disk.make_folders("/out/.tmp", &error));
  journal = disk.create_append_file("/out/.tmp/journal", &error);
  REQUIRE(journal != nullptr);
  CHECK(journal->append("a.html\n"));
  CHECK(journal->append("b.html\n"));
  CHECK(disk.read_file("/out/.tmp/journal", nullptr) == std::optional<std::string>("a.html\nb.html\n"));
  CHECK(disk.remove_file("/out/.tmp/journal"));
  CHECK_FALSE(journal->append("c.html\n"));
  CHECK(disk.remove_folder("/out/.tmp"));
}
