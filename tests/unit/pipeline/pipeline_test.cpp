// The whole pipeline on an in-memory disk: a small vault in, a site out,
// then the builds that follow an edit.
#include "pipeline/build.h"

#include <doctest/doctest.h>

#include "state/note_cache.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "core/memory_disk.h"

namespace {

namespace stdfs = std::filesystem;
using studywiki::BuildOptions;
using studywiki::MemoryDisk;

constexpr int64_t kNov14_2023 = 1700000000;  // 2023-11-14 22:13:20 UTC

/// A vault with the things a build must get right: wikilinks, a heading
/// link, embeds of an image and of a section, tags in front matter and
/// inline, a draft, a note that is not text.
const std::map<std::string, std::string> kVault = {
    {"a.md", "# Alpha\n\nSee [[Beta]] and [[Beta#Details]] and ![[pic.png]].\n\n#study\n"},
    {"folder/Beta.md", "---\ntags: [db]\n---\n# Beta\n\n## Details\n\nSome text.\n"},
    {"gamma.md", "# Gamma\n\n![[Beta#Details]]\n\nAlso [[Alpha]].\n"},
    {"draft.md", "---\ndraft: true\n---\nsecret draft\n"},
    {"bin.md", std::string("abc\0def", 7)},
    {"pic.png", "\x89PNG\r\n"},
};

void add_vault(MemoryDisk& disk) {
  for (const auto& [rel, bytes] : kVault) disk.add_file("/notes/" + rel, bytes, kNov14_2023);
}

BuildOptions options(const std::string& source, const std::string& out) {
  BuildOptions o;
  o.source = source;
  o.out = out;
  o.display_root = "content/";
  o.jobs = 2;
  return o;
}

/// The line of `text` that starts with `prefix` and holds `needle` ("" when none).
std::string line_with(const std::string& text, const std::string& prefix, const std::string& needle) {
  for (size_t at = 0, end; at < text.size(); at = end + 1) {
    end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    if (line.rfind(prefix, 0) == 0 && line.find(needle) != std::string::npos) return line;
  }
  return "";
}

struct Run {
  int status;
  std::string out, err;
};

std::string read_all(FILE* f) {
  std::string text;
  std::rewind(f);
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) text.append(buffer, n);
  std::fclose(f);
  return text;
}

/// run_build with its stdout and stderr caught.
Run build(const BuildOptions& o, studywiki::Disk& disk) {
  std::fflush(stdout);
  std::fflush(stderr);
  FILE* out = std::tmpfile();
  FILE* err = std::tmpfile();
  const int saved_out = ::dup(1), saved_err = ::dup(2);
  ::dup2(::fileno(out), 1);
  ::dup2(::fileno(err), 2);
  const int status = studywiki::run_build(o, disk);
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out, 1);
  ::dup2(saved_err, 2);
  ::close(saved_out);
  ::close(saved_err);
  return {status, read_all(out), read_all(err)};
}

std::string page(const MemoryDisk& disk, const std::string& rel) {
  return disk.read_file("/out/" + rel, nullptr).value_or("(missing)");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The summary line's counts of files: "…: 3 parsed, 3 rendered, 25 written, 0 unchanged, 0 removed; …".
std::string counts(const std::string& summary) {
  const size_t from = summary.find(" rendered, ") + 11;
  return summary.substr(from, summary.find(';') - from);
}

/// …and of notes: "3 parsed, 3 rendered".
std::string redone(const std::string& summary) {
  const size_t from = summary.find(": ") + 2;
  return summary.substr(from, summary.find(" rendered, ") + 9 - from);
}

}  // namespace

TEST_CASE("pipeline: a vault in memory becomes a site in memory") {
  MemoryDisk disk;
  add_vault(disk);
  disk.set_commit_date("/notes/gamma.md", "2024-03-01");
  BuildOptions o = options("/notes", "/out");
  o.base_url = "https://example.org/wiki/";  // sitemap.xml and feed.xml need it
  const Run run = build(o, disk);
  CHECK(run.status == 0);
  // The note that is not text is set aside with its warning, and is the only problem.
  CHECK(run.err == "content/bin.md:1:4: warning: not a text file (NUL byte); skipped\n");
  CHECK(contains(run.out, "built 3 notes, 1 folders, 1 files into /out: "));
  CHECK(contains(run.out, "0 errors, 1 warnings"));

  const std::vector<std::string> files = disk.files_under("/out");
  for (const std::string rel : {"a.html", "gamma.html", "folder/beta.html", "folder/index.html", "index.html",
                                "404.html", "graph.html", "graph.json", "tags/index.html", "tags/study.html",
                                "tags/db.html", "search/index.js", "sitemap.xml", "feed.xml", ".nojekyll", "pic.png",
                                ".studywiki-manifest"})
    CHECK_MESSAGE(std::count(files.begin(), files.end(), rel) == 1, rel);
  // Neither the draft nor the note that is not text has a page; nothing temporary is left.
  for (const auto& rel : files) {
    CHECK_MESSAGE(!contains(rel, "draft"), rel);
    CHECK_MESSAGE(!contains(rel, "bin"), rel);
    CHECK_MESSAGE(!contains(rel, ".studywiki-tmp"), rel);
  }
  CHECK(!contains(page(disk, "search/index.js"), "secret draft"));
  CHECK(page(disk, "pic.png") == kVault.at("pic.png"));

  // Links: a wikilink, a heading link, an image embed; a tag.
  const std::string a = page(disk, "a.html");
  CHECK(contains(a, "<a class=\"internal\" href=\"folder/beta.html\">Beta</a>"));
  CHECK(contains(a, "<a class=\"internal\" href=\"folder/beta.html#details\">Beta › Details</a>"));
  CHECK(contains(a, "<img src=\"pic.png\" alt=\"pic.png\">"));
  CHECK(contains(a, "<a class=\"tag\" href=\"tags/study.html\">#study</a>"));
  // A section embed brings the section's text in.
  const std::string gamma = page(disk, "gamma.html");
  CHECK(contains(gamma, "<div class=\"embed\">"));
  CHECK(contains(gamma, "<p>Some text.</p>"));
  // Backlinks: Beta lists both notes that link to it.
  const std::string beta = page(disk, "folder/beta.html");
  // An English vault without `language:` gets English words (the theme's strings/en.yml).
  CHECK(contains(beta, "<html lang=\"en\">"));
  CHECK(contains(beta, "<h2 id=\"sw-backlinks-title\">Backlinks <span class=\"count\">2</span></h2>"));
  CHECK(contains(beta, "<li><a href=\"../a.html\">Alpha</a>"));
  CHECK(contains(beta, "<li><a href=\"../gamma.html\">Gamma</a>"));
  CHECK(contains(page(disk, "tags/db.html"), "../folder/beta.html"));
  // Dates: the file's mtime, or its last commit when there is one.
  CHECK(contains(a, "<time datetime=\"2023-11-14\">2023-11-14</time>"));
  CHECK(contains(gamma, "<time datetime=\"2024-03-01\">2024-03-01</time>"));
  // The manifest lists what was written, after its version line.
  const std::string manifest = page(disk, ".studywiki-manifest");
  CHECK(manifest.rfind("# studywiki manifest 2\n", 0) == 0);
  CHECK(contains(manifest, "\nfolder/beta.html\n"));
}

TEST_CASE("pipeline: a second build writes nothing; a removed note's page goes, its backlink with it") {
  MemoryDisk disk;
  add_vault(disk);
  disk.set_clock(kNov14_2023 + 10);
  const Run first = build(options("/notes", "/out"), disk);
  REQUIRE(first.status == 0);
  const std::string written = counts(first.out);
  CHECK(contains(written, " written, 0 unchanged, 0 removed"));
  // The highlighted-code cache (.studywiki-cache/) is not a file of the site.
  const size_t files = disk.files_under("/out").size() - disk.files_under("/out/.studywiki-cache").size();

  // Nothing changed: no file is written (their mtimes would move with the clock).
  const auto before = disk.snapshot("/out");
  disk.set_clock(kNov14_2023 + 20);
  const Run second = build(options("/notes", "/out"), disk);
  CHECK(second.status == 0);
  // Every file but the manifest (which finish() writes itself) is counted unchanged.
  CHECK(counts(second.out) == "0 written, " + std::to_string(files - 1) + " unchanged, 0 removed");
  CHECK(disk.snapshot("/out") == before);

  // Gamma is deleted: its page goes (and the search shards that changed
  // names), Beta loses a backlink.
  const std::vector<std::string> files_before = disk.files_under("/out");
  disk.remove("/notes/gamma.md");
  disk.set_clock(kNov14_2023 + 30);
  const Run third = build(options("/notes", "/out"), disk);
  CHECK(third.status == 0);
  CHECK(contains(third.out, "built 2 notes"));
  const std::vector<std::string> files_after = disk.files_under("/out");
  std::vector<std::string> gone;
  std::set_difference(files_before.begin(), files_before.end(), files_after.begin(), files_after.end(),
                      std::back_inserter(gone));
  CHECK(std::count(gone.begin(), gone.end(), "gamma.html") == 1);
  for (const auto& rel : gone) CHECK_MESSAGE((rel == "gamma.html" || rel.rfind("search/", 0) == 0), rel);
  CHECK(contains(counts(third.out), ", " + std::to_string(gone.size()) + " removed"));
  CHECK(page(disk, "gamma.html") == "(missing)");
  CHECK(!contains(page(disk, ".studywiki-manifest"), "gamma.html"));
  const std::string beta = page(disk, "folder/beta.html");
  CHECK(contains(beta, "<span class=\"count\">1</span>"));
  CHECK(!contains(beta, "gamma.html"));
  CHECK(disk.stat("/out/folder/beta.html").mtime == kNov14_2023 + 30);
  CHECK(disk.stat("/out/pic.png").mtime == kNov14_2023 + 10);  // untouched
}

TEST_CASE("pipeline: without base_url no sitemap.xml or feed.xml, and one note saying why") {
  MemoryDisk disk;
  add_vault(disk);
  const Run run = build(options("/notes", "/out"), disk);
  CHECK(run.status == 0);
  CHECK(run.err ==
        "studywiki: note: no base_url, so no sitemap.xml or feed.xml (they need absolute URLs); set base_url in "
        "site.yml or pass --base-url\n"
        "content/bin.md:1:4: warning: not a text file (NUL byte); skipped\n");
  const std::vector<std::string> files = disk.files_under("/out");
  CHECK(std::count(files.begin(), files.end(), "sitemap.xml") == 0);
  CHECK(std::count(files.begin(), files.end(), "feed.xml") == 0);
  CHECK(std::count(files.begin(), files.end(), "index.html") == 1);
  // No page links the feed that is not there.
  CHECK(!contains(page(disk, "index.html"), "feed.xml"));
  CHECK(!contains(page(disk, "a.html"), "feed.xml"));
}

TEST_CASE("pipeline: a vault's site.yml is its configuration, not a published file") {
  // (load_site_config reads the real disk, so this vault is on it.)
  char tmpl[] = "/tmp/studywiki-vault-XXXXXX";
  const std::string root = ::mkdtemp(tmpl);
  stdfs::create_directories(root + "/notes");
  std::ofstream(root + "/notes/site.yml") << "title: 我的笔记\nbase_url: https://me.github.io/v\n";
  std::ofstream(root + "/notes/a.md") << "# A\n\ntext\n";
  studywiki::RealDisk real;
  BuildOptions o = options(root + "/notes", root + "/out");
  o.display_root = "";
  const Run run = build(o, real);
  CHECK(run.status == 0);
  CHECK(run.err == "");
  CHECK(contains(run.out, "built 1 notes, 0 folders, 0 files"));
  CHECK(!stdfs::exists(root + "/out/site.yml"));
  CHECK(stdfs::exists(root + "/out/sitemap.xml"));
  CHECK(contains(real.read_file(root + "/out/index.html", nullptr).value_or(""), "<title>我的笔记</title>"));
  // With a site folder, the source's site.yml is an ordinary file.
  stdfs::create_directories(root + "/site");
  o.site = root + "/site";
  o.out = root + "/out2";
  CHECK(build(o, real).status == 0);
  CHECK(stdfs::exists(root + "/out2/site.yml"));
  std::error_code ec;
  stdfs::remove_all(root, ec);
}

TEST_CASE("pipeline: a page loads one stylesheet and one deferred script, made of the theme's files or the site's own") {
  MemoryDisk disk;
  add_vault(disk);
  disk.add_file("/site/templates/assets/search.css", ".mine-search { color: red; }\n", kNov14_2023);
  disk.add_file("/site/templates/assets/lightbox.js", "/* my lightbox */\n", kNov14_2023);
  disk.add_file("/site/templates/assets/theme-init.js", "/* my theme init */\n", kNov14_2023);
  BuildOptions o = options("/notes", "/out");
  o.site = "/site";
  REQUIRE(build(o, disk).status == 0);
  const std::string a = page(disk, "a.html");
  CHECK(contains(a, "<link rel=\"stylesheet\" href=\"assets/style.css\">"));
  CHECK(!contains(a, "search.css"));
  CHECK(!contains(a, "content-extras.css"));
  CHECK(contains(a, "<script src=\"assets/strings.js\"></script>\n<script defer src=\"assets/app.js\"></script>"));
  CHECK(!contains(a, "<script defer src=\"assets/site.js\">"));
  CHECK(!contains(a, "localStorage"));  // the theme line is in strings.js
  // style.css: the theme's, then the site's search.css, then the theme's extras; each part stays a file too.
  const std::string css = page(disk, "assets/style.css");
  const size_t theme = css.find(".ref-list {"), mine = css.find(".mine-search"), extras = css.find(".hl-keyword");
  CHECK(theme != std::string::npos);
  CHECK(mine != std::string::npos);
  CHECK(extras != std::string::npos);
  CHECK((theme < mine && mine < extras));
  CHECK(page(disk, "assets/search.css") == ".mine-search { color: red; }\n");
  CHECK(contains(page(disk, "assets/content-extras.css"), ".hl-keyword"));
  // app.js: the five scripts in the order they ran as five tags, ";" between two, the site's lightbox last.
  const std::string js = page(disk, "assets/app.js");
  std::vector<size_t> at;
  for (const char* mark : {"studywiki search tokenizer", "studywiki search engine", "studywiki search UI",
                           "studywiki built-in theme: math", "/* my lightbox */"})
    at.push_back(js.find(mark));
  for (size_t i = 0; i < at.size(); ++i) CHECK(at[i] != std::string::npos);
  CHECK(std::is_sorted(at.begin(), at.end()));
  CHECK(contains(js, "\n;\n/* my lightbox */\n"));
  CHECK(page(disk, "assets/site.js").rfind("/* studywiki built-in theme: math", 0) == 0);
  // strings.js: the interface strings, then the site's theme line.
  const std::string strings = page(disk, "assets/strings.js");
  CHECK(strings.rfind("window.swStrings={", 0) == 0);
  CHECK(contains(strings, "};\n/* my theme init */\n"));
  CHECK(page(disk, "assets/theme-init.js") == "(missing)");  // only inside strings.js
}

TEST_CASE("pipeline: a folder the tool did not write is refused, and left as it was") {
  MemoryDisk disk;
  add_vault(disk);
  disk.add_file("/mine/thesis.docx", "thesis");
  const auto before = disk.snapshot("/mine");
  const Run run = build(options("/notes", "/mine"), disk);
  CHECK(run.status == 2);
  CHECK(contains(run.err, "output folder '/mine' is not empty (1 entries, e.g. 'thesis.docx') and has no "
                          ".studywiki-manifest"));
  CHECK(disk.snapshot("/mine") == before);
  // Nor is the notes folder an output folder.
  CHECK(build(options("/notes", "/notes"), disk).status == 2);
  CHECK(disk.files_under("/notes").size() == kVault.size());
}

TEST_CASE("pipeline: a build in memory writes the bytes a build on the real disk writes") {
  char tmpl[] = "/tmp/studywiki-pipeline-XXXXXX";
  const std::string root = ::mkdtemp(tmpl);
  for (const auto& [rel, bytes] : kVault) {
    const stdfs::path p = root + "/notes/" + rel;
    stdfs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    const struct timespec times[2] = {{kNov14_2023, 0}, {kNov14_2023, 0}};
    ::utimensat(AT_FDCWD, p.c_str(), times, 0);
  }
  studywiki::RealDisk real;
  const Run on_disk = build(options(root + "/notes", root + "/out"), real);
  MemoryDisk memory;
  add_vault(memory);
  const Run in_memory = build(options("/notes", "/out"), memory);
  CHECK(on_disk.status == in_memory.status);
  CHECK(on_disk.err == in_memory.err);
  CHECK(counts(on_disk.out) == counts(in_memory.out));
  std::map<std::string, std::string> real_files, memory_files;
  // The build state and the note cache stamp each disk's own inodes and times: they differ by
  // design (the page memo and the search cache stamp the pages and search files too; their keys and the graph cache's name the folder) (and a real disk's files written a moment ago are too recent to stamp: not saved).
  // The heads of the note cache, the search cache and the page parts name the build that wrote them.
  auto is_state = [](const std::string& rel) {
    return rel.rfind(".studywiki-cache/state", 0) == 0 || rel.rfind(".studywiki-cache/notes", 0) == 0 ||
           rel.rfind(".studywiki-cache/graphs", 0) == 0 || rel.rfind(".studywiki-cache/pages", 0) == 0 ||
           rel.rfind(".studywiki-cache/search", 0) == 0 || rel == ".studywiki-cache/parts";
  };
  for (const auto& e : stdfs::recursive_directory_iterator(root + "/out"))
    if (e.is_regular_file() && !is_state(e.path().lexically_relative(root + "/out").string())) {
      real_files[e.path().lexically_relative(root + "/out").string()] =
          real.read_file(e.path().native(), nullptr).value();
    }
  for (const auto& rel : memory.files_under("/out"))
    if (!is_state(rel)) memory_files[rel] = page(memory, rel);
  CHECK(real_files.size() == memory_files.size());
  for (const auto& [rel, bytes] : real_files) CHECK_MESSAGE(memory_files[rel] == bytes, rel);
  std::error_code ec;
  stdfs::remove_all(root, ec);
}

TEST_CASE("pipeline: a build with no input changed does nothing and says what the last one said") {
  MemoryDisk disk;
  add_vault(disk);
  const Run first = build(options("/notes", "/out"), disk);
  REQUIRE(first.status == 0);
  REQUIRE(disk.read_file("/out/.studywiki-cache/state", nullptr));
  const auto files_before = disk.snapshot("/out");
  disk.set_clock(kNov14_2023 + 20);  // a file written now would show it
  const Run again = build(options("/notes", "/out"), disk);
  CHECK(again.status == first.status);
  CHECK(again.err == first.err);  // the same warnings, the same note
  CHECK(counts(again.out) == "0 written, " + std::to_string(disk.files_under("/out").size() -
                                                            disk.files_under("/out/.studywiki-cache").size() - 1) +
                                 " unchanged, 0 removed");
  CHECK(disk.snapshot("/out") == files_before);  // not a byte touched, not even the manifest
  // It did not build at all (--explain tells; a full build would list no file either).
  BuildOptions explain = options("/notes", "/out");
  explain.explain = true;
  CHECK(contains(build(explain, disk).err, "explain: nothing changed since the last build\n"));
  // What serve reads of a build: the same from a no-op as from a full build
  // (each diagnostic with its severity as remembered, not guessed from its text).
  studywiki::BuildOutcome replayed;
  BuildOptions with_outcome = options("/notes", "/out");
  with_outcome.outcome = &replayed;
  build(with_outcome, disk);
  CHECK(replayed.failures.empty());
  CHECK(replayed.warnings_shown == std::vector<std::string>{"content/bin.md:1:4: warning: not a text file (NUL byte); skipped"});
  CHECK(replayed.warnings == 1);
  CHECK(replayed.written == 0);
  // --strict on the same inputs: the remembered warning fails it, as a full build's would.
  BuildOptions strict = options("/notes", "/out");
  strict.strict = true;
  CHECK(build(strict, disk).status == 1);
  // An edit is seen: the page changes.
  disk.add_file("/notes/a.md", "# Alpha\n\nNow about [[Gamma]].\n", kNov14_2023);
  const Run edited = build(explain, disk);
  CHECK(!contains(edited.err, "nothing changed"));
  CHECK(contains(edited.err, "explain: content/a.md changed\n"));  // why it builds
  CHECK(contains(edited.err, "explain: a.html: content changed\n"));  // what it wrote
  // …sorted by path, whatever thread wrote them.
  std::vector<std::string> explained;
  for (size_t at = 0; (at = edited.err.find("explain: ", at)) != std::string::npos; at += 9)
    // The stages' own lines ("graphs taken …", "search index updated …", "1 of 3 notes parsed …")
    // come in the stages' order.
    if (edited.err.compare(at, 16, "explain: graphs ") != 0 && edited.err.compare(at, 22, "explain: search index ") != 0 &&
        !std::isdigit(static_cast<unsigned char>(edited.err[at + 9])))
      explained.push_back(edited.err.substr(at, edited.err.find('\n', at) - at));
  CHECK(explained.size() >= 3);
  CHECK(std::is_sorted(explained.begin() + 1, explained.end()));
  CHECK(contains(page(disk, "a.html"), "Now about"));
  CHECK(!contains(counts(edited.out), "0 written"));
  // Options are inputs too: another base URL builds again.
  BuildOptions based = options("/notes", "/out");
  based.base_url = "https://example.org/w/";
  build(based, disk);
  CHECK(contains(page(disk, "a.html"), "https://example.org/w/") == contains(page(disk, "a.html"), "example.org"));
  CHECK(disk.read_file("/out/sitemap.xml", nullptr));
  // A damaged state is not trusted: a note, then a full build.
  disk.add_file("/out/.studywiki-cache/state", "studywiki-state 2\nkey 3:abc\n", kNov14_2023);  // this version, cut short
  const Run damaged = build(based, disk);
  CHECK(contains(damaged.err, "studywiki: note: ignoring /out/.studywiki-cache/state: damaged"));
  CHECK(damaged.status == 0);
  CHECK(contains(page(disk, "a.html"), "Now about"));
  // --clean rebuilds everything even when nothing changed.
  BuildOptions clean = based;
  clean.clean = true;
  const Run cleaned = build(clean, disk);
  CHECK(!contains(counts(cleaned.out), "0 written"));
}

namespace {

/// Every file a build wrote under `folder` with its bytes, the build's own hidden files aside.
std::map<std::string, std::string> site_files(const MemoryDisk& disk, const std::string& folder) {
  std::map<std::string, std::string> files;
  for (const auto& rel : disk.files_under(folder))
    if (rel.rfind(".studywiki", 0) != 0) files[rel] = disk.read_file(folder + "/" + rel, nullptr).value_or("?");
  return files;
}

}  // namespace

TEST_CASE("pipeline: after an edit only the changed notes are parsed and rendered, and the bytes are a clean build's") {
  MemoryDisk disk;
  add_vault(disk);
  const Run first = build(options("/notes", "/out"), disk);
  REQUIRE(first.status == 0);
  CHECK(redone(first.out) == "3 parsed, 3 rendered");  // a.md, folder/Beta.md, gamma.md (not the draft, not bin.md)
  REQUIRE(disk.read_file("/out/.studywiki-cache/notes", nullptr));
  auto clean_build = [&](const std::string& folder) {
    BuildOptions o = options("/notes", folder);
    o.clean = true;
    const Run r = build(o, disk);
    CHECK(r.status == 0);
    return r;
  };
  auto same_as_clean = [&](const Run& run, const char* what) {
    const Run clean = clean_build("/clean");
    CHECK_MESSAGE(site_files(disk, "/out") == site_files(disk, "/clean"), what);
    auto said = [](const std::string& err) {  // the diagnostics, without --explain's lines and caches' notes
      std::string out;
      for (size_t at = 0, end; at < err.size(); at = end + 1) {
        end = err.find('\n', at);
        if (end == std::string::npos) end = err.size();
        if (err.compare(at, 9, "explain: ") != 0 && err.compare(at, 26, "studywiki: note: ignoring ") != 0)
          out += err.substr(at, end - at) + "\n";
      }
      return out;
    };
    CHECK_MESSAGE(said(run.err) == said(clean.err), what);  // the same diagnostics, replayed or found again
  };
  BuildOptions explain = options("/notes", "/out");
  explain.explain = true;

  // A text edit that keeps what other notes see of the note: that note alone.
  auto group_stamps = [&] {  // the note cache's record groups, as the disk last wrote them
    std::vector<int64_t> stamps;
    for (size_t g = 0; g < studywiki::kNoteGroups; ++g)
      stamps.push_back(disk.stat("/out/.studywiki-cache/notes-" + std::to_string(g)).mtime_ns);
    return stamps;
  };
  const auto groups_before = group_stamps();
  disk.set_clock(kNov14_2023 + 20);
  disk.add_file("/notes/a.md", "# Alpha\n\nSee [[Beta]] and [[Beta#Details]] and ![[pic.png]] and [[Nowhere]].\n\n#study\n",
                kNov14_2023 + 20);
  const Run text = build(options("/notes", "/out"), disk);
  CHECK(redone(text.out) == "1 parsed, 1 rendered");
  {
    const auto groups_after = group_stamps();
    size_t rewritten = 0;
    for (size_t g = 0; g < groups_after.size(); ++g) rewritten += groups_after[g] != groups_before[g] ? 1 : 0;
    CHECK(rewritten == 1);  // a.md's group, not the others
    CHECK(groups_after[studywiki::note_group("a.md")] != groups_before[studywiki::note_group("a.md")]);
  }
  CHECK(contains(page(disk, "a.html"), "Nowhere"));
  same_as_clean(text, "a text edit");

  // The sentence around a link is shown on the page it links to (its backlinks): that
  // page is made again, though its note did not change (its fingerprint is made of
  // what its context reads, render/pages.h note_inputs_hash, not of the context).
  disk.set_clock(kNov14_2023 + 30);
  disk.add_file("/notes/a.md",
                "# Alpha\n\nCompare [[Beta]] and [[Beta#Details]] and ![[pic.png]] and [[Nowhere]].\n\n#study\n",
                kNov14_2023 + 30);
  const Run sentence = build(options("/notes", "/out"), disk);
  CHECK(redone(sentence.out) == "1 parsed, 1 rendered");
  CHECK(contains(page(disk, "folder/beta.html"), "Compare"));
  same_as_clean(sentence, "a backlink's sentence");

  // Nothing it reads changed for gamma.md, whose embed of Beta's section is expanded anew all the same.
  disk.set_clock(kNov14_2023 + 40);
  disk.add_file("/notes/folder/Beta.md", "---\ntags: [db]\n---\n# Beta\n\n## Details\n\nOther text.\n", kNov14_2023 + 40);
  const Run embedded = build(options("/notes", "/out"), disk);
  CHECK(redone(embedded.out) == "1 parsed, 1 rendered");
  CHECK(contains(page(disk, "gamma.html"), "Other text."));
  same_as_clean(embedded, "an edit of an embedded section");

  // Text added above a heading moves its line, not what links into it can reach.
  disk.set_clock(kNov14_2023 + 50);
  disk.add_file("/notes/folder/Beta.md", "---\ntags: [db]\n---\n# Beta\n\nA first paragraph.\n\nAnd a second.\n\n## Details\n\nOther text.\n",
                kNov14_2023 + 50);
  const Run above = build(explain, disk);
  CHECK(redone(above.out) == "1 parsed, 1 rendered");
  CHECK(contains(above.err, "explain: graphs taken from the last build"));  // no link, title or tag changed
  // Its page is rendered again (and the ones that show its text); the others are kept as they were.
  const std::string pages_line = line_with(above.err, "explain: ", " pages rendered, ");
  CHECK_MESSAGE(pages_line.find("explain: 0 of ") == std::string::npos, pages_line);
  CHECK_MESSAGE(pages_line.find(" 0 as the last build wrote them") == std::string::npos, pages_line);
  same_as_clean(above, "text above a heading");

  // A page changed behind the tool's back (same size) is not trusted: rendered again at the next build.
  const std::string alpha = page(disk, "a.html");
  std::string tampered = alpha;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'x' ? 'y' : 'x';
  disk.add_file("/out/a.html", tampered, kNov14_2023 + 55);
  disk.set_clock(kNov14_2023 + 56);
  disk.add_file("/notes/folder/Beta.md", "---\ntags: [db]\n---\n# Beta\n\nA first paragraph.\n\nAnd a third.\n\n## Details\n\nOther text.\n",
                kNov14_2023 + 56);
  const Run behind = build(explain, disk);
  CHECK(page(disk, "a.html") == alpha);
  same_as_clean(behind, "a page changed in the output folder");

  // A title: every body may read it (link texts, mentions): all parsed and rendered, and --explain says why.
  disk.set_clock(kNov14_2023 + 60);
  disk.add_file("/notes/gamma.md", "# Gamma Two\n\n![[Beta#Details]]\n\nAlso [[Alpha]].\n", kNov14_2023 + 60);
  const Run title = build(explain, disk);
  CHECK(redone(title.out) == "3 parsed, 3 rendered");
  CHECK(contains(title.err, "explain: 3 of 3 notes parsed, 3 bodies rendered: what notes see of each other changed"));
  CHECK(contains(title.err, "explain: graphs made again: links, titles, pages, folders or tags changed"));
  CHECK(contains(title.err, "explain: search index made again: what the cache cannot update changed"));
  same_as_clean(title, "a title edit");

  // A damaged graph cache is not trusted either: a note, the graphs made again, the bytes a clean build's.
  disk.set_clock(kNov14_2023 + 70);
  std::string graphs = disk.read_file("/out/.studywiki-cache/graphs", nullptr).value();
  graphs[graphs.size() / 2] ^= 0x20;
  disk.add_file("/out/.studywiki-cache/graphs", graphs, kNov14_2023 + 70);
  disk.add_file("/notes/gamma.md", "# Gamma Two\n\n![[Beta#Details]]\n\nAlso [[Alpha]], again.\n", kNov14_2023 + 70);
  const Run bad_graphs = build(explain, disk);
  CHECK(contains(bad_graphs.err, "studywiki: note: ignoring /out/.studywiki-cache/graphs: damaged (checksum)"));
  CHECK(contains(bad_graphs.err, "explain: graphs made again"));
  same_as_clean(bad_graphs, "a damaged graph cache");

  // A damaged cache is not trusted: a note, then everything parsed again.
  disk.set_clock(kNov14_2023 + 80);
  std::string bytes = disk.read_file("/out/.studywiki-cache/notes", nullptr).value();
  bytes[bytes.size() / 2] ^= 0x20;
  disk.add_file("/out/.studywiki-cache/notes", bytes, kNov14_2023 + 80);
  disk.add_file("/notes/a.md", "# Alpha\n\nShort now.\n", kNov14_2023 + 80);
  const Run damaged = build(options("/notes", "/out"), disk);
  CHECK(contains(damaged.err, "studywiki: note: ignoring /out/.studywiki-cache/notes: damaged"));
  CHECK(redone(damaged.out) == "3 parsed, 3 rendered");
  CHECK(contains(page(disk, "a.html"), "Short now."));

  // Other options: the cache is not used (the draft is published now).
  disk.set_clock(kNov14_2023 + 100);
  BuildOptions drafts = options("/notes", "/out");
  drafts.drafts = true;
  CHECK(redone(build(drafts, disk).out) == "4 parsed, 4 rendered");
}

// Each note is read twice, by the load stage and again by the bodies stage (which
// renders it from a tree it parses then): a save that lands between the two reads
// must not leave the caches holding a body made from bytes they say it was not.
TEST_CASE("pipeline: a note saved or removed between its two reads is read again by the next build") {
  MemoryDisk disk;
  add_vault(disk);
  const std::string before = kVault.at("a.md");
  auto clean_same = [&](const Run& run, const char* what) {
    BuildOptions o = options("/notes", "/clean");
    o.clean = true;
    const Run clean = build(o, disk);
    CHECK(clean.status == 0);
    CHECK_MESSAGE(run.status == 0, what);
    CHECK_MESSAGE(site_files(disk, "/out") == site_files(disk, "/clean"), what);
  };

  // Saved right after the load stage read it; back as it was before the next build.
  int reads = 0;
  disk.set_after_read([&](const std::string& path) {
    if (path == "/notes/a.md" && reads++ == 0)
      disk.add_file("/notes/a.md", "# Alpha\n\nSaved in the middle of the build: see [[Beta]].\n", kNov14_2023 + 10);
  });
  const Run torn = build(options("/notes", "/out"), disk);
  disk.set_after_read(nullptr);
  CHECK(reads == 2);
  CHECK(torn.status == 0);
  disk.add_file("/notes/a.md", before, kNov14_2023 + 20);
  const Run after = build(options("/notes", "/out"), disk);
  CHECK_FALSE(contains(page(disk, "a.html"), "Saved in the middle"));
  clean_same(after, "a note saved between its two reads, then put back");

  // Edited, then removed right after the load stage read it: an error names it; put back, it builds.
  disk.add_file("/notes/a.md", before + "\nOne more line.\n", kNov14_2023 + 30);
  reads = 0;
  disk.set_after_read([&](const std::string& path) {
    if (path == "/notes/a.md" && reads++ == 0) disk.remove("/notes/a.md");
  });
  const Run gone = build(options("/notes", "/out"), disk);
  disk.set_after_read(nullptr);
  CHECK(reads == 1);  // the second read found nothing
  CHECK(gone.status == 1);
  CHECK_MESSAGE(contains(gone.err, "content/a.md"), gone.err);
  CHECK_MESSAGE(contains(line_with(gone.err, "content/a.md", "error"), "cannot read"), gone.err);
  disk.add_file("/notes/a.md", before, kNov14_2023 + 20);
  const Run back = build(options("/notes", "/out"), disk);
  CHECK(contains(page(disk, "a.html"), "Beta"));
  clean_same(back, "a note removed between its two reads, then put back");
}

TEST_CASE("pipeline: a search index built from scratch removes the record groups past its own") {
  MemoryDisk disk;
  add_vault(disk);
  disk.add_file("/out/.studywiki-cache/search-records-400", "left by a larger index", kNov14_2023);
  BuildOptions o = options("/notes", "/out");
  o.clean = true;
  REQUIRE(build(o, disk).status == 0);
  CHECK(disk.read_file("/out/.studywiki-cache/search-records-0", nullptr));
  CHECK_FALSE(disk.stat("/out/.studywiki-cache/search-records-400").exists());
}

TEST_CASE("pipeline: a text edit updates the search index from its cache, to a clean build's bytes") {
  MemoryDisk disk;
  for (int i = 0; i < 40; ++i)
    disk.add_file("/notes/n" + std::to_string(i) + ".md",
                  "# 笔记 " + std::to_string(i) + "\n\nRedis 持久化 and the append only file, note " + std::to_string(i) +
                      ".\n\n## 细节\n\n事务 隔离 一致性 and more words about caching " + std::to_string(i % 7) + ".\n",
                  kNov14_2023);
  REQUIRE(build(options("/notes", "/out"), disk).status == 0);
  disk.set_clock(kNov14_2023 + 20);
  disk.add_file("/notes/n7.md", "# 笔记 7\n\nRedis 持久化 and the append only file, note 7.\n\n## 细节\n\n事务 隔离 "
                "一致性 and more words about caching 0. 新的一句话 about raft.\n", kNov14_2023 + 20);
  BuildOptions explain = options("/notes", "/out");
  explain.explain = true;
  const Run edited = build(explain, disk);
  REQUIRE(edited.status == 0);
  CHECK_MESSAGE(contains(edited.err, "explain: search index updated: 1 notes indexed again, "), edited.err);
  BuildOptions clean = options("/notes", "/clean");
  clean.clean = true;
  REQUIRE(build(clean, disk).status == 0);
  CHECK(site_files(disk, "/out") == site_files(disk, "/clean"));
  CHECK(contains(page(disk, "search/index.js"), "\"note_count\":40"));
  // A search file changed in the output folder: the index is made again, not trusted.
  disk.add_file("/out/search/t-0.js", "tampered", kNov14_2023 + 30);
  disk.set_clock(kNov14_2023 + 40);
  disk.add_file("/notes/n8.md", "# 笔记 8\n\nAnother text about paxos.\n", kNov14_2023 + 40);
  const Run tampered = build(explain, disk);
  CHECK(contains(tampered.err, "explain: search index made again: a search file changed since the last build wrote it"));
  REQUIRE(build(clean, disk).status == 0);
  CHECK(site_files(disk, "/out") == site_files(disk, "/clean"));
}

TEST_CASE("pipeline: an edit other pages cannot see writes its page and the search index only, to a clean build's bytes") {
  // Notes that link to each other with sentences around the links, a tag, a heading others link to.
  MemoryDisk disk;
  disk.add_file("/notes/a.md", "# Alpha\n\nAlpha opens. See [[Beta]] for the store.\n\n#db\n", kNov14_2023);
  disk.add_file("/notes/b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nSome details.\n\nMore text here.\n",
                kNov14_2023);
  disk.add_file("/notes/c.md", "# Gamma\n\nGamma links [[Beta#Details]] and [[Alpha]].\n", kNov14_2023);
  disk.add_file("/notes/d.md", "# Delta\n\nDelta embeds:\n\n![[Gamma]]\n", kNov14_2023);
  // Enough notes that a sentence more does not move the search index's average lengths.
  for (int i = 0; i < 40; ++i)
    disk.add_file("/notes/n" + std::to_string(i) + ".md",
                  "# 笔记 " + std::to_string(i) + "\n\nRedis 持久化 and the append only file, note " +
                      std::to_string(i) + ".\n\n## 细节\n\n事务 隔离 一致性 and more words about caching " +
                      std::to_string(i % 7) + " and a store.\n",
                  kNov14_2023);
  BuildOptions o = options("/notes", "/out");
  o.explain = true;
  REQUIRE(build(o, disk).status == 0);
  BuildOptions clean = options("/notes", "/clean");
  clean.clean = true;
  int64_t now = kNov14_2023;
  auto edit = [&](const std::string& rel, const std::string& text) {
    now += 10;
    disk.set_clock(now);
    disk.add_file("/notes/" + rel, text, now);
    const Run run = build(o, disk);
    REQUIRE(run.status == 0);
    REQUIRE(build(clean, disk).status == 0);
    CHECK(site_files(disk, "/out") == site_files(disk, "/clean"));
    return run;
  };
  // More words at the end of Beta: its page and its search files, nothing else.
  Run run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nSome details.\n\nMore text here, and a new "
                         "sentence about raft and paxos.\n");
  CHECK_MESSAGE(contains(run.err, "explain: early cut-off: "), run.err);
  CHECK(contains(run.err, "explain: search index updated: 1 notes indexed again"));
  CHECK(contains(run.err, "explain: b.html: content changed"));
  CHECK(!contains(run.err, "explain: a.html:"));
  CHECK(contains(run.out, ": 1 parsed, 1 rendered, "));
  CHECK(contains(page(disk, "b.html"), "paxos"));
  CHECK(contains(run.err, "studywiki: note: no base_url, so no sitemap.xml"));  // what every build says, said
  // Again, right after a cut-off build (its caches are the ones the next one reads).
  run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nSome details.\n\nMore text here, and a newer "
                     "sentence about raft, paxos and zab.\n");
  CHECK_MESSAGE(contains(run.err, "explain: early cut-off: "), run.err);
  // A sentence around a link is on the linked page (its backlinks): every page as usual.
  run = edit("a.md", "# Alpha\n\nAlpha opens. Read [[Beta]] for the store.\n\n#db\n");
  CHECK_MESSAGE(contains(run.err, "explain: no early cut-off: what other pages show of content/a.md changed"),
                run.err);
  // A heading's first paragraph others link to: its preview changes.
  run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nOther details.\n\nMore text here, and a newer "
                     "sentence about raft, paxos and zab.\n");
  CHECK_MESSAGE(contains(run.err, "explain: no early cut-off: the text under content/b.md#details, which a link "
                                  "shows, changed"),
                run.err);
  // ...but no link points to this one.
  run = edit("n3.md", "# 笔记 3\n\nRedis 持久化 and the append only file, note 3.\n\n## 细节\n\n事务 隔离 and other "
                      "words about caching 3 and a store.\n");
  CHECK_MESSAGE(contains(run.err, "explain: early cut-off: "), run.err);
  // A note another embeds: the embedding page shows its text.
  run = edit("c.md", "# Gamma\n\nGamma links [[Beta#Details]] and [[Alpha]].\n\nA line more.\n");
  CHECK_MESSAGE(contains(run.err, "explain: no early cut-off: content/c.md is embedded in another note"), run.err);
  // A note that embeds: its page is made of others'.
  run = edit("d.md", "# Delta\n\nDelta embeds:\n\n![[Gamma]]\n\nAnd a line.\n");
  CHECK(contains(run.err, "explain: no early cut-off: content/d.md embeds notes"));
  // The page parts gone: every page as usual, and the next cut-off works again.
  disk.remove("/out/.studywiki-cache/parts");
  run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nOther details.\n\nMore text, and a newer "
                     "sentence about raft.\n");
  CHECK(contains(run.err, "explain: no early cut-off: the page parts are not the note cache's build's"));
  run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nOther details.\n\nMore text, and a newer "
                     "sentence about raft and viewstamped replication.\n");
  CHECK_MESSAGE(contains(run.err, "explain: early cut-off: "), run.err);
  // site.yml changed with the note: not a note's edit alone.
  disk.add_file("/notes/site.yml", "title: Wiki One\n", now + 5);
  run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nOther details.\n\nMore text, and a newer "
                     "sentence about raft.\n");
  CHECK(!contains(run.err, "early cut-off"));
  run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nOther details.\n\nMore text, and an older "
                     "sentence about raft.\n");
  CHECK_MESSAGE(contains(run.err, "explain: early cut-off: "), run.err);
  disk.add_file("/notes/site.yml", "title: Wiki Two\n", now + 5);
  run = edit("b.md", "# Beta\n\nBeta is a store.\n\n## Details\n\nOther details.\n\nMore text, and an old "
                     "sentence about raft.\n");
  CHECK_MESSAGE(!contains(run.err, "early cut-off"), run.err);
  CHECK_MESSAGE(contains(run.err, "explain: content/site.yml changed"), run.err);
}
