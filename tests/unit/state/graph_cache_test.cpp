#include "state/graph_cache.h"

#include <doctest/doctest.h>

#include "../test_site.h"
#include "tags/taxonomy.h"

using namespace studywiki;

namespace {

/// Four notes in two folders: a -> b, a -> c, c -> d; a and d tagged db, b tagged go.
Site four_notes() {
  Site site;
  const NoteId a = test::add_note(site, "db/a.md", "Alpha", "db/a.html");
  const NoteId b = test::add_note(site, "db/b.md", "Beta", "db/b.html");
  const NoteId c = test::add_note(site, "go/c.md", "Gamma", "go/c.html");
  const NoteId d = test::add_note(site, "go/d.md", "Delta", "go/d.html");
  site.bodies[a].links_to = {b, c};
  site.bodies[c].links_to = {d};
  return site;
}

const std::vector<std::vector<std::string>> kTags = {{"db"}, {"go"}, {}, {"db"}};

}  // namespace

TEST_SUITE("state") {

TEST_CASE("graph cache: what the graph stage made comes back as it was, only for the same key and inputs") {
  const Site site = four_notes();
  const Taxonomy taxonomy(kTags);
  const SiteGraphs made(site, taxonomy, UiStrings::builtin_english(), 2);
  const auto& r = made.results();
  REQUIRE(!r.local[NoteId(0)].placeholder.empty());  // a has neighbours: a local graph
  REQUIRE(!r.data.empty());
  const uint64_t inputs = SiteGraphs::input_hash(site, taxonomy, UiStrings::builtin_english());
  const std::string bytes = serialize_graph_cache("key 1", inputs, r);

  std::string why;
  const auto back = parse_graph_cache(bytes, "key 1", inputs, site.notes.size(), &why);
  REQUIRE(back);
  CHECK(back->tag_svg == r.tag_svg);
  CHECK(back->note_svg == r.note_svg);
  CHECK(back->shown == r.shown);
  CHECK(back->edges == r.edges);
  CHECK(back->groups == r.groups);
  CHECK(back->data == r.data);
  for (NoteId id : site.notes.ids()) {
    CHECK(back->local[id].placeholder == r.local[id].placeholder);
    CHECK(back->local[id].data == r.local[id].data);
    CHECK(back->related[id] == r.related[id]);
  }

  // Another key or other inputs: not used, and nothing to say.
  why.clear();
  CHECK(!parse_graph_cache(bytes, "key 2", inputs, site.notes.size(), &why));
  CHECK(!parse_graph_cache(bytes, "key 1", inputs + 1, site.notes.size(), &why));
  CHECK(why.empty());
  // Damaged, cut short, of another version, or for another number of notes: not used, with a reason.
  std::string damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x20;
  CHECK(!parse_graph_cache(damaged, "key 1", inputs, site.notes.size(), &why));
  CHECK(why == "damaged (checksum)");
  CHECK(!parse_graph_cache(bytes.substr(0, bytes.size() - 3), "key 1", inputs, site.notes.size(), &why));
  CHECK(!parse_graph_cache("studywiki-graphs 0\n", "key 1", inputs, site.notes.size(), &why));
  CHECK(why == "not a graph cache of this version");
  why.clear();
  CHECK(!parse_graph_cache(bytes, "key 1", inputs, site.notes.size() + 1, &why));
  CHECK(why == "damaged (header)");
}

TEST_CASE("graph cache: the input hash follows links, titles, pages, tags and the graphs' names, not the text") {
  const Taxonomy taxonomy(kTags);
  const UiStrings& en = UiStrings::builtin_english();
  const Site base = four_notes();
  const uint64_t h = SiteGraphs::input_hash(base, taxonomy, en);
  CHECK(SiteGraphs::input_hash(four_notes(), taxonomy, en) == h);

  Site text = four_notes();
  text.bodies[NoteId(1)].html = "<p>new text</p>";
  text.bodies[NoteId(1)].summary = "new text";
  CHECK(SiteGraphs::input_hash(text, taxonomy, en) == h);

  Site link = four_notes();
  link.bodies[NoteId(1)].links_to = {NoteId(3)};
  CHECK(SiteGraphs::input_hash(link, taxonomy, en) != h);
  Site title = four_notes();
  title.notes[NoteId(2)].title = "Gamma 2";
  CHECK(SiteGraphs::input_hash(title, taxonomy, en) != h);
  Site moved = four_notes();
  moved.places.notes[NoteId(3)].out = "go/delta.html";
  CHECK(SiteGraphs::input_hash(moved, taxonomy, en) != h);
  Site role = four_notes();
  role.places.notes[NoteId(3)].role = Place::Role::FolderIndex;
  CHECK(SiteGraphs::input_hash(role, taxonomy, en) != h);
  CHECK(SiteGraphs::input_hash(base, Taxonomy({{"db"}, {"go"}, {"go"}, {"db"}}), en) != h);
  CHECK(SiteGraphs::input_hash(base, Taxonomy({{"sql"}, {"go"}, {}, {"sql"}}), en) != h);
}

}  // TEST_SUITE
