#include "render/page_data.h"

#include <algorithm>
#include <map>
#include <set>

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
std::string script_call(const char* call, const json& data) {
  const std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
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

bool PageData::is_data_path(std::string_view path) {
  for (std::string_view folder : {"previews/", "graphs/"}) {
    if (!path.starts_with(folder)) continue;
    std::string_view name = path.substr(folder.size());
    if (!name.ends_with(".js")) return false;
    name.remove_suffix(3);
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return false;
}

PageData::PageData(const Site& site, const PageContexts& contexts, const LocalGraphOf& local_graph, unsigned jobs) {
  size_t pages = 0;
  for (const Note& n : site.notes) pages += n.ok ? 1 : 0;
  shards_ = shards_for(pages);

  // Previews: every page a link can point to, with the headings links point to.
  std::map<int, std::set<std::string>> linked_headings;
  for (const Note& n : site.notes)
    if (n.ok)
      for (const NoteLink& l : n.outlinks)
        if (l.note >= 0 && !l.heading.empty()) linked_headings[l.note].insert(l.heading);
  std::vector<json> previews(shards_, json::object());
  auto add = [&](const std::string& out, const std::string& title, const std::string& text, const Note* note) {
    json entry = {{"t", title}, {"x", text}};
    if (note) {
      const size_t index = static_cast<size_t>(note - site.notes.data());
      if (auto it = linked_headings.find(static_cast<int>(index)); it != linked_headings.end()) {
        json sections = json::object();
        for (const std::string& id : it->second)
          for (size_t i = 0; i < note->headings.size(); ++i)
            if (note->headings[i].id == id) {
              const std::string& summary = i < note->section_summaries.size() ? note->section_summaries[i] : note->summary;
              sections[id] = {note->headings[i].text, summary};
              break;
            }
        if (!sections.empty()) entry["s"] = std::move(sections);
      }
    }
    previews[shard_of(out, shards_)][out] = std::move(entry);
  };
  for (const Note& n : site.notes) {
    if (!n.ok || n.role == Note::Role::FolderIndex) continue;
    add(n.out, n.title, n.summary, &n);
  }
  for (const auto& [source, f] : site.folders) {
    const Note* index = f.index_note >= 0 ? &site.notes[static_cast<size_t>(f.index_note)] : nullptr;
    if (source.empty() && index) continue;  // the home page: its intro note, above
    add(f.out, contexts.folder_title(f), index ? index->summary : std::string(), index);
  }

  // Local graphs.
  placeholders_.assign(site.notes.size(), std::string());
  std::vector<json> graph_of(site.notes.size());
  parallel_for(site.notes.size(), jobs, [&](size_t i, unsigned) {
    const Note& n = site.notes[i];
    if (!n.ok || n.role != Note::Role::Page) return;
    graph::LocalGraph g = local_graph(static_cast<int>(i));
    placeholders_[i] = std::move(g.placeholder);
    graph_of[i] = std::move(g.data);
  });
  std::vector<json> graphs(shards_, json::object());
  for (size_t i = 0; i < site.notes.size(); ++i)
    if (!placeholders_[i].empty()) graphs[shard_of(site.notes[i].out, shards_)][site.notes[i].out] = std::move(graph_of[i]);

  nav_ = script_call(kNavScript, contexts.nav_items());

  previews_.resize(shards_);
  graphs_.resize(shards_);
  parallel_for(shards_, jobs, [&](size_t s, unsigned) {
    previews_[s] = script_call("swPreviewsAdd", previews[s]);
    graphs_[s] = script_call("swGraphsAdd", graphs[s]);
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
