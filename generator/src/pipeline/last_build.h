#pragma once
// Every stage's result of one build, kept alive after it for `serve`, which
// answers the next edit of a note from them at once (pipeline/quick.h)
// before the full build that follows. The stages refer to each other's
// results by reference, so each is made in place here, in the order
// run_build makes them, and none moves afterwards.
#include <filesystem>
#include <memory>
#include <optional>

#include "config/site_config.h"
#include "config/ui_strings.h"
#include "content/load.h"
#include "content/site.h"
#include "graph/site_graphs.h"
#include "links/backlinks.h"
#include "links/mentions.h"
#include "links/wikilinks.h"
#include "markdown/labels.h"
#include "pipeline/build.h"
#include "render/page_data.h"
#include "render/pages.h"
#include "render/templates.h"
#include "tags/taxonomy.h"

namespace studywiki {

struct LastBuild {
  BuildOptions options;
  SiteConfig config;
  LoadOptions load;
  Site site;
  std::optional<UiStrings> strings;
  markdown::Labels labels;
  std::optional<Taxonomy> taxonomy;
  std::optional<links::WikiIndex> wiki;
  std::optional<links::MentionFinder> mentions;
  links::CrossLinks cross;
  std::optional<SiteGraphs> graphs;
  std::unique_ptr<TemplateSet> templates;
  std::optional<PageContexts> contexts;
  std::optional<PageData> page_data;
  /// Whether the build ran to the end (a no-op build keeps nothing).
  bool complete = false;
};

}  // namespace studywiki
