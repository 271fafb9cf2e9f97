#pragma once
// The early cut-off (what ninja calls restat, Bazel early cut-off): an edit
// to a note's text that changes nothing the rest of the site shows of it —
// its title, front matter, tags, headings, block ids (the site hash), its
// body's face (state/note_cache.h body_face(): its summary, links and the
// sentences around them, embeds, the parts others embed, unlinked mentions),
// the first paragraph under each heading some link points to (that link's
// preview) and its dates — changes no other page, graph, preview, folder list or
// feed. Such a build reads only the edited notes' cached bodies (not the
// 100 MB of every other's, at 10,000 notes), renders only their pages — with
// what other notes put on them as the last build kept it (state/page_parts.h)
// — and updates the search index from its cache; every other file the last
// build wrote is kept as it is (OutputWriter::keep_the_rest).
//
// It applies only when the last build's state says that nothing but notes'
// bytes changed (no template, asset, static file, site.yml or note added or
// removed), to at most kMaxNotes ordinary notes that embed nothing and that
// no note embeds, and when the page parts and the search cache were written
// by the build whose note cache this one read. When it does not, the build
// goes on as usual: it has written nothing yet.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/site_config.h"
#include "config/ui_strings.h"
#include "content/site.h"
#include "core/disk.h"
#include "output/writer.h"
#include "render/templates.h"
#include "state/note_cache.h"
#include "state/page_parts.h"
#include "tags/taxonomy.h"

namespace studywiki {

struct EarlyCutoff {
  static constexpr size_t kMaxNotes = 8;
  std::vector<NoteId> notes;     ///< whose pages are rendered
  std::vector<PageParts> parts;  ///< theirs, by the same index
};

/// The cut-off for the notes `rendered` sets (their bodies rendered by this build, the
/// others' not read), with their page parts from `parts_path` as build `last_build`
/// wrote them; nullopt and why when it does not apply.
std::optional<EarlyCutoff> plan_early_cutoff(const Site& site, const std::vector<char>& rendered,
                                             const std::unordered_map<std::string, CachedNote*>& cached,
                                             const Disk& disk, const std::string& parts_path, uint64_t last_build,
                                             std::string& why);

/// What write_early_cutoff needs of the build.
struct EarlyCutoffWrite {
  const SiteConfig* config = nullptr;
  const Taxonomy* taxonomy = nullptr;
  const UiStrings* strings = nullptr;
  const TemplateSet* templates = nullptr;
  std::string memo_path, memo_key;   ///< the page memo (state/page_memo.h)
  std::string parts_path;
  uint64_t last_build = 0, build_id = 0;
};

/// Renders and writes the planned pages, sets their entries in the page memo, and
/// says the page parts again for this build.
void write_early_cutoff(const EarlyCutoff& plan, const Site& site, const EarlyCutoffWrite& how, OutputWriter& writer,
                        Disk& disk);

}  // namespace studywiki
