#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "content/site.h"
#include "core/diagnostics.h"
#include "output/feeds.h"
#include "output/writer.h"
#include "tags/taxonomy.h"

namespace studywiki {

// Each reads through the writer's disk.

/// The files of the notes folder that are not notes, each to its place.
void copy_assets(const std::filesystem::path& source, const std::vector<Asset>& assets, OutputWriter& writer,
                 unsigned jobs);

/// The theme's assets (assets/… of the built-in templates; KaTeX only when
/// some page has math), each replaced by the site's own file of that name
/// under `site_templates` (SITE/templates/assets/…) when there is one.
/// Mermaid (assets/mermaid/) only when some page has a diagram. What the
/// built-in layout loads is fewer files, each written beside its parts:
/// assets/style.css (style.css, search.css, content-extras.css), assets/app.js
/// (search-tokenizer.js, search.js, search-ui.js, site.js, lightbox.js) and
/// assets/strings.js (`strings_script`, UiStrings::script_file(), then theme-init.js).
void write_theme_assets(const std::filesystem::path& site_templates, std::string_view strings_script, bool with_math,
                        OutputWriter& writer, bool with_mermaid = false);

/// static/: every file, copied as it is (same symlink and name rules as the notes).
void copy_static(const std::filesystem::path& from, const std::string& display_root, OutputWriter& writer,
                 Diagnostics& diagnostics);

/// Every page sitemap.xml lists: home, note pages (with their date),
/// folders, the graph, tags.
std::vector<SitemapEntry> sitemap_entries(const Site& site, const Taxonomy& taxonomy);

}  // namespace studywiki
