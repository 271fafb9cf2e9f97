#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "config/site_config.h"
#include "config/ui_strings.h"
#include "content/site.h"
#include "links/backlinks.h"
#include "tags/taxonomy.h"

namespace studywiki {

class TemplateSet;

/// Builds the JSON context each template sees (see templates/ and README
/// "Template data"). Every href in it is relative to the page being built.
class PageContexts {
 public:
  /// `cross`: backlinks and unlinked mentions to list on note and folder
  /// pages; `graph_page`: whether graph.html is written (the sidebar links
  /// to it only then); `data_shards`: how many files the shared page data
  /// (render/page_data.h) is cut into, which every page tells the theme.
  /// `strings`: the theme's words for the pages' own titles and the sidebar's links.
  PageContexts(const Site& site, const SiteConfig& config, const Taxonomy& taxonomy, const links::CrossLinks& cross,
               bool graph_page, size_t data_shards, const UiStrings& strings = UiStrings::builtin_english());

  /// A note's page, with the placeholder of its local graph (may be "";
  /// graph.js draws it from the shared graphs/N.js) and the notes related to it.
  nlohmann::json note(NoteId id, const std::string& local_graph, const std::vector<NoteId>& related) const;
  /// A hash of everything note(id, local_graph, related) reads, without making
  /// it: the same hash, the same context (the page memo's fingerprint of a
  /// note page, render/page_jobs.cpp). Whatever note() comes to read must be
  /// hashed here too.
  uint64_t note_inputs_hash(NoteId id, const std::string& local_graph, const std::vector<NoteId>& related) const;
  nlohmann::json folder(const Folder& folder) const;
  nlohmann::json home() const;
  /// all.html: every note page, grouped by folder (the tree's order), by title within.
  nlohmann::json all_notes() const;
  nlohmann::json not_found() const;
  nlohmann::json tag(int tag) const;
  nlohmann::json tag_index(const std::string& graph_svg) const;
  /// The note graph page; `svg` shows `shown` of the site's notes.
  nlohmann::json graph(const std::string& svg, size_t shown, size_t edges, const nlohmann::json& groups) const;

  /// A folder's title: its index note's, else its name (the site's for the root).
  std::string folder_title(const Folder& folder) const;
  /// The sidebar's folder list, for every page alike: [[title, output path, notes], …] of the top-level folders.
  nlohmann::json nav_items() const;

  static constexpr const char* kTagIndex = kTagIndexPage;
  static constexpr const char* kGraph = kGraphPage;
  static constexpr const char* kAllNotes = kAllNotesPage;
  /// Backlinks and mentions listed per page; the rest is counted.
  static constexpr size_t kMaxReferences = 50;

 private:
  nlohmann::json common(const std::string& out, const std::string& kind, const std::string& title,
                        const std::string& description, bool has_math, const std::string& active_top) const;
  nlohmann::json breadcrumbs(const std::string& out, const std::string& folder, bool include_folder) const;
  nlohmann::json note_item(const std::string& from_out, NoteId note) const;
  nlohmann::json references(const std::string& out, const std::vector<links::Reference>& refs, size_t limit) const;

  const Site& site_;
  const SiteConfig& config_;
  const Taxonomy& taxonomy_;
  const links::CrossLinks& cross_;
  const UiStrings& strings_;
  bool graph_page_ = false;
  size_t data_shards_ = 0;
  std::vector<NoteId> recent_;  ///< notes by date, newest first
  /// The sidebar's folders (the top level), with their titles.
  std::vector<std::pair<const Folder*, std::string>> top_folders_;
  /// What every note page's context shares (common() at the root: the site's
  /// configuration and words, the sidebar, the shards), for note_inputs_hash().
  uint64_t shared_hash_ = 0;
};

/// A page at `out` that sends the reader on to `note` (an alias's page):
/// a meta refresh, a canonical link and a plain link, all relative (or
/// absolute under base_url), marked noindex: the theme's redirect.mustache
/// with `site.{title, language}` and `page.{title, href, canonical}`.
std::string render_redirect(const std::string& out, const std::string& target_out, const std::string& title,
                            const SiteConfig& config, const TemplateSet& templates);

/// The first image in a note's HTML (the page at `out`), for og:image: an
/// http(s) URL as written; a local image's URL from `base_url` when it is set,
/// else as the page has it (relative); "" when the note shows no image.
std::string first_image(const std::string& html, const std::string& out, const std::string& base_url);

/// The top-level folder a source path lives in ("db/mysql/x.md" -> "db").
std::string top_folder(const std::string& folder);

}  // namespace studywiki
