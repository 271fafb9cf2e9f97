#include "links/wikilinks.h"

#include <algorithm>

#include "content/slug.h"
#include "links/urls.h"

namespace studywiki::links {

namespace {

std::string strip_note_extension(const std::string& path) {
  for (const char* ext : {".md", ".markdown"}) {
    const std::string e = ext;
    if (path.size() > e.size() && fold_key(path.substr(path.size() - e.size())) == e)
      return path.substr(0, path.size() - e.size());
  }
  return path;
}

bool has_file_extension(const std::string& target) {
  size_t slash = target.rfind('/');
  size_t dot = target.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return false;
  const std::string ext = target.substr(dot + 1);
  if (ext.empty() || ext.size() > 5) return false;
  return std::all_of(ext.begin(), ext.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

std::string file_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// Folders shared by two paths' parents, counted in segments.
size_t shared_depth(const std::string& a, const std::string& b) {
  size_t depth = 0, i = 0;
  while (true) {
    size_t ea = a.find('/', i), eb = b.find('/', i);
    std::string sa = a.substr(i, ea == std::string::npos ? std::string::npos : ea - i);
    std::string sb = b.substr(i, eb == std::string::npos ? std::string::npos : eb - i);
    if (a.empty() || b.empty() || sa != sb) return depth;
    ++depth;
    if (ea == std::string::npos || eb == std::string::npos) return depth;
    i = ea + 1;
  }
}

bool is_image_file(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string ext = fold_key(path.substr(dot + 1));
  for (const char* e : {"png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico"})
    if (ext == e) return true;
  return false;
}

std::string encode_fragment(const std::string& id) {
  std::string out = "#";
  out += percent_encode_path(id);
  return out;
}

}  // namespace

namespace {

std::vector<std::string> link_names(const Site& site) {
  std::vector<std::string> names;
  for (const Note& n : site.notes) {
    if (!n.ok) continue;
    names.push_back(n.title);
    names.push_back(n.stem);
    for (const auto& alias : n.front.aliases) names.push_back(alias);
  }
  return names;
}

}  // namespace

WikiIndex::WikiIndex(const Site& site) : site_(site), suggester_(link_names(site)) {
  anchors_.resize(site.notes.size());
  for (size_t i = 0; i < site.notes.size(); ++i) {
    const Note& n = site.notes[i];
    if (!n.ok) continue;
    const int idx = static_cast<int>(i);
    by_path_[fold_key(strip_note_extension(n.source))].push_back(idx);
    by_title_[fold_key(n.title)].push_back(idx);
    by_stem_[fold_key(n.stem)].push_back(idx);
    for (const auto& alias : n.front.aliases) by_alias_[fold_key(alias)].push_back(idx);
    for (const auto& h : n.doc->headings()) anchors_[i].push_back({fold_key(h.text), h.id, h.text});
  }
  for (size_t i = 0; i < site.assets.size(); ++i) {
    asset_by_path_[fold_key(site.assets[i].source)].push_back(static_cast<int>(i));
    asset_by_name_[fold_key(file_name(site.assets[i].source))].push_back(static_cast<int>(i));
  }
  for (const auto& [source, folder] : site.folders) {
    if (source.empty()) continue;
    folder_by_key_[fold_key(source)] = source;
    folder_key_[source] = fold_key(source);
  }
}

int WikiIndex::nearest(const Note& from, const std::vector<int>& candidates, bool assets) const {
  int best = candidates.front();
  size_t best_depth = 0;
  bool first = true;
  for (int c : candidates) {
    const std::string& source = assets ? site_.assets[static_cast<size_t>(c)].source
                                       : site_.notes[static_cast<size_t>(c)].source;
    size_t depth = shared_depth(from.folder, parent_of(source));
    if (first || depth > best_depth) {
      best = c;
      best_depth = depth;
      first = false;
    }
  }
  return best;
}

std::vector<int> WikiIndex::find_notes(const Note& from, const std::string& target, std::string* rule) const {
  const std::string path_key = fold_key(strip_note_extension(target));
  const std::string target_key = fold_key(target);
  auto lookup = [](const auto& map, const std::string& key) -> const std::vector<int>* {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  };
  const std::vector<int>* found = nullptr;
  if (!from.folder.empty()) {
    auto folder = folder_key_.find(from.folder);
    std::string key;
    if (folder != folder_key_.end()) {
      key.reserve(folder->second.size() + 1 + path_key.size());
      key.append(folder->second).append(1, '/').append(path_key);
    }
    if (!key.empty() && (found = lookup(by_path_, key))) {
      *rule = "path";
      return *found;
    }
  }
  if ((found = lookup(by_path_, path_key))) *rule = "path";
  else if ((found = lookup(by_title_, target_key))) *rule = "title";
  else if ((found = lookup(by_stem_, path_key))) *rule = "file name";
  else if ((found = lookup(by_alias_, target_key))) *rule = "alias";
  return found ? *found : std::vector<int>{};
}

std::vector<int> WikiIndex::find_assets(const Note& from, const std::string& target) const {
  auto lookup = [](const auto& map, const std::string& key) -> std::vector<int> {
    auto it = map.find(key);
    return it == map.end() ? std::vector<int>{} : it->second;
  };
  if (!from.folder.empty())
    if (auto found = lookup(asset_by_path_, fold_key(from.folder + "/" + target)); !found.empty()) return found;
  if (auto found = lookup(asset_by_path_, fold_key(target)); !found.empty()) return found;
  return lookup(asset_by_name_, fold_key(file_name(target)));
}

std::string WikiIndex::anchor_id(int note, const std::string& heading) const {
  if (note < 0 || static_cast<size_t>(note) >= anchors_.size()) return "";
  const auto& anchors = anchors_[static_cast<size_t>(note)];
  for (const auto& a : anchors)
    if (a.id == heading) return a.id;
  const std::string key = fold_key(heading);
  for (const auto& a : anchors)
    if (a.key == key) return a.id;
  const std::string slug = markdown::heading_slug(heading);
  for (const auto& a : anchors)
    if (a.id == slug) return a.id;
  return "";
}

std::string WikiIndex::suggest(const std::string& target, int* note) const {
  if (note) *note = -1;
  auto name = suggester_.suggest(target);
  if (!name) return "";
  if (note) {
    const std::string key = fold_key(*name);
    for (const auto* map : {&by_title_, &by_stem_, &by_alias_})
      if (auto it = map->find(key); it != map->end()) {
        *note = it->second.front();
        break;
      }
  }
  return *name;
}

std::string WikiIndex::suggest_heading(int note, const std::string& heading) const {
  if (note < 0 || static_cast<size_t>(note) >= anchors_.size() || anchors_[static_cast<size_t>(note)].empty())
    return "";
  std::vector<std::string> texts;
  for (const auto& a : anchors_[static_cast<size_t>(note)]) texts.push_back(a.text);
  return Suggester(std::move(texts)).suggest(heading).value_or("");
}

markdown::WikiResolution WikiIndex::resolve(const Note& from, const markdown::WikiLink& link,
                                            Diagnostics& diagnostics, Target* target_out) const {
  using Kind = markdown::WikiResolution::Kind;
  Target ignored;
  Target& reached = target_out ? *target_out : ignored;
  reached = Target{};
  markdown::WikiResolution result;
  const int line = link.line + from.body_line - 1;
  auto warn = [&](const std::string& message) { diagnostics.warning(from.display_path, line, link.col, message); };
  std::string target = link.target;
  while (!target.empty() && target.front() == '/') target.erase(0, 1);

  // A folder: [[网络/]].
  if (!target.empty() && target.back() == '/') {
    std::string key = fold_key(target.substr(0, target.size() - 1));
    if (auto it = folder_by_key_.find(key); it != folder_by_key_.end()) {
      const Folder& f = *site_.folder(it->second);
      reached.folder = f.source;
      reached.is_folder = true;
      result.kind = Kind::Page;
      result.href = relative_href(from.out, f.out);
      result.title = f.name;
      return result;
    }
    warn("broken link " + link.raw + ": no such folder");
    return result;
  }

  // Same note: [[#Heading]].
  int note = -1;
  std::string rule;
  if (target.empty()) {
    auto it = site_.note_by_source.find(from.source);
    if (it != site_.note_by_source.end()) note = it->second;
  } else if (has_file_extension(target) && strip_note_extension(target) == target) {
    // A file next to the notes: ![[bst.svg]], [[paper.pdf]].
    auto found = find_assets(from, target);
    if (found.empty()) {
      warn("broken " + std::string(link.embed ? "embed " : "link ") + link.raw + ": no such file in the site");
      return result;
    }
    const Asset& a = site_.assets[static_cast<size_t>(nearest(from, found, true))];
    result.kind = link.embed && is_image_file(a.source) ? Kind::Image : Kind::Page;
    result.href = relative_href(from.out, a.out);
    result.title = file_name(a.source);
    return result;
  } else {
    auto found = find_notes(from, target, &rule);
    if (found.empty()) {
      std::string message = "broken " + std::string(link.embed ? "embed " : "link ") + link.raw;
      if (const std::string near = suggest(target); !near.empty())
        message += "; did you mean " + std::string(link.embed ? "![[" : "[[") + near +
                   (link.heading.empty() ? "" : "#" + link.heading) + "]]?";
      warn(message);
      return result;
    }
    note = nearest(from, found, false);
    if (found.size() > 1) {
      std::string names;
      for (int c : found) names += (names.empty() ? "" : ", ") + site_.notes[static_cast<size_t>(c)].display_path;
      warn("ambiguous link " + link.raw + ": " + std::to_string(found.size()) + " notes match by " + rule + " (" +
           names + "); using " + site_.notes[static_cast<size_t>(note)].display_path);
    }
  }
  if (note < 0) return result;
  const Note& to = site_.notes[static_cast<size_t>(note)];
  reached.note = note;
  result.kind = Kind::Page;
  // A link by alias reads as the alias, as written.
  result.title = rule == "alias" ? target : to.title;
  result.href = target.empty() ? "" : relative_href(from.out, to.out);
  if (!link.heading.empty()) {
    // Headings compare like titles; a heading written as its slug works too.
    const std::string key = fold_key(link.heading);
    const std::string slug = markdown::heading_slug(link.heading);
    const auto& anchors = anchors_[static_cast<size_t>(note)];
    auto it = std::find_if(anchors.begin(), anchors.end(), [&](const Anchor& a) { return a.key == key; });
    if (it == anchors.end())
      it = std::find_if(anchors.begin(), anchors.end(), [&](const Anchor& a) { return a.id == slug; });
    if (it == anchors.end()) {
      std::string message = "broken anchor " + link.raw + ": no heading '" + link.heading + "' in " + to.display_path;
      if (const std::string near = suggest_heading(note, link.heading); !near.empty())
        message += "; did you mean " + std::string(link.embed ? "![[" : "[[") + link.target + "#" + near + "]]?";
      warn(message);
      result.href += encode_fragment(slug);
    } else {
      reached.heading = it->id;
      result.href += encode_fragment(it->id);
    }
  }
  if (result.href.empty()) result.href = relative_href(from.out, to.out);
  return result;
}

}  // namespace studywiki::links
