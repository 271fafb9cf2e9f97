#pragma once
// What other notes put on each note's page, kept for the early cut-off
// (pipeline/early_cutoff.h) in OUT/.studywiki-cache/parts and its groups
// parts-G (a note's by note_group() of its source path): its backlinks and
// unlinked mentions with their sentences, its related notes, its local
// graph's placeholder, the headings some link points to. With them, a note's page is rendered as a full build
// renders it while no other note's body is read. The head is a versioned
// magic line, the id of the build that wrote it (state/note_cache.h
// NoteCache::build_id: both must be the same build's to be used), each
// group's checksum, and a checksum of itself; groups are written before the
// head, and only those whose bytes changed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "content/site.h"
#include "core/disk.h"
#include "core/excerpt.h"

namespace studywiki {

namespace links {
struct CrossLinks;
}
class SiteGraphs;
class PageData;

/// One note page's parts; notes by source path.
struct PageParts {
  struct Ref {
    std::string source;
    std::vector<Excerpt> contexts;
  };
  std::vector<Ref> backlinks, mentions;
  std::vector<std::string> related;
  std::string local_graph;  ///< its placeholder
  /// The ids of its headings some note links to (their previews show the first paragraph under them).
  std::vector<std::string> linked_headings;
};

/// Writes the parts of every ordinary note page beside `path` (the head), for build
/// `build_id`: the groups whose bytes are not those the head at `path` names, then the head.
void write_page_parts(Disk& disk, const std::string& path, uint64_t build_id, const Site& site,
                      const links::CrossLinks& cross, const SiteGraphs& graphs, const PageData& page_data,
                      unsigned jobs);

/// The parts of the pages of `sources`, as build `build_id` wrote them; nullopt when
/// the files are not that build's, damaged, or lack one of them.
std::optional<std::vector<PageParts>> read_page_parts(const Disk& disk, const std::string& path, uint64_t build_id,
                                                      const std::vector<std::string>& sources);

/// The head at `path` said again for build `build_id` (the early cut-off changes no part). False when it cannot.
bool renew_page_parts(Disk& disk, const std::string& path, uint64_t from_build, uint64_t build_id);

}  // namespace studywiki
