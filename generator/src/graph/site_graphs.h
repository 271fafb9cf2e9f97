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

  /// `strings`: the graphs' accessible names (graph_notes_label, graph_tags_label, graph_local_label).
  SiteGraphs(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings = UiStrings::builtin_english());

  std::string tag_svg;
  std::string note_svg;
  size_t shown = 0;  ///< notes drawn in note_svg
  size_t edges = 0;  ///< edges drawn in note_svg
  nlohmann::json groups = nlohmann::json::array();  ///< [{name, color}]: the legend of note_svg
  nlohmann::json data;  ///< graph.json: every note, every link, with coordinates

  /// The neighbourhood as a placeholder and data (graph::LocalGraph; an
  /// empty placeholder when the note has none): linked notes both ways, its
  /// tags and the notes sharing them, within two hops.
  graph::LocalGraph local_graph(NoteId note) const;
  /// Up to five notes ranked by Adamic–Adar over links and shared tags,
  /// leaving out the notes it links to or is linked from.
  std::vector<NoteId> related(NoteId note) const;

 private:
  const Site& site_;
  std::string local_label_;
  std::vector<int> node_of_note_;  ///< -1 for notes that are not drawn
  std::vector<NoteId> note_of_node_;
  graph::Graph combined_;          ///< notes first, then tags
  graph::Adjacency combined_adjacency_;
  std::vector<std::string> combined_colors_;
  std::vector<std::vector<int>> linked_;  ///< per node: notes linked either way (node indices, sorted)
};

}  // namespace studywiki
