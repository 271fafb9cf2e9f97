#include "output/files.h"

#include <map>
#include <optional>
#include <string_view>

#include "content/discovery.h"
#include "core/embedded.h"
#include "core/parallel.h"

namespace studywiki {

namespace stdfs = std::filesystem;

void copy_assets(const stdfs::path& source, const std::vector<Asset>& assets, OutputWriter& writer, unsigned jobs) {
  parallel_for(assets.size(), jobs,
               [&](size_t i, unsigned) { writer.copy(source / stdfs::path(assets[i].disk), assets[i].out); });
}

namespace {

/// What the built-in layout loads as one file, and the files it is made of, in order.
struct Bundle {
  const char* name;
  std::vector<const char*> parts;
  const char* joint;  ///< between two parts
};
// The search styles and the content extras after the theme's (later rules win, as when they
// were three <link>s); the deferred scripts in the order they ran as five <script defer>s,
// each an IIFE: the ";" keeps one file's end and the next one's "(" from being read as a call.
const Bundle kBundles[] = {
    {"assets/style.css", {"assets/style.css", "assets/search.css", "assets/content-extras.css"}, "\n"},
    {"assets/app.js",
     {"assets/search-tokenizer.js", "assets/search.js", "assets/search-ui.js", "assets/site.js", "assets/lightbox.js"},
     "\n;\n"},
};

}  // namespace

void write_theme_assets(const stdfs::path& site_templates, std::string_view strings_script, bool with_math,
                        OutputWriter& writer, bool with_mermaid) {
  auto override_of = [&](const std::string& name) {
    const stdfs::path path = site_templates.empty() ? stdfs::path() : site_templates / stdfs::u8path(name);
    return !path.empty() && writer.disk().stat(path.native()).exists() ? path : stdfs::path();
  };
  std::map<std::string, std::string_view, std::less<>> builtin;
  for (const auto& file : embedded_files()) builtin.emplace(file.name, file.bytes);
  for (const auto& [name, bytes] : builtin) {
    if (name.rfind("assets/", 0) != 0) continue;
    if (name.rfind("assets/katex/", 0) == 0 && !with_math) continue;
    if ((name.rfind("assets/mermaid/", 0) == 0 || name == "assets/diagrams.js") && !with_mermaid) continue;
    if (name == "assets/style.css" || name == "assets/theme-init.js") continue;  // in bundles (below)
    if (const stdfs::path own = override_of(name); !own.empty()) writer.copy(own, name);
    else writer.write(name, bytes);
  }
  // A theme file's text: the site's own when it has one (nullopt: unreadable; the files
  // written above say why, and so does a failed copy of the two that are not), else the built-in one.
  auto theme_text = [&](const std::string& name) -> std::optional<std::string> {
    const stdfs::path own = override_of(name);
    if (own.empty()) return std::string(builtin.find(name)->second);
    auto text = writer.disk().read_file(own.native(), nullptr);
    if (!text && (name == "assets/style.css" || name == "assets/theme-init.js")) writer.copy(own, name);
    return text;
  };
  // Fewer files for a page to load. The parts stay files of their own too (a layout
  // of the site's own may name them).
  for (const Bundle& b : kBundles) {
    std::string bytes;
    bool whole = true;
    for (const char* part : b.parts) {
      const auto text = theme_text(part);
      if (!text) {
        whole = false;
        break;
      }
      if (!bytes.empty()) bytes += b.joint;
      bytes += *text;
    }
    if (whole) writer.write(b.name, bytes);
  }
  // The interface strings, then the line that sets the reader's saved theme before the page is drawn.
  std::string strings(strings_script);
  if (const auto init = theme_text("assets/theme-init.js")) strings += *init;
  writer.write("assets/strings.js", strings);
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
