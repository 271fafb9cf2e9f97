#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "config/site_config.h"
#include "content/site.h"
#include "graph/site_graphs.h"
#include "render/page_data.h"
#include "render/pages.h"
#include "render/templates.h"
#include "state/page_memo.h"
#include "tags/taxonomy.h"

namespace studywiki {

class OutputWriter;
struct WriteGate;

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
        templates_(templates), templates_fingerprint_(templates.fingerprint()) {}

  /// The bytes of `job.out`.
  std::string render(const PageJob& job) const;

  /// What a page made through the templates is made of: its template and context.
  struct Input {
    const char* kind;
    nlohmann::json context;
  };
  /// `job`'s Input; nullopt for the pages made otherwise (alias redirects, graph.json).
  std::optional<Input> input(const PageJob& job) const;
  std::string render(Input input) const { return templates_.render_page(input.kind, std::move(input.context)); }
  /// A hash of everything that decides the bytes of a page with `input` (its context's
  /// every key and value, its template kind, the templates' texts): same hash, same bytes.
  uint64_t fingerprint(const Input& input) const;
  /// For a note page: a hash of what its context is made of (PageContexts::note_inputs_hash)
  /// and the templates, found without making the context (a tenth of the time).
  uint64_t note_fingerprint(const PageJob& job) const;

 private:
  const Site& site_;
  const SiteConfig& config_;
  const SiteGraphs& graphs_;
  const PageData& page_data_;
  const PageContexts& contexts_;
  const TemplateSet& templates_;
  uint64_t templates_fingerprint_ = 0;
};

/// What write_pages() did: the page memo of this build (its key not set), and how many
/// pages went through the templates and how many of those were kept as they were.
struct PagesWritten {
  PageMemo memo;
  size_t templated = 0, kept = 0;
};

/// Every page of `pages` written through `writer` on `jobs` threads (none once `gate`
/// closes), `done` counting them. With `memo`, the pages made through the templates are
/// fingerprinted: one whose fingerprint `last` has, and whose file still has the stamp it
/// gives, is kept (OutputWriter::keep_if) instead of rendered (state/page_memo.h).
PagesWritten write_pages(const std::vector<PageJob>& pages, const PageRenderer& renderer, OutputWriter& writer,
                         const PageMemo* last, bool memo, const WriteGate* gate, unsigned jobs,
                         std::atomic<size_t>& done);

}  // namespace studywiki
