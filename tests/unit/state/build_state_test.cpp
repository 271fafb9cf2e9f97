// The build state: what a build leaves so the next one into the same folder
// can tell that nothing changed (state/build_state.h).
#include "state/build_state.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "content/discovery.h"
#include "core/memory_disk.h"

using namespace studywiki;

namespace {

BuildState sample() {
  BuildState st;
  st.key = "studywiki 0.1.0\n5:/tmp/x\n";
  st.inputs.push_back({"n:a b.md", 1, 120, 7, 1700000000123456789, 1700000000223456789});
  st.inputs.push_back({"n:db/Redis 持久化.md", 1, 4096, 8, 1, 2});
  st.inputs.push_back({std::string("n:odd\nname\0.md", 14), 1, 0, 9, 3, 4});
  st.messages = {{StateMessage::Kind::Warning, "content/a.md:3:5: warning: broken link [[a: error: b]]"},
                 {StateMessage::Kind::Error, "line with : colons 12:34"},
                 {StateMessage::Kind::Note, "studywiki: note: n"}};
  st.errors = 1;
  st.warnings = 2;
  st.notes = 3;
  st.folders = 4;
  st.files = 5;
  st.outputs = 6;
  return st;
}

}  // namespace

TEST_CASE("build state: what is saved reads back the same, odd paths included") {
  const BuildState st = sample();
  const std::string bytes = serialize_build_state(st);
  std::string why;
  const auto back = parse_build_state(bytes, &why);
  REQUIRE_MESSAGE(back, why);
  CHECK(back->key == st.key);
  CHECK(back->inputs == st.inputs);
  CHECK(back->messages == st.messages);
  CHECK(back->errors == 1);
  CHECK(back->warnings == 2);
  CHECK(back->notes == 3);
  CHECK(back->folders == 4);
  CHECK(back->files == 5);
  CHECK(back->outputs == 6);
}

TEST_CASE("build state: a truncated, garbled or foreign file is never trusted") {
  const std::string bytes = serialize_build_state(sample());
  std::string why;
  // Every truncation is refused, so a build killed while saving cannot leave a half state.
  for (size_t n = 0; n < bytes.size(); ++n) {
    const auto st = parse_build_state(bytes.substr(0, n), &why);
    CHECK_MESSAGE(!st, n);
    if (st) break;
  }
  // Any one byte changed is refused (the checksum), or reads as different inputs.
  for (size_t i = 0; i < bytes.size(); i += 7) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    CHECK_MESSAGE(!parse_build_state(bad, &why), i);
  }
  CHECK(!parse_build_state(bytes + "x", &why));
  std::string other = bytes;
  other.replace(other.find(" 2\n"), 3, " 9\n");
  CHECK(!parse_build_state(other, &why));
  CHECK(why == "written by another version of studywiki");
  CHECK(!parse_build_state("", &why));
  CHECK(why == "not a studywiki build state");
  CHECK(!parse_build_state("<html>", &why));
}

TEST_CASE("build state: an input changed a moment ago makes the stamps racy") {
  const int64_t now = 2'000'000'000'000'000'000;
  std::vector<InputStamp> inputs = {{"n:a.md", 1, 1, 1, now - 5'000'000'000, now - 5'000'000'000}};
  CHECK(!racy(inputs, now));
  inputs.push_back({"n:b.md", 1, 1, 2, now - 5'000'000'000, now - 10'000'000});  // ctime: a touch, a chmod
  CHECK(racy(inputs, now));
  inputs.back().ctime_ns = now - 200'000'000;
  CHECK(!racy(inputs, now));
  inputs.back().mtime_ns = now + 1'000'000'000;  // a file dated in the future
  CHECK(racy(inputs, now));
}

TEST_CASE("build state: stamps change when a file is rewritten, renamed or replaced") {
  MemoryDisk disk;
  disk.add_file("/v/a.md", "one", 1700000000);
  disk.add_file("/v/t/x.md", "two", 1700000000);
  RealDisk none;  // no site folder
  auto stamps = [&] {
    const SourceFiles files = discover(disk, "/v", {}, "/out", nullptr);
    return stamp_inputs(disk, none, "/v", "", files, 2);
  };
  const auto before = stamps();
  CHECK(before == stamps());
  REQUIRE(before.size() >= 3);
  CHECK(std::find_if(before.begin(), before.end(), [](const InputStamp& s) { return s.path == "n:t/x.md"; }) !=
        before.end());
  CHECK(std::find_if(before.begin(), before.end(), [](const InputStamp& s) { return s.path == "x:"; }) != before.end());
  // The same bytes written again, the same time: still a change (it was written).
  disk.add_file("/v/a.md", "one", 1700000000);
  const auto rewritten = stamps();
  CHECK(rewritten != before);
  CHECK(rewritten == stamps());
  // A site.yml appears at the vault's root: its configuration changed.
  disk.add_file("/v/site.yml", "title: X\n", 1700000000);
  CHECK(stamps() != rewritten);
}
