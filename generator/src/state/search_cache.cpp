#include "state/search_cache.h"

#include <atomic>
#include <cstdio>
#include <optional>
#include <unordered_set>

#include "core/fs.h"
#include "core/parallel.h"
#include "search/files.h"
#include "search/index.h"
#include "search/phase_timer.h"
#include "search/update.h"

namespace studywiki {

namespace {

std::string search_path(const std::string& file) { return "search/" + file; }

/// fn(name, file) for index.js, every shard file and every data file the cache
/// knows, on `jobs` threads.
template <typename Fn>
void each_file(search::IndexCache& cache, unsigned jobs, Fn&& fn) {
  fn(std::string("index.js"), cache.entry);
  parallel_for(cache.shard_files.size(), jobs,
               [&](size_t i, unsigned) { fn(search::shard_file_name(i), cache.shard_files[i]); });
  parallel_for(cache.data_files.size(), jobs,
               [&](size_t i, unsigned) { fn(search::data_file_name(i), cache.data_files[i]); });
}

}  // namespace

SearchIndexWritten write_search_index(const Site& site, const Taxonomy& taxonomy, OutputWriter& writer,
                                      const SearchIndexWrite& how) {
  Disk& disk = writer.disk();
  const bool keep = !how.cache_path.empty();
  // Called off (serve): a write may not have happened, so the cache, which says they all did, is not saved.
  auto called_off = [&] { return how.gate && how.gate->closed(); };
  search::PhaseTimer step;
  search::Options options;
  options.keep_postings = false;
  SearchIndexWritten result;

  // Written, the files' stamps into the cache, and the cache saved.
  auto save = [&](search::IndexCache& cache, const std::vector<std::pair<std::string, std::string>>& files) {
    parallel_for(files.size(), how.jobs,
                 [&](size_t i, unsigned) { writer.write(search_path(files[i].first), files[i].second); });
    if (!keep || writer.failed() || called_off()) return;
    each_file(cache, how.jobs, [&](const std::string& file, search::CachedFile& c) {
      if (c.stamp.type == FileInfo::Type::Missing) c.stamp = writer.stamp(search_path(file));
    });
    cache.key = how.key;
    cache.build_id = how.build_id;
    disk.replace_file(how.cache_path, search::serialize_index_cache(cache), "", nullptr);  // a failure costs time only
  };
  // The record groups, in files of their own beside the head (written before it: it names their checksums).
  auto group_path = [&](size_t g) { return how.cache_path + "-records-" + std::to_string(g); };
  const search::GroupSink keep_group = [&](size_t g, std::string bytes) {
    if (keep && !called_off()) disk.replace_file(group_path(g), bytes, "", nullptr);
  };

  // The last build's cache, when whole, for the same key, and every file still as it says.
  std::optional<search::IndexCache> cache;
  result.why = "there is no search cache of an earlier build in this folder";
  if (keep && how.read)
    if (auto bytes = disk.read_file(how.cache_path, nullptr)) {
      std::string why;
      cache = search::parse_index_cache(*bytes, &why);
      if (!cache && !why.empty())
        std::fprintf(stderr, "studywiki: note: ignoring %s: %s\n", fs::generic(how.cache_path).c_str(), why.c_str());
      if (cache && cache->key != how.key) cache.reset();
    }
  if (cache) {
    std::atomic<bool> intact = true;
    each_file(*cache, how.jobs, [&](const std::string& file, const search::CachedFile& c) {
      if (intact && !writer.still(search_path(file), c.stamp)) intact = false;
    });
    if (!intact) {
      cache.reset();
      result.why = "a search file changed since the last build wrote it";
    }
  }
  step("cache");
  if (how.unread && (!cache || cache->build_id != how.bodies_from)) {
    result.made = false;
    result.why = cache ? "the search cache is not the note cache's build's" : result.why;
    return result;
  }
  // The notes whose body is the one the cache has indexed are not cut into sections again.
  search::IndexInput input = search::input_from_site(
      site, taxonomy, how.jobs,
      [&](size_t k, uint64_t hash) {
        return cache && k < cache->notes.size() && hash != 0 && cache->notes[k].source_hash == hash;
      },
      how.unread);  // not read: as the cache has them (the same build's, checked above)
  step("input");

  if (cache) {
    auto update = search::update_index(
        *cache, input, options, how.jobs,
        [&](const std::string& file) { return disk.read_file((writer.root() / "search" / file).native(), nullptr); },
        [&](size_t g) { return disk.read_file(group_path(g), nullptr); });
    step("update");
    if (update) {
      std::unordered_set<std::string> made;
      for (const auto& [file, bytes] : update->files) made.insert(file);
      // Every other file counted as written unchanged: each was found as it was a moment ago (above).
      each_file(*cache, how.jobs, [&](const std::string& file, const search::CachedFile&) {
        if (!made.count(file)) writer.keep(search_path(file));
      });
      for (auto& [g, bytes] : update->groups) keep_group(g, std::move(bytes));
      save(*cache, update->files);
      step("written");
      result.updated = true;
      result.notes_counted = update->notes_counted;
      result.files_made = update->files.size();
      return result;
    } else {
      result.why = "what the cache cannot update changed (a title, alias, tag, folder or note, or many notes)";
    }
  }
  if (how.unread) {  // the bodies a build from scratch needs were not read
    result.made = false;
    return result;
  }

  bool left_out = false;
  for (const search::NoteInput& n : input.notes) left_out = left_out || n.sections_left_out;
  if (left_out) input = search::input_from_site(site, taxonomy, how.jobs);  // every note's sections, after all
  search::IndexCache fresh;
  const search::Index index = search::Index::build(std::move(input), how.jobs, options, &fresh, &keep_group);
  save(fresh, index.files());
  // Groups past the last one, kept by an earlier build of a larger index, are no longer read.
  if (keep && !called_off())
    for (size_t g = fresh.groups.size(); g < search::kRecordGroups; ++g)
      if (disk.stat(group_path(g)).exists()) disk.remove_file(group_path(g));
  return result;
}

}  // namespace studywiki
