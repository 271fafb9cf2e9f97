#include "render/page_data.h"

#include <algorithm>
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

std::string script_call(const char* call, const json& data) {
  return script_call(call, data.dump(-1, ' ', false, json::error_handler_t::replace));
}

/// assets/nav.js: draws the folder list into the <ul> just before the script
/// element, before the page is first shown (the script is not deferred). The
/// item of the folder the page is in is marked as layout.mustache marks it.
constexpr const char* kNavScript = R"JS(/* studywiki: the sidebar's folder list (generator/src/render/page_data.h). */
(function (items) {
  var d = document, s = d.currentScript, ul = s && s.previousElementSibling, m = d.querySelector('meta[name="studywiki-root"]');
  if (!ul || !m) return;
  var root = m.getAttribute("content") || "", base = d.createElement("a"), here = location.href;
  base.href = root || "./";
  here = here.indexOf(base.href) === 0 ? here.slice(base.href.length).split(/[?#]/)[0] : "";
  try { here = decodeURIComponent(here); } catch (e) { /* as it is */ }
  function encode(path) {
    return encodeURIComponent(path).replace(/%2F/g, "/").replace(/%2B/g, "+").replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function span(cls, text) {
    var e = d.createElement("span");
    e.className = cls;
    e.textContent = text;
    return e;
  }
  for (var i = 0; i < items.length; i++) {
    var it = items[i], li = d.createElement("li"), a = d.createElement("a"), dir = it[1].slice(0, it[1].lastIndexOf("/") + 1);
    a.setAttribute("href", root + encode(it[1]));
    if (dir && here.indexOf(dir) === 0) {
      a.className = "active";
      a.setAttribute("aria-current", "true");
    }
    a.appendChild(span("nav-title", it[0]));
    a.appendChild(span("count", String(it[2])));
    li.appendChild(a);
    ul.appendChild(li);
  }
}))JS";

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

  nav_ = script_call(kNavScript, contexts.nav_items());

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
}

}  // namespace studywiki
