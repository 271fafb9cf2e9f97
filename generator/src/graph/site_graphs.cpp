#include "graph/site_graphs.h"

#include <algorithm>
#include <set>

#include "graph/json.h"
#include "graph/layout.h"
#include "graph/related.h"
#include "graph/svg.h"

namespace studywiki {

namespace {

std::string top_folder_name(const Site& site, const std::string& folder) {
  if (folder.empty()) return "";
  const std::string top = folder.substr(0, folder.find('/'));
  const Folder* f = site.folder(top);
  return f ? f->name : top;
}

}  // namespace

SiteGraphs::SiteGraphs(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings)
    : site_(site), local_label_(strings.text("graph_local_label")) {
  // The note graph: every published note, every link between two of them.
  graph::Graph notes;
  node_of_note_.assign(site.notes.size(), -1);
  for (NoteId id : site.notes.ids()) {
    const LoadedNote& n = site.notes[id];
    const size_t i = id.index();
    node_of_note_[i] = static_cast<int>(notes.nodes.size());
    note_of_node_.push_back(id);
    graph::Node node;
    node.label = n.title;
    node.out = site.out(id);
    node.group = top_folder_name(site, n.folder);
    for (int t : taxonomy.note_tags(i)) node.tags.push_back(taxonomy.tags()[static_cast<size_t>(t)].name);
    node.weight = 0;  // sized by degree
    notes.nodes.push_back(std::move(node));
  }
  std::set<std::pair<int, int>> pairs;
  for (NoteId id : site.notes.ids()) {
    const size_t i = id.index();
    if (node_of_note_[i] < 0) continue;
    for (NoteId target : site.bodies[id].links_to) {
      int a = node_of_note_[i], b = node_of_note_[target.index()];
      if (b < 0 || a == b) continue;
      pairs.insert({std::min(a, b), std::max(a, b)});
    }
  }
  for (const auto& [a, b] : pairs) notes.edges.push_back({a, b, 1});
  const graph::Adjacency adjacency(notes);
  const std::vector<graph::Point> positions = graph::layout(notes);
  data = graph::to_json(notes, positions);

  std::vector<int> kept = graph::top_nodes_within(notes, adjacency, kMaxGraphPageBytes, kGraphPage);
  graph::SvgOptions options;
  options.from_out = kGraphPage;
  options.kind = "notes";
  options.aria_label = strings.text("graph_notes_label");
  const auto colors = graph::node_colors(notes);
  if (kept.size() == notes.nodes.size()) {
    options.colors = &colors;
    note_svg = graph::render_svg(notes, adjacency, positions, options);
    shown = notes.nodes.size();
    edges = notes.edges.size();
  } else {
    graph::Graph part = graph::subgraph(notes, kept);
    std::vector<graph::Point> part_positions;
    std::vector<std::string> part_colors;
    for (int k : kept) {
      part_positions.push_back(positions[static_cast<size_t>(k)]);
      part_colors.push_back(colors[static_cast<size_t>(k)]);
    }
    options.colors = &part_colors;
    note_svg = graph::render_svg(part, graph::Adjacency(part), part_positions, options);
    shown = part.nodes.size();
    edges = part.edges.size();
  }
  const auto legend = graph::group_colors(notes);
  for (const auto& [name, color] : legend) groups.push_back({{"name", name}, {"color", color}});

  // The tag graph: tags sized by their notes, joined by notes written with both.
  if (!taxonomy.tags().empty()) {
    graph::Graph tags;
    for (const Tag& t : taxonomy.tags()) {
      graph::Node node;
      node.label = t.name;
      node.out = t.out;
      node.weight = static_cast<double>(t.notes.size());
      tags.nodes.push_back(std::move(node));
    }
    for (const auto& p : taxonomy.cooccurrence()) tags.edges.push_back({p.a, p.b, static_cast<double>(p.shared)});
    graph::SvgOptions tag_options;
    tag_options.from_out = kTagIndexPage;
    tag_options.kind = "tags";
    tag_options.aria_label = strings.text("graph_tags_label");
    tag_svg = graph::render_svg(tags, graph::layout(tags), tag_options);
  }

  // Links both ways plus note–tag edges: two hops reach the notes sharing a tag.
  combined_ = notes;
  const int first_tag = static_cast<int>(combined_.nodes.size());
  for (const Tag& t : taxonomy.tags()) {
    graph::Node node;
    node.label = "#" + t.name;
    node.out = t.out;
    node.group = "#";
    combined_.nodes.push_back(std::move(node));
  }
  for (auto& e : combined_.edges) e.weight = 2;  // a link says more than a shared tag
  for (size_t i = 0; i < site.notes.size(); ++i) {
    if (node_of_note_[i] < 0) continue;
    for (int t : taxonomy.note_tags(i)) combined_.edges.push_back({node_of_note_[i], first_tag + t, 1});
  }
  combined_adjacency_ = graph::Adjacency(combined_);
  combined_colors_.assign(colors.begin(), colors.end());
  combined_colors_.resize(combined_.nodes.size(), graph::kNeutralColor);
  linked_.assign(notes.nodes.size(), {});
  for (const auto& [a, b] : pairs) {
    linked_[static_cast<size_t>(a)].push_back(b);
    linked_[static_cast<size_t>(b)].push_back(a);
  }
  for (auto& l : linked_) std::sort(l.begin(), l.end());
}

graph::LocalGraph SiteGraphs::local_graph(NoteId note) const {
  graph::LocalGraph shared;
  const int node = node_of_note_[note.index()];
  if (node < 0 || combined_adjacency_.degree(node) == 0) return shared;
  graph::SvgOptions options;
  options.from_out = site_.out(note);
  options.kind = "local";
  options.highlight = node;
  options.aria_label = local_label_;
  options.max_labels = 10;
  options.colors = &combined_colors_;
  graph::local_graph(combined_, combined_adjacency_, node, options, 2, 30, &shared);
  return shared;
}

std::vector<NoteId> SiteGraphs::related(NoteId note) const {
  const int node = node_of_note_[note.index()];
  if (node < 0) return {};
  std::vector<NoteId> out;
  // Ask for more than five: tags can rank too, and only notes are shown.
  for (int r : graph::related(combined_adjacency_, node, linked_[static_cast<size_t>(node)], 20)) {
    if (r >= static_cast<int>(note_of_node_.size())) continue;
    const NoteId candidate = note_of_node_[static_cast<size_t>(r)];
    // The home page and folder pages link to everything near them: not "related".
    if (site_.role(candidate) != Place::Role::Page) continue;
    out.push_back(candidate);
    if (out.size() == 5) break;
  }
  return out;
}

}  // namespace studywiki
