#include "pipeline/quick.h"

#include <algorithm>
#include <string_view>

#include "content/dates.h"
#include "core/disk.h"
#include "core/fs.h"
#include "links/bodies.h"
#include "render/page_jobs.h"

namespace studywiki {

std::optional<std::vector<std::string>> quick_pages(LastBuild& last, const std::vector<std::string>& changed) {
  if (!last.complete || changed.empty()) return std::nullopt;
  const BuildOptions& o = last.options;
  Site& site = last.site;
  RealDisk disk;
  struct Edit {
    NoteId id;
    LoadedNote note;
    Body body;
  };
  std::vector<Edit> edits;
  for (const std::string& shown : changed) {
    if (shown.size() <= o.display_root.size() || shown.compare(0, o.display_root.size(), o.display_root) != 0)
      return std::nullopt;
    const auto it = site.places.note_by_source.find(shown.substr(o.display_root.size()));
    if (it == site.places.note_by_source.end()) return std::nullopt;
    const NoteId id = it->second;
    if (site.role(id) != Place::Role::Page) return std::nullopt;  // a folder's or the home page's introduction
    const LoadedNote& was = site.notes[id];
    SourceFile file;
    file.rel = was.source;
    file.disk = was.disk;
    Diagnostics quiet;  // the full build that follows reports them
    LoadedNote note;
    if (load_one_note(disk, o.source, file, last.load, quiet, note) || !note.doc) return std::nullopt;
    note.doc->set_labels(last.labels);
    std::vector<std::string> parts;  // what other notes embed of it
    for (const auto& [part, html] : site.bodies[id].fragments) parts.push_back(part);
    // Its links resolve against the site as the last build knew it (a link to a heading added
    // just now, or a new tag, waits for the build).
    Body body = links::render_body(id, note, site.places, *last.wiki, *last.taxonomy, site.notes, *last.mentions,
                                   parts, quiet);
    if (!body.embeds.empty()) return std::nullopt;  // embeds are expanded across the site
    edits.push_back({id, std::move(note), std::move(body)});
  }
  std::vector<std::string> written;
  const PageRenderer renderer(site, last.config, *last.graphs, *last.page_data, *last.contexts, *last.templates);
  for (Edit& e : edits) {
    // Its new title, front matter and headings for its own page; the other stages' results hold copies.
    site.notes[e.id] = std::move(e.note);
    site.bodies[e.id] = std::move(e.body);
    // A date that is the file's time moves with the edit.
    if (NoteDates& d = site.dates[e.id]; d.from_mtime)
      if (const FileInfo info = disk.stat((o.source / std::filesystem::path(site.notes[e.id].disk)).native());
          info.exists()) {
        d.date = mtime_date(info.mtime);
        d.sort_date = std::max(d.date, d.updated);
      }
    PageJob job;
    job.kind = PageJob::Kind::Note;
    job.out = site.out(e.id);
    job.note = e.id;
    const std::string bytes = renderer.render(job);
    if (fs::write_if_changed(o.out / std::filesystem::u8path(job.out), bytes) == fs::WriteResult::Written)
      written.push_back(job.out);
  }
  return written;
}

}  // namespace studywiki
