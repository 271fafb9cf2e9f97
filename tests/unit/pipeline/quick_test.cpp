// serve's quick answer to a save (pipeline/quick.h): the edited note's page
// written from the last build's results, the same bytes the full build then
// writes; any edit other notes could see is left to the full build.
#include "pipeline/quick.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>
#include <memory>
#include <string>

#include "pipeline/build.h"
#include "pipeline/last_build.h"
#include "output/write_gate.h"

namespace {

namespace stdfs = std::filesystem;

struct Vault {
  stdfs::path root;
  Vault() {
    char tmpl[] = "/tmp/studywiki-quick-XXXXXX";
    root = ::mkdtemp(tmpl);
    // Dates in front matter: a date taken from the file's time would move with each edit.
    write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text.\n");
    write("folder/Beta.md", "---\ndate: 2024-01-03\n---\n# Beta\n\n## Details\n\nSome text about Alpha. ^blk\n");
    write("gamma.md", "---\ndate: 2024-01-04\n---\n# Gamma\n\n![[Beta#Details]]\n\nAlso [[Alpha]].\n");
  }
  ~Vault() {
    std::error_code ec;
    stdfs::remove_all(root, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    stdfs::create_directories((root / "notes" / rel).parent_path());
    std::ofstream(root / "notes" / rel, std::ios::binary) << text;
  }
  std::string read_out(const std::string& out, const std::string& rel) const {
    std::ifstream in(root / out / rel, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  studywiki::BuildOptions options(const std::string& out) const {
    studywiki::BuildOptions o;
    o.source = root / "notes";
    o.out = root / out;
    o.display_root = "content/";
    o.jobs = 2;
    o.quiet = true;
    o.print_diagnostics = false;
    return o;
  }
  /// A build into `out`, keeping its results.
  std::shared_ptr<studywiki::LastBuild> build(const std::string& out) const {
    std::shared_ptr<studywiki::LastBuild> last;
    auto o = options(out);
    o.keep = &last;
    REQUIRE(studywiki::run_build(o) == 0);
    REQUIRE(last);
    return last;
  }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("quick: a body edit writes the note's page at once, the bytes the full build writes") {
  Vault v;
  auto last = v.build("out");
  CHECK(last->complete);
  const std::string before = v.read_out("out", "a.html");
  REQUIRE(contains(before, "More text."));

  // Touched, not changed: nothing to write.
  v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text.\n");
  auto same = studywiki::quick_pages(*last, {"content/a.md"});
  REQUIRE(same);
  CHECK(same->empty());

  // Text changed, links kept: the page is written, with the new text.
  v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\n"
                  "Other words, **bold** ones.\n");
  auto written = studywiki::quick_pages(*last, {"content/a.md"});
  REQUIRE(written);
  CHECK(*written == std::vector<std::string>{"a.html"});
  const std::string quick = v.read_out("out", "a.html");
  CHECK(contains(quick, "Other words, <strong>bold</strong> ones."));
  CHECK(!contains(quick, "More text."));
  CHECK(contains(quick, "href=\"folder/beta.html#details\""));  // its links still resolve

  // The full build that follows writes exactly that page (and a clean build agrees).
  v.build("out");
  CHECK(v.read_out("out", "a.html") == quick);
  v.build("clean");
  CHECK(v.read_out("clean", "a.html") == quick);
}

TEST_CASE("quick: a title, a heading, a tag or front matter show on the note's own page at once") {
  Vault v;
  auto last = v.build("out");
  struct Case {
    const char* what;
    std::string text, shows;
  };
  const Case cases[] = {
      {"a title", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha Two\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text.\n",
       "<title>Alpha Two"},
      {"a heading", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\n## New part\n\nMore.\n",
       "New part</h2>"},
      {"a tag", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text. #fresh\n", "#fresh"},
      {"an alias", "---\ndate: 2024-01-02\ntags: [db]\naliases: [A1]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text.\n",
       "More text."},
      {"a block id", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text. ^here\n",
       "id=\"here\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    v.write("a.md", c.text);
    const auto written = studywiki::quick_pages(*last, {"content/a.md"});
    REQUIRE(written);
    CHECK(*written == std::vector<std::string>{"a.html"});
    CHECK(contains(v.read_out("out", "a.html"), c.shows));
  }
  // The full build then makes every page what a clean build makes.
  v.build("out");
  v.build("clean");
  CHECK(v.read_out("out", "a.html") == v.read_out("clean", "a.html"));
  CHECK(v.read_out("out", "gamma.html") == v.read_out("clean", "gamma.html"));
}

TEST_CASE("quick: embeds, drafts, new and removed notes are left to the full build") {
  Vault v;
  auto last = v.build("out");
  const std::string before = v.read_out("out", "a.html");
  SUBCASE("an embed of a note") {
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\n![[Gamma]]\n");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
  SUBCASE("a draft now") {
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\ndraft: true\n---\n# Alpha\n\nMore text.\n");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
  SUBCASE("a new note, a removed one, or a file that is not a note") {
    v.write("new.md", "# New\n");
    CHECK(!studywiki::quick_pages(*last, {"content/new.md"}));
    CHECK(!studywiki::quick_pages(*last, {"content/a.md", "content/new.md"}));
    CHECK(!studywiki::quick_pages(*last, {"templates/note.mustache"}));
    stdfs::remove(v.root / "notes" / "a.md");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
  CHECK(v.read_out("out", "a.html") == before);
}

TEST_CASE("quick: a build that did nothing keeps nothing") {
  Vault v;
  v.build("out");
  std::shared_ptr<studywiki::LastBuild> last;
  auto o = v.options("out");
  o.keep = &last;
  // Right after a build its inputs may look too recent to trust a no-op; let them age.
  ::usleep(150 * 1000);
  REQUIRE(studywiki::run_build(o) == 0);
  REQUIRE(studywiki::run_build(o) == 0);
  CHECK(!last);
  o.allow_replay = false;  // serve's warm-up: a real build, for its results
  REQUIRE(studywiki::run_build(o) == 0);
  CHECK(last);
}

namespace {

/// Every file under `root` (the build's hidden folders aside), with its bytes.
std::map<std::string, std::string> tree(const stdfs::path& root) {
  std::map<std::string, std::string> files;
  for (auto it = stdfs::recursive_directory_iterator(root); it != stdfs::recursive_directory_iterator(); ++it) {
    const std::string rel = it->path().lexically_relative(root).generic_string();
    if (rel.rfind(".studywiki", 0) == 0) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    files[rel] = {std::istreambuf_iterator<char>(in), {}};
  }
  return files;
}

}  // namespace

TEST_CASE("quick: a build called off at any point writes nothing after, and the next one is a clean build's") {
  Vault v;
  for (int i = 0; i < 40; ++i)
    v.write("many/n" + std::to_string(i) + ".md",
            "---\ndate: 2024-02-01\n---\n# Note " + std::to_string(i) + "\n\nSee [[Alpha]] and [[Note " +
                std::to_string((i + 1) % 40) + "]].\n\n```cpp\nint x = " + std::to_string(i) + ";\n```\n");
  v.build("clean");
  const auto clean = tree(v.root / "clean");
  int called_off = 0;
  for (const int delay_us : {0, 2000, 8000, 20000, 50000, 100000}) {
    // The output folder holds an older site: a note that is gone since, another text.
    v.write("old.md", "# Old\n\nGone soon.\n");
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nAn older text.\n");
    v.build("out");
    stdfs::remove(v.root / "notes" / "old.md");
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text.\n");
    studywiki::WriteGate gate;
    studywiki::BuildOutcome outcome;
    auto o = v.options("out");
    o.gate = &gate;
    o.outcome = &outcome;
    int status = -1;
    std::thread build([&] { status = studywiki::run_build(o); });
    ::usleep(static_cast<useconds_t>(delay_us));
    gate.close();
    const auto at_close = tree(v.root / "out");
    build.join();
    CAPTURE(delay_us);
    if (status == studywiki::kCancelled) {
      ++called_off;
      CHECK(outcome.cancelled);
      CHECK(tree(v.root / "out") == at_close);  // not a file written or removed after the close
      CHECK(!stdfs::exists(v.root / "out" / ".studywiki-cache" / "state"));
    } else {
      CHECK(status == 0);
      CHECK(tree(v.root / "out") == clean);
    }
    // The next build finishes the job: the bytes of a clean build.
    REQUIRE(studywiki::run_build(v.options("out")) == 0);
    CHECK(tree(v.root / "out") == clean);
  }
  CHECK(called_off > 0);  // the gate closed before the first build was done at least once
}

TEST_CASE("note cache: a note saved a moment before a build is read again next time, its body reused") {
  Vault v;
  auto o = v.options("out");
  studywiki::BuildOutcome r;
  o.outcome = &r;
  auto build = [&] {
    r = {};
    REQUIRE(studywiki::run_build(o) == 0);
    return std::to_string(r.parsed) + " parsed, " + std::to_string(r.rendered) + " rendered";
  };
  ::usleep(150 * 1000);  // the notes are older than a clock tick's doubt
  CHECK(build() == "3 parsed, 3 rendered");
  // Saved right before the build (as `serve` and an editor's save-and-build do): the
  // cache is written all the same, but without that note's stamp.
  v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nNew words.\n");
  CHECK(build() == "1 parsed, 1 rendered");
  ::usleep(150 * 1000);
  // No state was saved (an input was too recent), so this one builds: it reads a.md again,
  // finds the same bytes and takes its body as it was.
  CHECK(build() == "1 parsed, 0 rendered");
  CHECK(v.read_out("out", "a.html").find("New words.") != std::string::npos);
  // Now everything is settled: nothing to do at all.
  CHECK(build() == "0 parsed, 0 rendered");
  CHECK(r.written == 0);
}
