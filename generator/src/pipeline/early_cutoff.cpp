#include "pipeline/early_cutoff.h"

#include "graph/site_graphs.h"
#include "links/backlinks.h"
#include "render/page_data.h"
#include "render/page_jobs.h"
#include "render/pages.h"
#include "state/page_memo.h"

namespace studywiki {

std::optional<EarlyCutoff> plan_early_cutoff(const Site& site, const std::vector<char>& rendered,
                                             const std::unordered_map<std::string, CachedNote*>& cached,
                                             const Disk& disk, const std::string& parts_path, uint64_t last_build,
                                             std::string& why) {
  auto no = [&](std::string reason) -> std::optional<EarlyCutoff> {
    why = std::move(reason);
    return std::nullopt;
  };
  EarlyCutoff plan;
  for (NoteId id : site.notes.ids())
    if (rendered[id.index()]) plan.notes.push_back(id);
  if (plan.notes.empty() || plan.notes.size() > EarlyCutoff::kMaxNotes) return no("not a few notes' text changed");
  std::vector<std::string> sources;
  std::vector<std::vector<std::string>> old_summaries;  // under each heading, as the last build had them
  for (NoteId id : plan.notes) {
    const LoadedNote& note = site.notes[id];
    const std::string& shown = note.display_path;
    if (site.role(id) != Place::Role::Page) return no(shown + " is a folder's or the home page's text");
    const auto it = cached.find(note.source);
    std::vector<std::string> summaries;
    const auto old_face = it == cached.end() ? std::nullopt : cached_body_face(*it->second, &summaries);
    if (!old_face) return no(shown + " has no body in the note cache");
    const CachedNote& was = *it->second;
    const Body& body = site.bodies[id];
    if (!body.embeds.empty() || !was.embed_notes.empty()) return no(shown + " embeds notes");
    if (body_face(body, site.notes) != *old_face)
      return no("what other pages show of " + shown +
                " changed (its first paragraph, links, headings or mentions)");
    const NoteDates& d = site.dates[id];
    if (d.date != was.dates.date || d.updated != was.dates.updated || d.sort_date != was.dates.sort_date ||
        d.from_mtime != was.dates.from_mtime)
      return no("the date of " + shown + " changed");
    for (const auto& [source, other] : cached)
      for (const std::string& embedded : other->embed_notes)
        if (embedded == note.source) return no(shown + " is embedded in another note");
    sources.push_back(note.source);
    old_summaries.push_back(std::move(summaries));
  }
  auto parts = read_page_parts(disk, parts_path, last_build, sources);
  if (!parts) return no("the page parts are not the note cache's build's");
  auto known = [&](const std::string& source) { return site.places.note_by_source.count(source) > 0; };
  for (const PageParts& p : *parts) {
    for (const auto* refs : {&p.backlinks, &p.mentions})
      for (const PageParts::Ref& r : *refs)
        if (!known(r.source)) return no("a page part names a note that is gone");
    for (const std::string& r : p.related)
      if (!known(r)) return no("a page part names a note that is gone");
  }
  // The first paragraph under a heading some link points to is in that link's preview.
  for (size_t k = 0; k < plan.notes.size(); ++k) {
    const Body& body = site.bodies[plan.notes[k]];
    auto summary = [&](const std::vector<std::string>& summaries, size_t i) -> const std::string& {
      return i < summaries.size() ? summaries[i] : body.summary;  // as render/page_data.cpp shows it
    };
    for (const std::string& heading : (*parts)[k].linked_headings)
      for (size_t i = 0; i < body.headings.size(); ++i)  // the same headings as before (the face)
        if (body.headings[i].id == heading) {
          if (summary(body.section_summaries, i) != summary(old_summaries[k], i))
            return no("the text under " + site.notes[plan.notes[k]].display_path + "#" + heading +
                      ", which a link shows, changed");
          break;
        }
  }
  plan.parts = std::move(*parts);
  return plan;
}

void write_early_cutoff(const EarlyCutoff& plan, const Site& site, const EarlyCutoffWrite& how, OutputWriter& writer,
                        Disk& disk) {
  // What other notes put on these pages, by NoteId again; nothing else is there.
  const size_t count = site.notes.size();
  links::CrossLinks cross;
  cross.backlinks = PerNote<std::vector<links::Reference>>(count);
  cross.mentions = PerNote<std::vector<links::Reference>>(count);
  SiteGraphs::Results results;
  results.local = PerNote<graph::LocalGraph>(count);
  results.related = PerNote<std::vector<NoteId>>(count);
  PerNote<std::string> placeholders(count);
  auto id_of = [&](const std::string& source) { return site.places.note_by_source.at(source); };  // checked by the plan
  auto refs = [&](const std::vector<PageParts::Ref>& from) {
    std::vector<links::Reference> out;
    for (const PageParts::Ref& r : from) out.push_back({id_of(r.source), r.contexts});
    return out;
  };
  for (size_t k = 0; k < plan.notes.size(); ++k) {
    const NoteId id = plan.notes[k];
    const PageParts& p = plan.parts[k];
    cross.backlinks[id] = refs(p.backlinks);
    cross.mentions[id] = refs(p.mentions);
    for (const std::string& r : p.related) results.related[id].push_back(id_of(r));
    placeholders[id] = p.local_graph;
  }
  const SiteGraphs graphs(std::move(results));
  const size_t shards = PageData::shards_for(count);
  const PageData page_data(shards, std::move(placeholders));
  const PageContexts contexts(site, *how.config, *how.taxonomy, cross, /*graph_page=*/true, shards, *how.strings);
  const PageRenderer renderer(site, *how.config, graphs, page_data, contexts, *how.templates);
  // The pages, and their entries in the page memo (the others' as they were).
  std::optional<PageMemo> memo;
  if (const auto bytes = disk.read_file(how.memo_path, nullptr)) memo = parse_page_memo(*bytes, nullptr);
  if (!memo || memo->key != how.memo_key) memo = PageMemo{how.memo_key, {}};
  for (NoteId id : plan.notes) {
    PageJob job;
    job.kind = PageJob::Kind::Note;
    job.out = site.out(id);
    job.note = id;
    const std::string bytes = renderer.render(job);
    writer.write(job.out, bytes);
    if (const FileInfo stamp = writer.stamp(job.out); stamp.type == FileInfo::Type::File && stamp.size == bytes.size())
      memo->pages[job.out] = {renderer.note_fingerprint(job), stamp};
    else
      memo->pages.erase(job.out);
  }
  // A failure of either costs the next build time only.
  disk.replace_file(how.memo_path, serialize_page_memo(*memo), "", nullptr);
  renew_page_parts(disk, how.parts_path, how.last_build, how.build_id);
}

}  // namespace studywiki
