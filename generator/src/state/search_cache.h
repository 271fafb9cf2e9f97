#pragma once
// The search index of a build, written through the output writer, with what the
// next build needs to update it instead of making it again (search/update.h):
// OUT/.studywiki-cache/search (the head: every note's search face, every search
// file's hash and stamp) and its record groups search-records-G (every shard's
// terms with their postings whole). The index is updated when the head is whole,
// for the same key, every search file is still as it says and update_index()
// can (only notes' text changed); else it is made from scratch, and the cache
// with it. The groups are written before the head, which names their checksums;
// a build called off (serve) saves neither.
#include <cstdint>
#include <string>
#include <vector>

#include "content/site.h"
#include "output/write_gate.h"
#include "output/writer.h"
#include "tags/taxonomy.h"

namespace studywiki {

struct SearchIndexWrite {
  std::string cache_path;  ///< the head; "" for no cache (check mode: nothing is written)
  std::string key;         ///< what decides the index besides the notes (the binary, the options)
  bool read = true;        ///< false: made from scratch (--clean)
  const WriteGate* gate = nullptr;
  unsigned jobs = 1;
  uint64_t build_id = 0;   ///< this build's, kept in the cache (IndexCache::build_id)
  /// The early cut-off (pipeline/early_cutoff.h): the notes whose bodies were not read, as
  /// the build `bodies_from` left them. The index is updated only if its cache is that
  /// build's, and never made from scratch (SearchIndexWritten::made says whether it was).
  const std::vector<char>* unread = nullptr;
  uint64_t bodies_from = 0;
};

/// What became of the index, for --explain.
struct SearchIndexWritten {
  bool made = true;     ///< false: not written at all (only with SearchIndexWrite::unread)
  bool updated = false;
  size_t notes_counted = 0, files_made = 0;  ///< when updated
  std::string why;                           ///< when made from scratch
};

/// Writes search/ for `site` through `writer` (its thread's work: the stages beside it
/// read nothing it writes).
SearchIndexWritten write_search_index(const Site& site, const Taxonomy& taxonomy, OutputWriter& writer,
                                      const SearchIndexWrite& how);

}  // namespace studywiki
