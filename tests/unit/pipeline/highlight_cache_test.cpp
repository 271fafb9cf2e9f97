// The build keeps highlighted code in OUT/.studywiki-cache/highlight and
// takes it from there on the next build (not with --clean, never for check).
#include <doctest/doctest.h>

#include <string>

#include "core/hash.h"
#include "core/memory_disk.h"
#include "markdown/highlight.h"
#include "pipeline/build.h"

namespace {

using studywiki::BuildOptions;
using studywiki::MemoryDisk;

BuildOptions quiet_build(bool clean = false) {
  BuildOptions o;
  o.source = "/notes";
  o.out = "/out";
  o.display_root = "content/";
  o.jobs = 2;
  o.quiet = true;
  o.clean = clean;
  return o;
}

std::string read(const MemoryDisk& disk, const std::string& path) { return disk.read_file(path, nullptr).value_or(""); }
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("pipeline: highlighted code is cached in OUT/.studywiki-cache/highlight and read back by the next build") {
  const std::string cache = "/out/.studywiki-cache/highlight";
  MemoryDisk disk;
  disk.add_file("/notes/a.md", "# A\n\n```python\nprint(1)\n```\n", 1700000000);
  studywiki::markdown::clear_highlight_cache();
  REQUIRE(studywiki::run_build(quiet_build(), disk) == 0);
  const std::string file = read(disk, cache);
  CHECK(has(file, "studywiki highlight cache 1\n"));
  CHECK(has(file, std::string("python.lang\0print(1)\n", 21)));
  CHECK(has(read(disk, "/out/a.html"), "<span class=\"hl-keyword\">print</span>"));
  CHECK(!has(read(disk, "/out/.studywiki-manifest"), ".studywiki-cache"));

  // Tamper with the cached HTML, same length: without a matching checksum it is not trusted…
  std::string forged = file.substr(0, file.size() - 21);  // less "end <checksum>\n"
  const std::string real = "<span class=\"hl-keyword\">print</span>(<span class=\"hl-number\">1</span>)\n";
  REQUIRE(has(forged, real));
  const std::string fake = "<span class=\"hl-keyword\">PRINT</span>(<span class=\"hl-number\">1</span>)\n";
  forged.replace(forged.find(real), real.size(), fake);
  disk.add_file(cache, forged + file.substr(file.size() - 21));
  disk.add_file("/notes/a.md", "# A\n\n```python\nprint(1)\n```\n\nedited\n", 1700000100);
  REQUIRE(studywiki::run_build(quiet_build(), disk) == 0);
  CHECK(!has(read(disk, "/out/a.html"), "PRINT"));
  // …and with one, the next build uses it instead of highlighting again.
  disk.add_file(cache, forged + "end " + studywiki::hex64(studywiki::fnv1a64(forged)) + "\n");
  disk.add_file("/notes/a.md", "# A\n\n```python\nprint(1)\n```\n\nedited again\n", 1700000200);
  REQUIRE(studywiki::run_build(quiet_build(), disk) == 0);
  CHECK(has(read(disk, "/out/a.html"), "PRINT"));

  // --clean starts over: highlighted anew, the file rewritten.
  REQUIRE(studywiki::run_build(quiet_build(true), disk) == 0);
  CHECK(!has(read(disk, "/out/a.html"), "PRINT"));
  CHECK(read(disk, cache) == file);
}
