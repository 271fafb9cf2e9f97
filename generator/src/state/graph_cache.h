#pragma once
// What the graph stage made, kept for the next build in OUT/.studywiki-cache/graphs:
// the layouts, drawings, local graphs and related notes of the whole site, which
// cost seconds at 10,000 notes and change only when the notes' links, titles,
// pages, folders or tags do (SiteGraphs::input_hash). A text edit takes them
// as they were. The file ends in a checksum; one that is damaged, of another
// version or of other inputs is not used.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/disk.h"
#include "graph/site_graphs.h"

namespace studywiki {

/// `key`: what decides the results besides the inputs hashed (the generator binary, the options).
std::string serialize_graph_cache(const std::string& key, uint64_t input_hash, const SiteGraphs::Results& results);
/// The results kept for `key` and `input_hash` in a site of `notes` notes; nullopt (with
/// `why` when the file is damaged) when there are none to use.
std::optional<SiteGraphs::Results> parse_graph_cache(std::string_view bytes, const std::string& key,
                                                     uint64_t input_hash, size_t notes, std::string* why);

/// The graph stage's results, into `into`: taken from the cache file at `path` when it
/// holds them for `key` and these inputs (and `read`), else made on `jobs` threads and
/// kept there for the next build; `path` "" for no cache (check mode). With `explain`,
/// says which on stderr; a damaged file is ignored with a note.
const SiteGraphs& take_or_make_graphs(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings, Disk& disk,
                                      const std::string& path, const std::string& key, bool read, bool explain,
                                      unsigned jobs, std::optional<SiteGraphs>& into);

}  // namespace studywiki
