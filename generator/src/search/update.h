#pragma once
// The search index of a site where only some notes' text changed, made from
// what the last build kept of its index instead of from every note again,
// and byte for byte what Index::build would make of the whole site.
//
// A build from scratch leaves an IndexCache beside its files (in
// OUT/.studywiki-cache/search): every shard's terms with their postings
// whole (the shard files hold them cut, see CAPS in search/index.h), each
// note's search face (url, title, aliases, folder, tags) and the shards its
// terms route to, and every file's fnv1a64 and stamp. The next build gives
// update_index() the site's new IndexInput: when the notes, their faces,
// the tags and the folders are the ones the cache knows, only the notes
// whose sections changed are counted; their postings replace theirs in the
// shards they touch, now or before; those shards, their data files and
// index.js are made again. What a build from scratch would make otherwise
// — another number of shards (S) or of notes per data file (K), or another
// average field length — makes it return nullopt (build from scratch).
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/disk.h"
#include "search/index.h"

namespace studywiki::search {

/// What the cache keeps of one file: its fnv1a64 (for the entry's group
/// hashes) and how it was on disk after it was written (OutputWriter::keep_if).
struct CachedFile {
  uint64_t hash = 0;
  FileInfo stamp;
};

struct CachedNote {
  std::string url, title;
  std::vector<std::string> aliases;
  int folder = -1;
  std::vector<int> tags;
  uint64_t sections_hash = 0;  ///< sections_hash() of its sections
  uint64_t source_hash = 0;    ///< NoteInput::source_hash
  uint32_t sections = 0;
  uint64_t data_bytes = 0;     ///< of its element in its data file
  std::array<uint64_t, kFieldCount> sums{};  ///< its sections' lengths per field, summed
  std::string shards;  ///< the shards its terms route to, ascending: pack_shards()
};

struct IndexCache {
  std::string key;  ///< Options and what else decides the files (set by the caller)
  /// The build that wrote it (set by the caller): the note cache of the same build
  /// (state/note_cache.h) has the bodies its notes' sections were made of.
  uint64_t build_id = 0;
  uint32_t shards = 1;
  uint64_t notes_per_data = 1, docs = 0, data_total = 0, weight_total = 0;
  std::array<uint64_t, kFieldCount> sums{};
  std::vector<std::string> tags;
  std::string entry_tail;  ///< search/files.h entry_tail()
  std::vector<CachedNote> notes;
  std::vector<uint64_t> shard_weight;  ///< search/shards.h shard_weight()
  std::vector<CachedFile> shard_files, data_files;
  CachedFile entry;
  /// checksum64 of each record group: the records of the shards of a group
  /// (record_group()), kept in a file of their own, so that they are written
  /// as they are made (42 MB at 10,000 notes) and only the groups an update
  /// touches are read and written again.
  std::vector<uint64_t> groups;
};

/// The record groups: at most kRecordGroups, of consecutive shards.
constexpr size_t kRecordGroups = 512;
size_t record_group_size(uint32_t shards);
/// Gives a record group's bytes to keep (Index::build, update_index's caller); Index::build
/// calls it from its worker threads at once, a different group each.
using GroupSink = std::function<void(size_t group, std::string bytes)>;
/// A record group's bytes as kept (nullopt: it cannot be read).
using GroupSource = std::function<std::optional<std::string>(size_t group)>;

/// CachedNote::shards: ascending shard numbers as varint gaps (ten thousand notes' lists are
/// 2.5 million numbers: a third of the memory as a vector), and back.
std::string pack_shards(const std::vector<uint32_t>& shards);
std::vector<uint32_t> unpack_shards(std::string_view packed);

/// A hash of everything a note's sections give the index.
uint64_t sections_hash(const std::vector<SectionText>& sections);

std::string serialize_index_cache(const IndexCache& cache);
/// nullopt (with `why` when the bytes are damaged or of another version) when it cannot be used.
std::optional<IndexCache> parse_index_cache(std::string_view bytes, std::string* why);

/// The files to write (index.js, changed shards and data files; their stamps
/// in `cache` to be set by the caller once written), the record groups to
/// keep, and the notes counted again, with `cache` brought up to date;
/// nullopt when the index must be built from scratch (`cache` unchanged).
/// `read` gives a data file's bytes as the last build wrote it, `groups` a
/// record group's (nullopt: they cannot; a group whose checksum is not the
/// cache's is not used either).
struct IndexUpdate {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::pair<size_t, std::string>> groups;
  size_t notes_counted = 0;
};
std::optional<IndexUpdate> update_index(IndexCache& cache, const IndexInput& input, const Options& options, unsigned jobs,
                                        const std::function<std::optional<std::string>(const std::string&)>& read,
                                        const GroupSource& groups);

// For Index::build, which fills the cache as it goes: what the postings give
// (before the shards are cut), then what the files give.
struct Postings;
using WholeTerm = std::pair<std::string, std::string>;
void fill_index_cache(IndexCache& cache, const IndexInput& input, const std::vector<uint64_t>& hashes,
                      const SectionLengths& lengths, const Postings& postings,
                      const std::vector<std::string>& encoded, const std::vector<WholeTerm>& tags,
                      const std::vector<WholeTerm>& names, uint32_t shards, unsigned jobs, const GroupSink& sink);
void fill_index_files(IndexCache& cache, const std::vector<uint64_t>& note_bytes, size_t notes_per_data,
                      const std::vector<uint64_t>& shard_hashes, const std::vector<uint64_t>& data_hashes,
                      const std::string& entry);

}  // namespace studywiki::search
