#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "content/site.h"
#include "tags/taxonomy.h"

namespace studywiki {

/// What the graph stage hands to the pages: the tag graph (tags/index.html),
/// the note graph (graph.html, graph.json); each note's local graph and
/// related notes are stored on the note itself.
struct SiteGraphs {
  std::string tag_svg;
  std::string note_svg;
  size_t shown = 0;             ///< notes drawn in note_svg
  size_t edges = 0;             ///< edges drawn in note_svg
  nlohmann::json groups = nlohmann::json::array();  ///< [{name, color}] legend of note_svg
  nlohmann::json data;          ///< graph.json
};

}  // namespace studywiki
