#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "content/site.h"
#include "graph/svg.h"

namespace studywiki {

class OutputWriter;
class PageContexts;

/// What a page shows only on demand lives in shared files with stable names,
/// not in the page: the hover previews of the pages it links to and its local
/// graph. The theme loads them when needed by appending a script tag that
/// calls a global function, so they work from file:// as search does:
///
///   previews/N.js  swPreviewsAdd({OUT: {"t": title, "x": text, "s": {ID: [heading, text], …}}, …})
///                  every note and folder page; "s" only for the headings some link points to
///   graphs/N.js    swGraphsAdd({OUT: graph::LocalGraph::data, …})  every note with a local graph
///   assets/nav.js  swNav(TREE): the explorer's folder tree, every folder with its title, page, note
///                  counts and the name of its notes' shard (page_data.cpp describes TREE), which the
///                  theme's assets/explorer.js draws into the empty <ul> before the <script> that loads
///                  it: every page includes it, so it holds no note (a few KB at 10,000 notes)
///   nav/SHARD.js   swNavNotes(SHARD, {DIR: [[title, file], …]}): the notes of one top-level folder's
///                  subtree (or the root's own notes), which explorer.js loads with a script tag when a
///                  folder in it is open; SHARD is a hash of the folder's path, so it is stable
///
/// OUT is a page's output path from the site root, UTF-8 as on disk (not
/// percent-encoded); N = shard_of(OUT). Pages carry the shard count in
/// <meta name="studywiki-root" data-shards>; templates/assets/site.js and
/// graph.js compute N the same way. Editing one note rewrites the shards
/// holding it (and, for the graph, its neighbours'), not every page that
/// links to it.
class PageData {
 public:
  using LocalGraphOf = std::function<graph::LocalGraph(NoteId note)>;

  /// Everything, for every note page: previews from `site` (folder titles as
  /// `contexts` gives them), local graphs from `local_graph`; in
  /// `shards` files each (shards_for(site.notes.size())).
  PageData(const Site& site, const PageContexts& contexts, const LocalGraphOf& local_graph, size_t shards,
           unsigned jobs);

  /// Only the placeholders of the notes' local graphs, in `shards` files: what rendering
  /// their pages needs (the early cut-off, pipeline/early_cutoff.h); write() writes nothing.
  PageData(size_t shards, PerNote<std::string> placeholders)
      : shards_(shards), placeholders_(std::move(placeholders)) {}

  size_t shard_count() const { return shards_; }
  /// The placeholder <svg> note `note`'s page holds for its local graph; "" when it has none.
  const std::string& local_graph(NoteId note) const { return placeholders_[note]; }
  /// Writes previews/N.js, graphs/N.js, assets/nav.js and nav/SHARD.js.
  void write(OutputWriter& writer, unsigned jobs) const;

  /// Shards for a site of `pages` notes: about 20–40 pages a shard, a power
  /// of two (so the count, and with it every page, changes rarely), 1 to 4096.
  static size_t shards_for(size_t pages);
  /// FNV-1a 32 of `out`'s bytes, modulo `shards`.
  static size_t shard_of(std::string_view out, size_t shards);

 private:
  size_t shards_ = 1;
  PerNote<std::string> placeholders_;
  std::vector<std::string> previews_, graphs_;  ///< per shard: the file's bytes
  std::string nav_;
  std::vector<std::pair<std::string, std::string>> nav_shards_;  ///< nav/NAME.js: name, bytes
};

}  // namespace studywiki
