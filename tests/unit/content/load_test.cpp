#include "content/load.h"

#include <doctest/doctest.h>

#include "content/discovery.h"
#include "core/memory_disk.h"

using namespace studywiki;

namespace {

LoadedNotes load(MemoryDisk& disk, bool keep_documents) {
  const SourceFiles files = discover(disk, "/v", {}, "/out", nullptr);
  LoadOptions options;
  options.keep_documents = keep_documents;
  Diagnostics diagnostics;
  return load_notes(disk, "/v", files.notes, options, diagnostics, 2);
}

}  // namespace

// A build frees each parsed tree once loading has taken what later stages read of
// it (the bodies stage parses the note again): the same face either way.
TEST_CASE("load: without keep_documents the trees are freed, and the notes say the same") {
  MemoryDisk disk;
  disk.add_folder("/v");
  disk.add_file("/v/a.md", "# Redis 持久化\n\n正文 #数据库 ^block1\n\n## AOF\n\n![[b#Intro]]\n");
  disk.add_file("/v/b.md", "---\ntitle: B\ntags: [x]\n---\n## Intro\n\ntext\n");
  disk.add_file("/v/draft.md", "---\ndraft: true\n---\nno\n");
  const LoadedNotes kept = load(disk, true);
  const LoadedNotes freed = load(disk, false);
  REQUIRE(kept.notes.size() == 2);
  REQUIRE(freed.notes.size() == 2);
  for (NoteId id : freed.notes.ids()) {
    CHECK(kept.notes[id].doc != nullptr);
    CHECK(freed.notes[id].doc == nullptr);
    CHECK(kept.parsed[id] == 1);
    CHECK(freed.parsed[id] == 1);
    const LoadedNote& k = kept.notes[id];
    const LoadedNote& f = freed.notes[id];
    CHECK(f.title == k.title);
    CHECK(f.hidden_heading == k.hidden_heading);
    CHECK(f.written_tags == k.written_tags);
    CHECK(f.block_ids == k.block_ids);
    CHECK(f.headings.size() == k.headings.size());
    CHECK(f.section_embeds.size() == k.section_embeds.size());
    CHECK(f.cjk == k.cjk);
    CHECK(f.letters == k.letters);
    CHECK(f.content_hash == k.content_hash);
  }
  CHECK(freed.notes[NoteId(0)].title == "Redis 持久化");
  CHECK(freed.notes[NoteId(0)].block_ids == std::vector<std::string>{"block1"});
  CHECK(freed.notes[NoteId(0)].section_embeds.size() == 1);
  CHECK(freed.notes[NoteId(1)].written_tags == std::vector<std::string>{"x"});
  CHECK(freed.unpublished.size() == 1);
}
