#include "search/update.h"

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>

#include "search/index.h"

using namespace studywiki::search;

namespace {

const char* const kWords[] = {"redis", "cache", "latency", "index", "btree", "raft", "paxos", "kafka", "queue",
                              "thread", "lock", "mutex", "async", "await", "python", "rust", "golang", "java",
                              "持久化", "内存", "索引", "事务", "隔离", "一致性", "分布式", "协程", "线程", "数据库"};

std::string words(std::mt19937& rng, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += kWords[rng() % std::size(kWords)];
    if (rng() % 7 == 0) s += std::to_string(rng() % 50);  // rarer terms
  }
  return s;
}

SectionText random_section(std::mt19937& rng, size_t s) {
  SectionText t;
  if (s > 0) {
    t.heading = words(rng, 1 + rng() % 3);
    t.anchor = "h" + std::to_string(s);
  }
  t.body = words(rng, 5 + rng() % 60);
  for (size_t l = rng() % 3; l > 0; --l) t.links.push_back(words(rng, 2));
  t.text = t.heading + " " + t.body;
  return t;
}

IndexInput random_site(std::mt19937& rng, size_t notes) {
  IndexInput in;
  in.tags = {"db", "db/redis", "lang"};
  in.tag_parents = {-1, 0, -1};
  in.tag_notes.resize(3);
  in.folders = {"a", "b"};
  in.folder_parents = {-1, -1};
  in.folder_notes = {{0, static_cast<int>(notes / 2)}, {static_cast<int>(notes / 2), static_cast<int>(notes)}};
  for (size_t n = 0; n < notes; ++n) {
    NoteInput note;
    note.url = (n < notes / 2 ? "a/" : "b/") + std::to_string(n) + ".html";
    note.title = words(rng, 1 + rng() % 3) + " " + std::to_string(n);
    note.folder = n < notes / 2 ? 0 : 1;
    if (n % 3 == 0) {
      note.tags = {static_cast<int>(n % 2)};
      in.tag_notes[n % 2].push_back(static_cast<int>(n));
      if (n % 2 == 1) in.tag_notes[0].push_back(static_cast<int>(n));
    }
    for (size_t s = 0, count = 1 + rng() % 4; s < count; ++s) note.sections.push_back(random_section(rng, s));
    in.notes.push_back(std::move(note));
  }
  for (auto& list : in.tag_notes) std::sort(list.begin(), list.end());
  return in;
}

Options small_options() {
  Options o;
  o.target_shard_bytes = 2 * 1024;  // a few dozen shards
  o.max_term_bytes = 600;            // common terms are cut
  o.max_shard_bytes = 3 * 1024;      // and some shards
  o.target_data_bytes = 1024;        // a few notes a data file
  return o;
}

std::map<std::string, std::string> files_of(const Index& index) {
  return {index.files().begin(), index.files().end()};
}

/// update_index's reader of the files a build wrote.
std::function<std::optional<std::string>(const std::string&)> reader(const std::map<std::string, std::string>& files) {
  return [&files](const std::string& name) -> std::optional<std::string> {
    const auto it = files.find(name);
    return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

/// The record groups a build or an update hands on, kept as files would be.
struct Groups {
  std::map<size_t, std::string> bytes;
  std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();  // Index::build's workers call the sink at once
  GroupSink sink() {
    return [this](size_t g, std::string b) {
      std::lock_guard<std::mutex> lock(*mutex);
      bytes[g] = std::move(b);
    };
  }
  GroupSource source() const {
    return [this](size_t g) -> std::optional<std::string> {
      const auto it = bytes.find(g);
      return it == bytes.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
  }
};

/// A build from scratch with its cache, record groups and files, as a build leaves them.
struct Built {
  IndexCache cache;
  Groups groups;
  std::map<std::string, std::string> files;
};

Built build_with_cache(const IndexInput& site, unsigned jobs, const Options& options) {
  Built b;
  const GroupSink sink = b.groups.sink();
  b.files = files_of(Index::build(site, jobs, options, &b.cache, &sink));
  return b;
}

}  // namespace

TEST_CASE("search update: a few notes' edits give the files and cache a build from scratch gives") {
  std::mt19937 rng(7);
  const Options options = small_options();
  IndexInput site = random_site(rng, 240);
  Built built = build_with_cache(site, 2, options);
  IndexCache& cache = built.cache;
  Groups& groups = built.groups;
  std::map<std::string, std::string>& files = built.files;
  REQUIRE(cache.shards > 4);
  REQUIRE(cache.groups.size() > 1);
  size_t updated = 0, fallbacks = 0, files_rewritten = 0;
  for (int round = 0; round < 40; ++round) {
    IndexInput next = site;
    for (size_t k = 1 + rng() % 3; k > 0; --k) {
      NoteInput& note = next.notes[rng() % next.notes.size()];
      switch (rng() % 4) {
        case 0: note.sections.back().body += " " + words(rng, 3); break;  // a line appended
        case 1: note.sections.push_back(random_section(rng, note.sections.size())); break;
        case 2:
          if (note.sections.size() > 1) note.sections.pop_back();
          break;
        default: note.sections.front() = random_section(rng, 0);
      }
      for (auto& s : note.sections) s.text = s.heading + " " + s.body;
    }
    // The cache goes through its bytes, as between two builds.
    std::string why;
    auto kept = parse_index_cache(serialize_index_cache(cache), &why);
    REQUIRE_MESSAGE(kept, why);
    Built from_scratch = build_with_cache(next, 2, options);
    IndexCache& scratch = from_scratch.cache;
    Groups& scratch_groups = from_scratch.groups;
    const std::map<std::string, std::string>& want = from_scratch.files;
    auto update = update_index(*kept, next, options, 2, reader(files), groups.source());
    if (update) {
      ++updated;
      CHECK(update->notes_counted >= 1);
      auto now = files;
      for (auto& [name, bytes] : update->files) now[name] = bytes;
      files_rewritten += update->files.size();
      CHECK(update->files.size() < want.size() / 2);  // only what changed
      CHECK(now == want);
      CHECK(serialize_index_cache(*kept) == serialize_index_cache(scratch));
      for (auto& [g, bytes] : update->groups) groups.bytes[g] = bytes;
      CHECK(update->groups.size() < scratch_groups.bytes.size() + 1);
      CHECK(groups.bytes == scratch_groups.bytes);
      cache = std::move(*kept);
    } else {
      ++fallbacks;
      cache = std::move(scratch);
      groups = std::move(scratch_groups);
    }
    files = want;
    site = std::move(next);
  }
  MESSAGE("updated ", updated, ", from scratch ", fallbacks, ", files rewritten ", files_rewritten);
  CHECK(updated >= 30);
}

TEST_CASE("search update: what it cannot update is built from scratch") {
  std::mt19937 rng(3);
  const Options options = small_options();
  const IndexInput site = random_site(rng, 60);
  const Built built = build_with_cache(site, 1, options);
  const auto read = reader(built.files);
  IndexInput renamed = site;
  renamed.notes[5].title = "another title";  // a name term: every page's search of names
  IndexCache copy = built.cache;
  CHECK_FALSE(update_index(copy, renamed, options, 1, read, built.groups.source()));
  IndexInput fewer = site;
  fewer.notes.pop_back();
  CHECK_FALSE(update_index(copy, fewer, options, 1, read, built.groups.source()));
  IndexInput edited = site;
  edited.notes[5].sections.back().body += " raft";
  // A data file that is not what the cache says it is.
  CHECK_FALSE(update_index(
      copy, edited, options, 1,
      [&](const std::string& name) -> std::optional<std::string> {
        auto bytes = read(name);
        if (bytes) *bytes += " ";
        return bytes;
      },
      built.groups.source()));
  // Record groups that are not the ones the cache names.
  Groups damaged = built.groups;
  for (auto& [g, bytes] : damaged.bytes) bytes[bytes.size() / 2] ^= 1;
  CHECK_FALSE(update_index(copy, edited, options, 1, read, damaged.source()));
  CHECK_FALSE(update_index(copy, edited, options, 1, read, [](size_t) { return std::nullopt; }));
  CHECK(serialize_index_cache(copy) == serialize_index_cache(built.cache));  // left as it was
  CHECK(update_index(copy, edited, options, 1, read, built.groups.source()));
  std::string why;
  std::string bytes = serialize_index_cache(built.cache);
  bytes[bytes.size() / 2] ^= 1;
  CHECK_FALSE(parse_index_cache(bytes, &why));
  CHECK(why == "damaged (checksum)");
}

TEST_CASE("search update: notes whose sections were not made are the cache's, if made of the same") {
  std::mt19937 rng(11);
  const Options options = small_options();
  IndexInput site = random_site(rng, 80);
  for (size_t n = 0; n < site.notes.size(); ++n) site.notes[n].source_hash = 1000 + n;
  const Built built = build_with_cache(site, 1, options);
  const auto read = reader(built.files);
  IndexInput edited = site;
  edited.notes[7].sections.back().body += " raft paxos";
  edited.notes[7].source_hash = 7;
  const auto want = files_of(Index::build(edited, 1, options));
  IndexInput lean = edited;
  for (size_t n = 0; n < lean.notes.size(); ++n)
    if (n != 7) {
      lean.notes[n].sections.clear();
      lean.notes[n].sections_left_out = true;
    }
  IndexCache copy = built.cache;
  auto update = update_index(copy, lean, options, 1, read, built.groups.source());
  REQUIRE(update);
  CHECK(update->notes_counted == 1);
  auto now = built.files;
  for (auto& [name, bytes] : update->files) now[name] = bytes;
  CHECK(now == want);
  CHECK(copy.notes[7].source_hash == 7);
  // One left out whose source is not what the cache indexed: built from scratch.
  IndexInput stale = lean;
  stale.notes[3].source_hash = 99;
  IndexCache other = built.cache;
  CHECK_FALSE(update_index(other, stale, options, 1, read, built.groups.source()));
}
