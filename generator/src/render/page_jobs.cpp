#include "render/page_jobs.h"

namespace studywiki {

std::vector<PageJob> page_jobs(const Site& site, const Taxonomy& taxonomy) {
  using Kind = PageJob::Kind;
  std::vector<PageJob> jobs;
  for (const auto& [out, target] : site.places.redirects) jobs.push_back({Kind::Redirect, out, target, nullptr, -1});
  for (NoteId id : site.notes.ids())
    if (site.role(id) == Place::Role::Page) jobs.push_back({Kind::Note, site.out(id), id, nullptr, -1});
  for (const auto& [source, folder] : site.places.folders)
    if (!source.empty()) jobs.push_back({Kind::Folder, folder.out, NoteId(), &folder, -1});
  jobs.push_back({Kind::Home, "index.html", NoteId(), nullptr, -1});
  jobs.push_back({Kind::NotFound, "404.html", NoteId(), nullptr, -1});
  if (!taxonomy.tags().empty()) jobs.push_back({Kind::TagIndex, kTagIndexPage, NoteId(), nullptr, -1});
  jobs.push_back({Kind::Graph, kGraphPage, NoteId(), nullptr, -1});
  jobs.push_back({Kind::GraphData, "graph.json", NoteId(), nullptr, -1});
  for (size_t t = 0; t < taxonomy.tags().size(); ++t)
    jobs.push_back({Kind::Tag, taxonomy.tags()[t].out, NoteId(), nullptr, static_cast<int>(t)});
  jobs.push_back({Kind::AllNotes, kAllNotesPage, NoteId(), nullptr, -1});
  return jobs;
}

std::string PageRenderer::render(const PageJob& job) const {
  using Kind = PageJob::Kind;
  switch (job.kind) {
    case Kind::Redirect:
      return render_redirect(job.out, site_.out(job.note), site_.notes[job.note].title, config_, templates_);
    case Kind::Note:
      return templates_.render_page(
          "note", contexts_.note(job.note, page_data_.local_graph(job.note), graphs_.related(job.note)));
    case Kind::Folder:
      return templates_.render_page("folder", contexts_.folder(*job.folder));
    case Kind::Home:
      return templates_.render_page("home", contexts_.home());
    case Kind::NotFound:
      return templates_.render_page("404", contexts_.not_found());
    case Kind::TagIndex:
      return templates_.render_page("tags", contexts_.tag_index(graphs_.tag_svg()));
    case Kind::Graph:
      return templates_.render_page("graph",
                                    contexts_.graph(graphs_.note_svg(), graphs_.shown(), graphs_.edges(), graphs_.groups()));
    case Kind::GraphData:
      return graphs_.data();
    case Kind::Tag:
      return templates_.render_page("tag", contexts_.tag(job.tag));
    case Kind::AllNotes:
      return templates_.render_page("all", contexts_.all_notes());
  }
  return "";
}

}  // namespace studywiki
