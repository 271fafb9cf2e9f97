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
#include <memory>
#include <string>

#include "pipeline/build.h"
#include "pipeline/last_build.h"

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

TEST_CASE("quick: what other notes see of a note is left to the full build") {
  Vault v;
  auto last = v.build("out");
  const std::string before = v.read_out("out", "a.html");
  const auto untouched = [&] { return v.read_out("out", "a.html") == before; };
  SUBCASE("a title") {
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha Two\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text.\n");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
  SUBCASE("a heading") {
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\n## New\n\nMore text.\n");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
  SUBCASE("a tag") {
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text. #new\n");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
  SUBCASE("front matter") {
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\naliases: [A]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text.\n");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
  SUBCASE("a block id") {
    v.write("a.md", "---\ndate: 2024-01-02\ntags: [db]\n---\n# Alpha\n\nSee [[Beta]] and [[Beta#Details]].\n\nMore text. ^here\n");
    CHECK(!studywiki::quick_pages(*last, {"content/a.md"}));
  }
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
  CHECK(untouched());
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
