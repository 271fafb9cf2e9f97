#include "graph/site_graphs.h"

#include <algorithm>
#include <set>

#include "graph/json.h"
#include "graph/layout.h"
#include "graph/related.h"
#include "graph/svg.h"
#include "core/parallel.h"
#include "core/hash.h"
#include "state/record_io.h"

namespace studywiki {

namespace {

std::string top_folder_name(const Site& site, const std::string& folder) {
  if (folder.empty()) return "";
  const std::string top = folder.substr(0, folder.find('/'));
  const Folder* f = site.folder(top);
  return f ? f->name : top;
}

}  // namespace

SiteGraphs::SiteGraphs(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings, unsigned jobs) {
  // The note graph: every published note, every link between two of them.
  graph::Graph notes;
  std::vector<int> node_of_note_(site.notes.size(), -1);
  std::vector<NoteId> note_of_node_;
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
  r_.data = graph::to_json(notes, positions).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  std::vector<int> kept = graph::top_nodes_within(notes, adjacency, kMaxGraphPageBytes, kGraphPage);
  graph::SvgOptions options;
  options.from_out = kGraphPage;
  options.kind = "notes";
  options.aria_label = strings.text("graph_notes_label");
  const auto colors = graph::node_colors(notes);
  if (kept.size() == notes.nodes.size()) {
    options.colors = &colors;
    r_.note_svg = graph::render_svg(notes, adjacency, positions, options);
    r_.shown = notes.nodes.size();
    r_.edges = notes.edges.size();
  } else {
    graph::Graph part = graph::subgraph(notes, kept);
    std::vector<graph::Point> part_positions;
    std::vector<std::string> part_colors;
    for (int k : kept) {
      part_positions.push_back(positions[static_cast<size_t>(k)]);
      part_colors.push_back(colors[static_cast<size_t>(k)]);
    }
    options.colors = &part_colors;
    r_.note_svg = graph::render_svg(part, graph::Adjacency(part), part_positions, options);
    r_.shown = part.nodes.size();
    r_.edges = part.edges.size();
  }
  const auto legend = graph::group_colors(notes);
  for (const auto& [name, color] : legend) r_.groups.push_back({{"name", name}, {"color", color}});

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
    r_.tag_svg = graph::render_svg(tags, graph::layout(tags), tag_options);
  }

  // Links both ways plus note–tag edges: two hops reach the notes sharing a tag.
  graph::Graph combined = notes;
  const int first_tag = static_cast<int>(combined.nodes.size());
  for (const Tag& t : taxonomy.tags()) {
    graph::Node node;
    node.label = "#" + t.name;
    node.out = t.out;
    node.group = "#";
    combined.nodes.push_back(std::move(node));
  }
  for (auto& e : combined.edges) e.weight = 2;  // a link says more than a shared tag
  for (size_t i = 0; i < site.notes.size(); ++i) {
    if (node_of_note_[i] < 0) continue;
    for (int t : taxonomy.note_tags(i)) combined.edges.push_back({node_of_note_[i], first_tag + t, 1});
  }
  const graph::Adjacency combined_adjacency(combined);
  std::vector<std::string> combined_colors(colors.begin(), colors.end());
  combined_colors.resize(combined.nodes.size(), graph::kNeutralColor);
  std::vector<std::vector<int>> linked(notes.nodes.size());  // per node: notes linked either way, sorted
  for (const auto& [a, b] : pairs) {
    linked[static_cast<size_t>(a)].push_back(b);
    linked[static_cast<size_t>(b)].push_back(a);
  }
  for (auto& l : linked) std::sort(l.begin(), l.end());

  // Each note page's local graph and related notes.
  const std::string local_label = strings.text("graph_local_label");
  r_.local.resize(site.notes.size());
  r_.related.resize(site.notes.size());
  parallel_for(site.notes.size(), jobs, [&](size_t i, unsigned) {
    const NoteId id(i);
    const int node = node_of_note_[i];
    if (site.role(id) != Place::Role::Page || node < 0) return;
    if (combined_adjacency.degree(node) > 0) {
      graph::SvgOptions local;
      local.from_out = site.out(id);
      local.kind = "local";
      local.highlight = node;
      local.aria_label = local_label;
      local.max_labels = 10;
      local.colors = &combined_colors;
      graph::local_graph(combined, combined_adjacency, node, local, 2, 30, &r_.local[id]);
    }
    // Ask for more than five: tags can rank too, and only notes are shown.
    for (int r : graph::related(combined_adjacency, node, linked[static_cast<size_t>(node)], 20)) {
      if (r >= static_cast<int>(note_of_node_.size())) continue;
      const NoteId candidate = note_of_node_[static_cast<size_t>(r)];
      // The home page and folder pages link to everything near them: not "related".
      if (site.role(candidate) != Place::Role::Page) continue;
      r_.related[id].push_back(candidate);
      if (r_.related[id].size() == 5) break;
    }
  });
}

uint64_t SiteGraphs::input_hash(const Site& site, const Taxonomy& taxonomy, const UiStrings& strings) {
  RecordOut o;
  o.u(site.notes.size());
  for (NoteId id : site.notes.ids()) {
    const LoadedNote& n = site.notes[id];
    o.str(n.title);
    o.str(site.out(id));
    o.u(static_cast<uint64_t>(site.role(id)));
    o.str(top_folder_name(site, n.folder));
    const auto& tags = taxonomy.note_tags(id.index());
    o.u(tags.size());
    for (int t : tags) o.i(t);
    o.u(site.bodies[id].links_to.size());
    for (NoteId target : site.bodies[id].links_to) o.u(target.index());
  }
  o.u(taxonomy.tags().size());
  for (const Tag& t : taxonomy.tags()) {
    o.str(t.name);
    o.str(t.out);
    o.u(t.notes.size());
  }
  o.u(taxonomy.cooccurrence().size());
  for (const auto& p : taxonomy.cooccurrence()) {
    o.i(p.a);
    o.i(p.b);
    o.i(static_cast<int64_t>(p.shared));
  }
  for (const char* key : {"graph_notes_label", "graph_tags_label", "graph_local_label"}) o.str(strings.text(key));
  return fnv1a64(o.s);
}

}  // namespace studywiki
