#include "render/page_data.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <type_traits>

#include "core/escape.h"
#include "core/parallel.h"
#include "output/writer.h"
#include "render/pages.h"

namespace studywiki {

using nlohmann::json;

namespace {

constexpr size_t kPagesPerShard = 32;
constexpr size_t kMaxShards = 4096;

/// `call(DATA);` with DATA as JSON, safe in any script context: "</" cannot
/// close a <script>, U+2028/U+2029 cannot end a line in older engines.
std::string script_call(const char* call, const std::string& text) {
  std::string out = std::string(call) + "(";
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  out += ");\n";
  return out;
}

/// A JSON object from its keys (in order) and its values' JSON text.
template <class Map>
std::string object_text(const Map& entries) {
  std::string text = "{";
  for (const auto& [key, value] : entries) {
    if (text.size() > 1) text += ',';
    append_json_string(text, key);
    text += ':';
    if constexpr (std::is_pointer_v<typename Map::mapped_type>) text += *value;
    else text += value;
  }
  text += '}';
  return text;
}

/// The explorer's data, in two parts the theme's assets/explorer.js answers.
///
/// assets/nav.js, the folder tree without its notes (every page loads it, so
/// it stays small), drawn into the <ul> just before the script element before
/// the page is first shown:
///
///   swNav(FOLDER)   FOLDER = [title, dir, notes below, [FOLDER, …], notes here(, SHARD)]
///
/// `dir` is the folder's output folder with a final "/", relative to its
/// parent's ("mysql/"), its page `dir` + "index.html"; it starts with "/"
/// when it is not below its parent (never, with the places stage as it is):
/// then it is the whole path from the site root, as is. Sub-folders come in
/// the folder's order (by name). "notes here" counts the folder's own notes.
/// The top FOLDER is the site (title, "", every note, …). SHARD, on the top
/// FOLDER and on each of its sub-folders whose subtree holds a note, names the
/// file with the notes: those directly in the root, or those anywhere in that
/// top-level folder's subtree:
///
///   nav/SHARD.js    swNavNotes(SHARD, {DIR: [[title, file], …], …})
///
/// DIR is a folder's output folder from the site root ("" for the root,
/// "数据库/mysql/"), for every folder of the shard with notes of its own;
/// `file` a note's page relative to DIR without ".html" ("redis-持久化"), or
/// with a leading "/" the whole path from the site root. Notes come by title;
/// folder index notes and the home page's note are their folders' pages, not
/// listed. SHARD is FNV-1a 32 of the top-level folder's output dir ("数据库/",
/// "" for the root's own notes) in decimal (the next free number on a
/// clash), so a shard's name, and its bytes, change only with its own notes.
/// explorer.js loads a shard with a script tag when a folder in it is open.
std::string folder_dir(const Folder& folder) {
  if (folder.source.empty()) return {};
  return folder.out.substr(0, folder.out.size() - std::string_view("index.html").size());
}

size_t own_notes(const Site& site, const Folder& folder) {
  return std::count_if(folder.notes.begin(), folder.notes.end(), [&](NoteId id) { return site.role(id) == Place::Role::Page; });
}

/// The folder's own notes as `[[title, file], …]`.
void append_nav_notes(std::string& out, const Site& site, const Folder& folder, const std::string& dir) {
  out += '[';
  bool first = true;
  for (NoteId id : folder.notes) {
    if (site.role(id) != Place::Role::Page) continue;
    const std::string& page = site.out(id);
    if (!first) out += ',';
    first = false;
    out += '[';
    append_json_string(out, site.notes[id].title);
    out += ',';
    const bool below = page.rfind(dir, 0) == 0 && page.size() > dir.size() + 5 && page.compare(page.size() - 5, 5, ".html") == 0 &&
                       page[dir.size()] != '/';
    append_json_string(out, below ? page.substr(dir.size(), page.size() - dir.size() - 5) : "/" + page);
    out += ']';
  }
  out += ']';
}

/// One shard's object: every folder of `folder`'s subtree with notes of its own (`folder`'s own
/// notes only when `subtree` is false: the root's shard).
void append_shard_folders(std::string& out, const Site& site, const Folder& folder, bool subtree) {
  if (own_notes(site, folder)) {
    const std::string dir = folder_dir(folder);
    if (out.size() > 1) out += ',';
    append_json_string(out, dir);
    out += ':';
    append_nav_notes(out, site, folder, dir);
  }
  if (subtree)
    for (const std::string& child : folder.children) append_shard_folders(out, site, site.places.folders.at(child), true);
}

/// `shard_of` gives a top-level folder's (or, for `folder` = the root, the root's own notes') shard name.
void append_nav_folder(std::string& out, const Site& site, const PageContexts& contexts, const Folder& folder,
                       const std::string& parent_dir, const std::function<const std::string*(const Folder&)>& shard_of) {
  const std::string dir = folder_dir(folder);
  out += '[';
  append_json_string(out, contexts.folder_title(folder));
  out += ',';
  append_json_string(out, dir.rfind(parent_dir, 0) == 0 ? dir.substr(parent_dir.size()) : "/" + dir);
  out += ',';
  out += std::to_string(folder.total_notes);
  out += ",[";
  for (size_t i = 0; i < folder.children.size(); ++i) {
    if (i) out += ',';
    append_nav_folder(out, site, contexts, site.places.folders.at(folder.children[i]), dir, shard_of);
  }
  out += "],";
  out += std::to_string(own_notes(site, folder));
  if (const std::string* shard = shard_of(folder)) {
    out += ',';
    append_json_string(out, *shard);
  }
  out += ']';
}

constexpr const char* kNavHeader = "/* studywiki: the explorer's folder tree (generator/src/render/page_data.h), drawn by assets/explorer.js. */\n";
constexpr const char* kNavNotesHeader = "/* studywiki: the explorer's notes of one top-level folder, or the root's own (generator/src/render/page_data.h). */\n";

std::string shard_name(const char* folder, size_t shard) { return std::string(folder) + "/" + std::to_string(shard) + ".js"; }

}  // namespace

size_t PageData::shards_for(size_t pages) {
  size_t shards = 1;
  while (shards < kMaxShards && shards * kPagesPerShard < pages) shards *= 2;
  return shards;
}

size_t PageData::shard_of(std::string_view out, size_t shards) {
  uint32_t h = 2166136261u;
  for (unsigned char c : out) h = (h ^ c) * 16777619u;
  return shards ? h % shards : 0;
}

PageData::PageData(const Site& site, const PageContexts& contexts, const LocalGraphOf& local_graph, size_t shards,
                   unsigned jobs)
    : shards_(shards) {
  // Previews: every page a link can point to, with the headings links point to.
  std::map<NoteId, std::set<std::string>> linked_headings;
  for (const Body& b : site.bodies)
    for (const NoteLink& l : b.outlinks)
      if (l.note && !l.heading.empty()) linked_headings[*l.note].insert(l.heading);
  // Each shard a JSON object from page path to its preview, keys in byte
  // order (as nlohmann::json would write it): {"s": {ID: [heading, text]},
  // "t": title, "x": text}.
  std::vector<std::map<std::string, std::string>> previews(shards_);
  auto add = [&](const std::string& out, const std::string& title, const std::string& text,
                 std::optional<NoteId> note) {
    std::string entry = "{";
    if (note) {
      if (auto it = linked_headings.find(*note); it != linked_headings.end()) {
        const Body& body = site.bodies[*note];
        std::string sections;
        for (const std::string& id : it->second)
          for (size_t i = 0; i < body.headings.size(); ++i)
            if (body.headings[i].id == id) {
              const std::string& summary = i < body.section_summaries.size() ? body.section_summaries[i] : body.summary;
              sections += sections.empty() ? "{" : ",";
              append_json_string(sections, id);
              sections += ":[";
              append_json_string(sections, body.headings[i].text);
              sections += ',';
              append_json_string(sections, summary);
              sections += ']';
              break;
            }
        if (!sections.empty()) {
          entry += "\"s\":";
          entry += sections;
          entry += "},";
        }
      }
    }
    entry += "\"t\":";
    append_json_string(entry, title);
    entry += ",\"x\":";
    append_json_string(entry, text);
    entry += '}';
    previews[shard_of(out, shards_)][out] = std::move(entry);
  };
  for (NoteId id : site.notes.ids()) {
    if (site.role(id) == Place::Role::FolderIndex) continue;
    add(site.out(id), site.notes[id].title, site.bodies[id].summary, id);
  }
  for (const auto& [source, f] : site.places.folders) {
    if (source.empty() && f.index_note) continue;  // the home page: its intro note, above
    add(f.out, contexts.folder_title(f), f.index_note ? site.bodies[*f.index_note].summary : std::string(),
        f.index_note);
  }

  // Local graphs.
  placeholders_.resize(site.notes.size());
  PerNote<std::string> graph_of(site.notes.size());
  parallel_for(site.notes.size(), jobs, [&](size_t i, unsigned) {
    const NoteId id(i);
    if (site.role(id) != Place::Role::Page) return;
    graph::LocalGraph g = local_graph(id);
    placeholders_[id] = std::move(g.placeholder);
    graph_of[id] = std::move(g.data);
  });
  // Each shard a JSON object from page path to its drawing, keys in byte order.
  std::vector<std::map<std::string, const std::string*>> graphs(shards_);
  for (NoteId id : site.notes.ids())
    if (!placeholders_[id].empty()) graphs[shard_of(site.out(id), shards_)][site.out(id)] = &graph_of[id];

  if (const Folder* root = site.folder("")) {
    // The notes' shards: the root's own notes, then each top-level folder's subtree, by name.
    std::map<const Folder*, std::string> names;
    std::set<uint32_t> taken;
    auto name = [&](const Folder& f, bool subtree) {
      if (!(subtree ? f.total_notes : own_notes(site, f))) return;
      const std::string dir = folder_dir(f);
      uint32_t h = 2166136261u;
      for (unsigned char c : dir) h = (h ^ c) * 16777619u;
      while (!taken.insert(h).second) ++h;
      names[&f] = std::to_string(h);
      std::string data = "{";
      append_shard_folders(data, site, f, subtree);
      data += '}';
      nav_shards_.emplace_back(names[&f], kNavNotesHeader + script_call("window.swNavNotes&&swNavNotes", "\"" + names[&f] + "\"," + data));
    };
    name(*root, false);
    for (const std::string& child : root->children) name(site.places.folders.at(child), true);
    std::string tree;
    append_nav_folder(tree, site, contexts, *root, "", [&](const Folder& f) -> const std::string* {
      auto it = names.find(&f);
      return it == names.end() ? nullptr : &it->second;
    });
    nav_ = kNavHeader + script_call("window.swNav&&swNav", tree);
  } else {
    nav_ = std::string(kNavHeader) + "window.swNav&&swNav([\"\",\"\",0,[],0]);\n";
  }

  previews_.resize(shards_);
  graphs_.resize(shards_);
  parallel_for(shards_, jobs, [&](size_t s, unsigned) {
    previews_[s] = script_call("swPreviewsAdd", object_text(previews[s]));
    graphs_[s] = script_call("swGraphsAdd", object_text(graphs[s]));
  });
}

void PageData::write(OutputWriter& writer, unsigned jobs) const {
  parallel_for(shards_, jobs, [&](size_t s, unsigned) {
    writer.write(shard_name("previews", s), previews_[s]);
    writer.write(shard_name("graphs", s), graphs_[s]);
  });
  writer.write("assets/nav.js", nav_);
  for (const auto& [name, text] : nav_shards_) writer.write("nav/" + name + ".js", text);
}

}  // namespace studywiki
