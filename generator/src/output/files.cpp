#include "output/files.h"

#include "content/discovery.h"
#include "core/embedded.h"
#include "core/parallel.h"

namespace studywiki {

namespace stdfs = std::filesystem;

void copy_assets(const stdfs::path& source, const std::vector<Asset>& assets, OutputWriter& writer, unsigned jobs) {
  parallel_for(assets.size(), jobs,
               [&](size_t i, unsigned) { writer.copy(source / stdfs::path(assets[i].disk), assets[i].out); });
}

void write_theme_assets(const stdfs::path& site_templates, bool with_math, OutputWriter& writer, bool with_mermaid) {
  for (const auto& file : embedded_files()) {
    const std::string name(file.name);
    if (name.rfind("assets/", 0) != 0) continue;
    if (name.rfind("assets/katex/", 0) == 0 && !with_math) continue;
    if ((name.rfind("assets/mermaid/", 0) == 0 || name == "assets/diagrams.js") && !with_mermaid) continue;
    const stdfs::path override_path = site_templates.empty() ? stdfs::path() : site_templates / stdfs::u8path(name);
    if (!override_path.empty() && writer.disk().stat(override_path.native()).exists()) writer.copy(override_path, name);
    else writer.write(name, file.bytes);
  }
}

void copy_static(const stdfs::path& from, const std::string& display_root, OutputWriter& writer,
                 Diagnostics& diagnostics) {
  std::vector<WalkProblem> problems;
  const std::vector<SourceFile> files = walk_files(writer.disk(), from, &problems);
  for (const auto& p : problems) diagnostics.warning(display_root + p.rel, 0, 0, p.message);
  for (const auto& file : files) writer.copy(from / stdfs::path(file.disk), file.rel);
}

std::vector<SitemapEntry> sitemap_entries(const Site& site, const Taxonomy& taxonomy) {
  std::vector<SitemapEntry> entries{{"index.html", ""}};
  for (NoteId id : site.notes.ids())
    if (site.role(id) == Place::Role::Page) entries.push_back({site.out(id), site.dates[id].sort_date});
  for (const auto& [source, folder] : site.places.folders)
    if (!source.empty()) entries.push_back({folder.out, ""});
  entries.push_back({kGraphPage, ""});
  entries.push_back({kAllNotesPage, ""});
  if (!taxonomy.tags().empty()) entries.push_back({kTagIndexPage, ""});
  for (const Tag& t : taxonomy.tags()) entries.push_back({t.out, ""});
  return entries;
}

}  // namespace studywiki
