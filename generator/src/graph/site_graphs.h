#pragma once
#include "config/ui_strings.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "content/site.h"
#include "graph/graph.h"
#include "graph/svg.h"
#include "tags/taxonomy.h"

namespace studywiki {

/// The graph stage: the note graph (graph.html, graph.json), the tag graph
/// (tags/index.html), and the link+tag graph every note page draws its local
/// graph and related notes from. Built once after note bodies (which record
/// each note's links); read-only afterwards, so pages use it from any thread.
class SiteGraphs {
 public:
  /// graph.html must stay under this many bytes: larger note graphs are cut
  /// to their most connected notes, and the page says so.
  static constexpr size_t kMaxGraphPageBytes = 1800 * 1000;

  /// What the stage makes, all of it computed up front (on `jobs` threads), so that
  /// a build can keep it for the next one (state/graph_cache.h).
  struct Results {
    std::string tag_svg;
    std::string note_svg;
    size_t shown = 0;  ///< notes drawn in note_svg
    size_t edges = 0;  ///< edges drawn in note_svg
    nlohmann::json groups = nlohmann::json::array();  ///< [{name, color}]: the legend of note_svg
    std::string data;  ///< graph.json: every note, every link, with coordinates
    /// Per note: its neighbourhood as a placeholder and data (graph::LocalGraph; an
    /// empty placeholder when the note has none): linked notes both ways, its
    /// tags and the notes sharing them, within two hops.
    PerNote<graph::LocalGraph> local;
    /// Per note: up to five notes ranked by Adamic–Adar over links and shared
    /// tags, leaving out the notes it links to or is linked from.
    PerNote<std::vector<NoteId>> related;
  };

  /// `strings`: the graphs' accessible names (graph_notes_label, graph_tags_label, graph_local_label).
  SiteGraphs(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings = UiStrings::builtin_english(),
             unsigned jobs = 1);
  /// What an earlier build made of inputs with the same input_hash().
  explicit SiteGraphs(Results results) : r_(std::move(results)) {}

  /// Everything the results are made from: each note's title, page, role, folder, tags
  /// and links; the tags, their pages, note counts and pairs; the graphs' names.
  static uint64_t input_hash(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings);

  const Results& results() const { return r_; }
  const std::string& tag_svg() const { return r_.tag_svg; }
  const std::string& note_svg() const { return r_.note_svg; }
  size_t shown() const { return r_.shown; }
  size_t edges() const { return r_.edges; }
  const nlohmann::json& groups() const { return r_.groups; }
  const std::string& data() const { return r_.data; }
  const graph::LocalGraph& local_graph(NoteId note) const { return r_.local[note]; }
  const std::vector<NoteId>& related(NoteId note) const { return r_.related[note]; }

 private:
  Results r_;
};

}  // namespace studywiki
