#include "render/pages.h"

#include "core/hash.h"
#include "state/record_io.h"

#include <algorithm>
#include <functional>

#include "content/slug.h"
#include "core/escape.h"
#include "links/urls.h"
#include "render/templates.h"

namespace studywiki {

using nlohmann::json;

namespace {

/// A stylesheet or icon from site.yml for the templates: `external` URLs as
/// written, the others a percent-encoded path from the output root that the
/// template puts after `page.root` (so the 404 page's absolute root works too).
json site_file(const std::string& path) {
  const bool external = links::is_external(path);
  return {{"href", external ? path : percent_encode_path(path)}, {"external", external}};
}

std::string html_unescape(std::string_view text) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [entity, c] : kEntities)
      if (text.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size();
        replaced = true;
        break;
      }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace

std::string first_image(const std::string& html, const std::string& out, const std::string& base_url) {
  for (size_t at = html.find("<img "); at != std::string::npos; at = html.find("<img ", at + 1)) {
    const size_t end = html.find('>', at);
    const size_t src = html.find(" src=\"", at);
    if (end == std::string::npos || src == std::string::npos || src > end) continue;
    const size_t value = src + 6;
    const size_t close = html.find('"', value);
    if (close == std::string::npos || close > end) continue;
    const std::string url = html_unescape(std::string_view(html).substr(value, close - value));
    if (url.starts_with("https://") || url.starts_with("http://")) return url;
    if (url.empty() || links::is_external(url)) continue;  // data:, or a URL without a scheme
    return base_url.empty() ? url : base_url + links::rebase_href(url, out, "index.html");
  }
  return "";
}

std::string top_folder(const std::string& folder) {
  size_t slash = folder.find('/');
  return slash == std::string::npos ? folder : folder.substr(0, slash);
}

std::string render_redirect(const std::string& out, const std::string& target_out, const std::string& title,
                            const SiteConfig& config, const TemplateSet& templates) {
  const std::string href = links::relative_href(out, target_out);
  const std::string canonical = config.base_url.empty() ? href : config.base_url + links::relative_href("", target_out);
  json ctx;
  ctx["site"] = {{"title", config.title}, {"language", config.language}};
  ctx["page"] = {{"title", title}, {"href", href}, {"canonical", canonical}};
  return templates.render("redirect", ctx);
}

PageContexts::PageContexts(const Site& site, const SiteConfig& config, const Taxonomy& taxonomy,
                           const links::CrossLinks& cross, bool graph_page, size_t data_shards,
                           const UiStrings& strings)
    : site_(site),
      config_(config),
      taxonomy_(taxonomy),
      cross_(cross),
      strings_(strings),
      graph_page_(graph_page),
      data_shards_(data_shards),
      recent_(pages_newest_first(site)) {
  if (const Folder* root = site_.folder(""))
    for (const auto& child : root->children) {
      const Folder& f = site_.places.folders.at(child);
      top_folders_.emplace_back(&f, folder_title(f));
    }
  shared_hash_ = checksum64(common("index.html", "note", "", "", false, "").dump());
}

std::string PageContexts::folder_title(const Folder& folder) const {
  if (folder.index_note) {
    const LoadedNote& index = site_.notes[*folder.index_note];
    if (index.front.title) return *index.front.title;
    // Its own `# Title` (the title heading, hidden in its body); a README
    // titled by its file name or sectioned by `#` leaves the folder's name.
    if (!folder.source.empty() && index.hidden_heading >= 0) return index.title;
  }
  return folder.source.empty() ? config_.title : folder.name;
}

json PageContexts::common(const std::string& out, const std::string& kind, const std::string& title,
                          const std::string& description, bool has_math, const std::string& active_top) const {
  json ctx;
  ctx["site"] = {{"title", config_.title},
                 {"description", config_.description},
                 {"language", config_.language},
                 {"base_url", config_.base_url},
                 {"author", config_.author}};
  json css = json::array();
  for (const auto& path : config_.extra_css) css.push_back(site_file(path));
  ctx["site"]["extra_css"] = std::move(css);
  ctx["site"]["favicon"] = site_file(config_.favicon.empty() ? "assets/favicon.svg" : config_.favicon);
  ctx["generator"] = {{"name", "studywiki"}, {"version", STUDYWIKI_VERSION}};
  json page;
  page["kind"] = kind;
  page["title"] = title;
  page["description"] = description.empty() ? config_.description : description;
  page["root"] = links::root_prefix(out);
  page["url"] = out;
  page["shards"] = data_shards_;
  page["has_math"] = has_math;
  page["canonical"] = config_.base_url.empty()  ? ""
                      : out == "index.html" ? config_.base_url
                                            : config_.base_url + links::relative_href("", out);
  page["is_note"] = kind == "note";
  page["is_folder"] = kind == "folder";
  page["is_home"] = kind == "home";
  page["is_404"] = kind == "404";
  ctx["page"] = std::move(page);
  json nav = json::array();
  for (const auto& [f, title] : top_folders_)
    nav.push_back({{"title", title},
                   {"href", links::relative_href(out, f->out)},
                   {"count", f->total_notes},
                   {"active", f->source == active_top}});
  ctx["has_nav"] = !nav.empty();
  ctx["nav"] = std::move(nav);
  json extra = json::array();
  if (!taxonomy_.tags().empty()) extra.push_back({{"title", strings_.text("all_tags")}, {"href", links::relative_href(out, kTagIndex)}});
  if (graph_page_) extra.push_back({{"title", strings_.text("graph_page")}, {"href", links::relative_href(out, kGraph)}});
  ctx["links"] = std::move(extra);
  ctx["breadcrumbs"] = json::array();
  return ctx;
}

json PageContexts::nav_items() const {
  json items = json::array();
  for (const auto& [f, title] : top_folders_) items.push_back({title, f->out, f->total_notes});
  return items;
}

json PageContexts::breadcrumbs(const std::string& out, const std::string& folder, bool include_folder) const {
  json crumbs = json::array();
  crumbs.push_back({{"title", config_.title}, {"href", links::relative_href(out, "index.html")}});
  std::string path;
  size_t start = 0;
  while (!folder.empty() && start <= folder.size()) {
    size_t slash = folder.find('/', start);
    path = folder.substr(0, slash);
    bool last = slash == std::string::npos;
    if (!last || include_folder) {
      if (const Folder* f = site_.folder(path))
        crumbs.push_back({{"title", folder_title(*f)}, {"href", links::relative_href(out, f->out)}});
    }
    if (last) break;
    start = slash + 1;
  }
  return crumbs;
}

json PageContexts::note_item(const std::string& from_out, NoteId id) const {
  const LoadedNote& note = site_.notes[id];
  json item = {{"title", note.title},
               {"href", links::relative_href(from_out, site_.out(id))},
               {"date", site_.dates[id].sort_date},
               {"summary", site_.bodies[id].summary}};
  if (const Folder* f = site_.folder(note.folder); f && !note.folder.empty())
    item["folder"] = folder_title(*f);
  else
    item["folder"] = "";
  return item;
}

namespace {

/// How many references are not listed, or false (Mustache shows 0 as true).
json more(size_t count) {
  if (count <= PageContexts::kMaxReferences) return false;
  return count - PageContexts::kMaxReferences;
}

}  // namespace

json PageContexts::references(const std::string& out, const std::vector<links::Reference>& refs, size_t limit) const {
  json list = json::array();
  for (size_t i = 0; i < refs.size() && i < limit; ++i) {
    const LoadedNote& from = site_.notes[refs[i].source];
    json contexts = json::array();
    for (const auto& c : refs[i].contexts)
      contexts.push_back({{"before", c.before}, {"match", c.match}, {"after", c.after}});
    list.push_back({{"title", from.title},
                    {"href", links::relative_href(out, site_.out(refs[i].source))},
                    {"contexts", contexts},
                    {"has_contexts", !contexts.empty()}});
  }
  return list;
}

json PageContexts::note(NoteId id, const std::string& local_graph, const std::vector<NoteId>& related_notes) const {
  const LoadedNote& note = site_.notes[id];
  const Body& body = site_.bodies[id];
  const std::string& out = site_.out(id);
  json ctx = common(out, "note", note.title, body.summary, body.has_math, top_folder(note.folder));
  ctx["page"]["has_mermaid"] = body.has_mermaid;
  ctx["breadcrumbs"] = breadcrumbs(out, note.folder, true);
  json& page = ctx["page"];
  page["content"] = body.html;
  page["date"] = site_.dates[id].date;
  page["updated"] = site_.dates[id].updated;
  json tags = json::array();
  for (int t : taxonomy_.note_tags(id.index())) {
    const Tag& tag = taxonomy_.tags()[static_cast<size_t>(t)];
    tags.push_back({{"name", tag.name}, {"href", links::relative_href(out, tag.out)}});
  }
  page["has_tags"] = !tags.empty();
  page["tags"] = std::move(tags);
  // Its placeholder: graph.js draws it from the shared graphs/N.js.
  page["local_graph"] = local_graph;
  page["has_graph"] = !local_graph.empty();
  json related = json::array();
  for (NoteId r : related_notes) {
    const std::string href = links::relative_href(out, site_.out(r));
    related.push_back({{"title", site_.notes[r].title}, {"href", href}});
  }
  page["has_related"] = !related.empty();
  page["related"] = std::move(related);
  {
    const auto& back = cross_.backlinks[id];
    page["backlinks"] = references(out, back, kMaxReferences);
    page["has_backlinks"] = !back.empty();
    page["backlink_count"] = back.size();
    page["backlinks_more"] = more(back.size());
    const auto& mentions = cross_.mentions[id];
    page["mentions"] = references(out, mentions, kMaxReferences);
    page["has_mentions"] = !mentions.empty();
    page["mention_count"] = mentions.size();
    page["mentions_more"] = more(mentions.size());
  }
  json toc = json::array();
  // The body's headings no longer have the title heading (the bodies stage removed it).
  const auto& headings = body.headings;
  int min_level = 7;
  for (const auto& h : headings) min_level = std::min(min_level, h.level);
  for (size_t i = 0; i < headings.size(); ++i) {
    toc.push_back({{"level", headings[i].level},
                   {"depth", headings[i].level - min_level},
                   {"text", headings[i].text},
                   {"id", headings[i].id}});
  }
  page["has_toc"] = toc.size() >= 2;
  page["toc"] = std::move(toc);
  page["source"] = note.source;
  page["edit_url"] = edit_url(config_, note.source);
  page["image"] = first_image(body.html, out, config_.base_url);
  page["words"] = body.words;
  page["reading_minutes"] = std::max<size_t>(1, (body.words + 399) / 400);
  page["params"] = note.front.params;
  page["aliases"] = note.front.aliases;
  if (const Folder* f = site_.folder(note.folder))
    page["folder"] = {{"title", folder_title(*f)}, {"href", links::relative_href(out, f->out)}};
  return ctx;
}

uint64_t PageContexts::note_inputs_hash(NoteId id, const std::string& local_graph,
                                        const std::vector<NoteId>& related) const {
  const LoadedNote& note = site_.notes[id];
  const Body& body = site_.bodies[id];
  const std::string& out = site_.out(id);
  RecordOut o;
  o.u(shared_hash_);  // with `out`, the hrefs common() makes
  o.str(out);
  o.str(note.title);
  o.str(note.folder);
  o.str(note.source);
  o.str(edit_url(config_, note.source));
  o.str(note.front.params.dump(-1, ' ', false, json::error_handler_t::replace));  // never throws
  o.strs(note.front.aliases);
  o.str(body.summary);
  o.b(body.has_math);
  o.b(body.has_mermaid);
  o.u(checksum64(body.html));  // the content; its first image
  o.u(body.html.size());
  o.u(body.words);
  o.u(body.headings.size());
  for (const auto& h : body.headings) {
    o.i(h.level);
    o.str(h.text);
    o.str(h.id);
  }
  o.str(site_.dates[id].date);
  o.str(site_.dates[id].updated);
  const auto& tags = taxonomy_.note_tags(id.index());
  o.u(tags.size());
  for (int t : tags) {
    o.str(taxonomy_.tags()[static_cast<size_t>(t)].name);
    o.str(taxonomy_.tags()[static_cast<size_t>(t)].out);
  }
  o.str(local_graph);
  o.u(related.size());
  for (NoteId r : related) {
    o.str(site_.notes[r].title);
    o.str(site_.out(r));
  }
  for (const auto* refs : {&cross_.backlinks[id], &cross_.mentions[id]}) {
    o.u(refs->size());
    for (size_t i = 0; i < refs->size() && i < kMaxReferences; ++i) {
      const links::Reference& r = (*refs)[i];
      o.str(site_.notes[r.source].title);
      o.str(site_.out(r.source));
      o.u(r.contexts.size());
      for (const Excerpt& c : r.contexts) {
        o.str(c.before);
        o.str(c.match);
        o.str(c.after);
      }
    }
  }
  // The breadcrumbs and the folder: every folder above the note, its title and page.
  for (size_t start = 0; !note.folder.empty() && start <= note.folder.size();) {
    const size_t slash = note.folder.find('/', start);
    if (const Folder* f = site_.folder(note.folder.substr(0, slash))) {
      o.str(folder_title(*f));
      o.str(f->out);
    } else {
      o.str("-");
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return checksum64(o.s);
}

json PageContexts::folder(const Folder& folder) const {
  const Body* index = folder.index_note ? &site_.bodies[*folder.index_note] : nullptr;
  const std::string title = folder_title(folder);
  json ctx = common(folder.out, "folder", title, index ? index->summary : "", index && index->has_math,
                    top_folder(folder.source));
  ctx["page"]["has_mermaid"] = index && index->has_mermaid;
  ctx["breadcrumbs"] = breadcrumbs(folder.out, folder.source, false);
  json notes = json::array();
  for (NoteId id : folder.notes) notes.push_back(note_item(folder.out, id));
  json subfolders = json::array();
  for (const auto& child : folder.children) {
    const Folder& f = site_.places.folders.at(child);
    subfolders.push_back({{"title", folder_title(f)},
                          {"href", links::relative_href(folder.out, f.out)},
                          {"count", f.total_notes}});
  }
  {
    static const std::vector<links::Reference> none;
    auto it = cross_.folder_backlinks.find(folder.source);
    const auto& back = it == cross_.folder_backlinks.end() ? none : it->second;
    ctx["page"]["backlinks"] = references(folder.out, back, kMaxReferences);
    ctx["page"]["has_backlinks"] = !back.empty();
    ctx["page"]["backlink_count"] = back.size();
    ctx["page"]["backlinks_more"] = more(back.size());
  }
  ctx["folder"] = {{"title", title},
                   {"intro", index ? index->html : ""},
                   {"has_intro", index != nullptr && !index->html.empty()},
                   {"notes", notes},
                   {"has_notes", !notes.empty()},
                   {"subfolders", subfolders},
                   {"has_subfolders", !subfolders.empty()},
                   {"count", folder.total_notes}};
  return ctx;
}

json PageContexts::home() const {
  const std::optional<NoteId> home = site_.places.home_note;
  const Body* intro = home ? &site_.bodies[*home] : nullptr;
  json ctx = common("index.html", "home", config_.title, config_.description, intro && intro->has_math, "");
  ctx["page"]["has_mermaid"] = intro && intro->has_mermaid;
  json recent = json::array();
  for (size_t i = 0; i < recent_.size() && i < config_.recent_count; ++i)
    recent.push_back(note_item("index.html", recent_[i]));
  json folders = json::array();
  size_t folder_count = 0;
  if (const Folder* root = site_.folder("")) {
    for (const auto& child : root->children) {
      const Folder& f = site_.places.folders.at(child);
      std::string summary;
      if (f.index_note) summary = site_.bodies[*f.index_note].summary;
      folders.push_back({{"title", folder_title(f)},
                         {"href", links::relative_href("index.html", f.out)},
                         {"count", f.total_notes},
                         {"summary", summary}});
    }
  }
  for (const auto& [source, f] : site_.places.folders)
    if (!source.empty()) ++folder_count;
  ctx["home"] = {{"intro", intro ? intro->html : ""},
                 {"has_intro", intro != nullptr && !intro->html.empty()},
                 {"recent", recent},
                 {"has_recent", !recent.empty()},
                 {"folders", folders},
                 {"has_folders", !folders.empty()},
                 {"all_href", links::relative_href("index.html", kAllNotes)},
                 {"note_count", recent_.size()},
                 {"folder_count", folder_count}};
  return ctx;
}

namespace {
/// "https://me.github.io/notes/" -> "/notes/"; a URL that is already a path stays as it is
/// (and one that is neither, "me.github.io/notes/", is no path: the 404 page stays relative).
std::string url_path(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}
}  // namespace

json PageContexts::all_notes() const {
  json ctx = common(kAllNotes, "all", strings_.text("all_notes_title"), "", false, "");
  ctx["page"]["is_all"] = true;
  ctx["breadcrumbs"] = json::array({{{"title", config_.title}, {"href", links::relative_href(kAllNotes, "index.html")}}});
  // One group per folder with notes of its own, in the explorer's order (a
  // folder, then its sub-folders by name); a group's title is its folders'
  // titles from the top ("数据库 / MySQL"), none for the top folder.
  json groups = json::array();
  size_t count = 0;
  std::function<void(const Folder&, const std::string&)> walk = [&](const Folder& f, const std::string& path) {
    json notes = json::array();
    for (NoteId id : f.notes) {
      if (site_.role(id) != Place::Role::Page) continue;
      notes.push_back({{"title", site_.notes[id].title},
                       {"href", links::relative_href(kAllNotes, site_.out(id))},
                       {"date", site_.dates[id].sort_date}});
    }
    count += notes.size();
    if (!notes.empty())
      groups.push_back({{"title", path},
                        {"href", f.source.empty() ? "" : links::relative_href(kAllNotes, f.out)},
                        {"count", notes.size()},
                        {"notes", std::move(notes)}});
    for (const auto& child : f.children) {
      const Folder& c = site_.places.folders.at(child);
      walk(c, path.empty() ? folder_title(c) : path + " / " + folder_title(c));
    }
  };
  if (const Folder* root = site_.folder("")) walk(*root, "");
  ctx["all"] = {{"count", count}, {"groups", std::move(groups)}, {"has_groups", count > 0}};
  return ctx;
}

json PageContexts::not_found() const {
  json ctx = common("404.html", "404", "404", "", false, "");
  // GitHub Pages serves 404.html for missing paths at any depth, where
  // relative links would break (and lead crawlers ever deeper); with a
  // base_url its links and assets start from base_url's path ("/notes/"),
  // so they hold on the real host and on a local server alike.
  if (const std::string root = url_path(config_.base_url); !root.empty() && root[0] == '/') {
    ctx["page"]["root"] = root;
    for (auto& item : ctx["nav"]) item["href"] = root + item["href"].get<std::string>();
    for (auto& item : ctx["links"]) item["href"] = root + item["href"].get<std::string>();
  }
  return ctx;
}

json PageContexts::tag(int index) const {
  const Tag& t = taxonomy_.tags()[static_cast<size_t>(index)];
  json ctx = common(t.out, "tag", "#" + t.name, "", false, "");
  ctx["page"]["is_tag"] = true;
  json notes = json::array();
  std::vector<NoteId> sorted;
  for (int n : t.notes) sorted.push_back(NoteId(static_cast<size_t>(n)));
  std::stable_sort(sorted.begin(), sorted.end(), [&](NoteId a, NoteId b) {
    const std::string& x = site_.dates[a].sort_date;
    const std::string& y = site_.dates[b].sort_date;
    if (x != y) return x > y;
    return site_.notes[a].source < site_.notes[b].source;
  });
  for (NoteId n : sorted) notes.push_back(note_item(t.out, n));
  json children = json::array();
  for (int c : t.children) {
    const Tag& child = taxonomy_.tags()[static_cast<size_t>(c)];
    children.push_back({{"name", child.name}, {"href", links::relative_href(t.out, child.out)}, {"count", child.notes.size()}});
  }
  json together = json::array();
  for (const auto& [other, shared] : taxonomy_.cooccurring(index, 10)) {
    const Tag& o = taxonomy_.tags()[static_cast<size_t>(other)];
    together.push_back({{"name", o.name}, {"href", links::relative_href(t.out, o.out)}, {"count", shared}});
  }
  json parent = false;
  if (t.parent >= 0) {
    const Tag& p = taxonomy_.tags()[static_cast<size_t>(t.parent)];
    parent = {{"name", p.name}, {"href", links::relative_href(t.out, p.out)}};
  }
  ctx["breadcrumbs"] = json::array({{{"title", config_.title}, {"href", links::relative_href(t.out, "index.html")}},
                                    {{"title", strings_.text("tags_page")}, {"href", links::relative_href(t.out, kTagIndex)}}});
  ctx["tag"] = {{"name", t.name},
                {"count", t.notes.size()},
                {"notes", notes},
                {"has_notes", !notes.empty()},
                {"children", children},
                {"has_children", !children.empty()},
                {"cooccurring", together},
                {"has_cooccurring", !together.empty()},
                {"parent", parent},
                {"index_href", links::relative_href(t.out, kTagIndex)}};
  return ctx;
}

json PageContexts::tag_index(const std::string& graph_svg) const {
  json ctx = common(kTagIndex, "tags", strings_.text("tags_page"), "", false, "");
  ctx["page"]["is_tags"] = true;
  ctx["page"]["has_graph"] = !graph_svg.empty();
  ctx["breadcrumbs"] = json::array({{{"title", config_.title}, {"href", links::relative_href(kTagIndex, "index.html")}}});
  json list = json::array();
  for (const Tag& t : taxonomy_.tags()) {
    size_t slash = t.name.rfind('/');
    list.push_back({{"name", slash == std::string::npos ? t.name : t.name.substr(slash + 1)},
                    {"full", t.name},
                    {"href", links::relative_href(kTagIndex, t.out)},
                    {"count", t.notes.size()},
                    {"depth", t.depth}});
  }
  ctx["tags"] = {{"count", taxonomy_.tags().size()},
                 {"list", list},
                 {"has_list", !list.empty()},
                 {"graph", graph_svg},
                 {"has_graph", !graph_svg.empty()}};
  return ctx;
}

json PageContexts::graph(const std::string& svg, size_t shown, size_t edges, const json& groups) const {
  json ctx = common(kGraph, "graph", strings_.text("graph_page"), "", false, "");
  ctx["page"]["is_graph"] = true;
  ctx["page"]["has_graph"] = true;
  ctx["breadcrumbs"] = json::array({{{"title", config_.title}, {"href", "index.html"}}});
  json tags = json::array();
  std::vector<int> by_count;
  for (size_t i = 0; i < taxonomy_.tags().size(); ++i) by_count.push_back(static_cast<int>(i));
  std::stable_sort(by_count.begin(), by_count.end(), [&](int a, int b) {
    return taxonomy_.tags()[static_cast<size_t>(a)].notes.size() > taxonomy_.tags()[static_cast<size_t>(b)].notes.size();
  });
  if (by_count.size() > 50) by_count.resize(50);
  for (int t : by_count)
    tags.push_back({{"name", taxonomy_.tags()[static_cast<size_t>(t)].name},
                    {"count", taxonomy_.tags()[static_cast<size_t>(t)].notes.size()}});
  const size_t total = site_.notes.size();
  ctx["graph"] = {{"svg", svg},
                  {"node_count", shown},
                  {"edge_count", edges},
                  {"capped", shown < total},
                  {"shown", shown},
                  {"total", total},
                  {"groups", groups},
                  {"tags", tags},
                  {"json_href", "graph.json"}};
  return ctx;
}

}  // namespace studywiki
