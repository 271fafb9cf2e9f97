#pragma once
#include <string>
#include <vector>

#include "config/site_config.h"
#include "content/site.h"
#include "graph/site_graphs.h"
#include "render/page_data.h"
#include "render/pages.h"
#include "render/templates.h"
#include "tags/taxonomy.h"

namespace studywiki {

/// One file of the page stage: what it shows and where it goes.
struct PageJob {
  enum class Kind { Redirect, Note, Folder, Home, NotFound, TagIndex, Graph, GraphData, Tag, AllNotes };
  Kind kind = Kind::Home;
  std::string out;                ///< output path
  NoteId note;                    ///< Note; Redirect: the note it sends readers to
  const Folder* folder = nullptr; ///< Folder
  int tag = -1;                   ///< Tag
};

/// Every page the site has, in a fixed order: alias redirects, note pages,
/// folder pages, home, 404, the tag index (when there are tags), the note
/// graph and its data, tag pages, the list of every note.
std::vector<PageJob> page_jobs(const Site& site, const Taxonomy& taxonomy);

/// Renders page jobs through the templates; safe from several threads.
class PageRenderer {
 public:
  PageRenderer(const Site& site, const SiteConfig& config, const SiteGraphs& graphs, const PageData& page_data,
               const PageContexts& contexts, const TemplateSet& templates)
      : site_(site), config_(config), graphs_(graphs), page_data_(page_data), contexts_(contexts),
        templates_(templates) {}

  /// The bytes of `job.out`.
  std::string render(const PageJob& job) const;

 private:
  const Site& site_;
  const SiteConfig& config_;
  const SiteGraphs& graphs_;
  const PageData& page_data_;
  const PageContexts& contexts_;
  const TemplateSet& templates_;
};

}  // namespace studywiki
