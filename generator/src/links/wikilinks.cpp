#include "links/wikilinks.h"

#include <algorithm>

#include "content/slug.h"
#include "links/paths.h"
#include "links/urls.h"

namespace studywiki::links {

std::string strip_note_extension(const std::string& path) {
  for (const char* ext : {".md", ".markdown"}) {
    const std::string e = ext;
    if (path.size() > e.size() && fold_key(path.substr(path.size() - e.size())) == e)
      return path.substr(0, path.size() - e.size());
  }
  return path;
}

std::string file_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

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

namespace {

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

std::string encode_fragment(const std::string& id) {
  std::string out = "#";
  out += href_encode_path(id);
  return out;
}

std::string extension_of(const std::string& name) {
  const size_t slash = name.rfind('/');
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return fold_key(name.substr(dot + 1));
}

/// "A#B" split at '#', each part trimmed, empty parts dropped.
std::vector<std::string> chain_parts(const std::string& heading) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t hash = heading.find('#', start);
    std::string part = heading.substr(start, hash == std::string::npos ? std::string::npos : hash - start);
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty()) parts.push_back(std::move(part));
    if (hash == std::string::npos) return parts;
    start = hash + 1;
  }
}

std::string join_chain(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "#") + p;
  return out;
}

/// A heading as written in a link, compared like titles: code spans'
/// backticks do not count (`[[#`move`]]` is the heading "move").
std::string heading_key(const std::string& written) {
  std::string s = written;
  s.erase(std::remove(s.begin(), s.end(), '`'), s.end());
  return fold_key(s);
}

}  // namespace

std::string anchor_label(const std::string& heading) {
  std::string out;
  for (const auto& part : chain_parts(heading))
    if (part.front() != '^') out += (out.empty() ? "" : " \xE2\x80\xBA ") + part;
  return out;
}

bool is_known_file_extension(const std::string& name) {
  const std::string ext = extension_of(name);
  if (ext.empty()) return false;
  static const char* const known[] = {
      // images
      "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic",
      // audio and video
      "mp3", "wav", "m4a", "ogg", "flac", "aac", "opus", "3gp", "mp4", "webm", "ogv", "mov", "mkv", "avi",
      // documents, data, archives, Obsidian's own
      "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "epub", "txt", "csv", "tsv",
      "json", "xml", "yaml", "yml", "zip", "rar", "7z", "gz", "tgz", "tar", "canvas", "excalidraw", "base",
      "md", "markdown"};
  for (const char* k : known)
    if (ext == k) return true;
  return false;
}

namespace {

std::vector<std::string> link_names(const PerNote<LoadedNote>& notes) {
  std::vector<std::string> names;
  for (const LoadedNote& n : notes) {
    names.push_back(n.title);
    names.push_back(n.stem);
    for (const auto& alias : n.front.aliases) names.push_back(alias);
  }
  return names;
}

std::vector<std::string> asset_names(const Places& places, bool images_only) {
  std::vector<std::string> names;
  for (const Asset& a : places.assets)
    if (!images_only || is_image_file(a.source)) names.push_back(file_name(a.source));
  return names;
}

}  // namespace

WikiIndex::WikiIndex(const PerNote<LoadedNote>& notes, const Places& places)
    : notes_(notes),
      places_(places),
      suggester_(link_names(notes)),
      image_names_(asset_names(places, true)),
      file_names_(asset_names(places, false)) {
  anchors_.resize(notes.size());
  blocks_.resize(notes.size());
  for (size_t i = 0; i < notes.size(); ++i) {
    const LoadedNote& n = notes[NoteId(i)];
    const int idx = static_cast<int>(i);
    by_path_[fold_key(strip_note_extension(n.source))].push_back(idx);
    by_title_[fold_key(n.title)].push_back(idx);
    by_stem_[fold_key(n.stem)].push_back(idx);
    note_by_name_[fold_key(file_name(n.source))].push_back(idx);
    for (const auto& alias : n.front.aliases) by_alias_[fold_key(alias)].push_back(idx);
    for (const auto& h : n.headings) anchors_[i].push_back({fold_key(h.text), h.id, h.text, h.level});
    for (const auto& b : n.block_ids) blocks_[i].push_back(b);
  }
  for (size_t i = 0; i < places.assets.size(); ++i) {
    asset_by_path_[fold_key(places.assets[i].source)].push_back(static_cast<int>(i));
    asset_by_name_[fold_key(file_name(places.assets[i].source))].push_back(static_cast<int>(i));
  }
  for (const auto& [source, folder] : places.folders) {
    if (source.empty()) continue;
    folder_by_key_[fold_key(source)] = source;
    folder_key_[source] = fold_key(source);
  }
}

int WikiIndex::nearest(const LoadedNote& from, const std::vector<int>& candidates, bool assets) const {
  int best = candidates.front();
  size_t best_depth = 0;
  bool first = true;
  for (int c : candidates) {
    const std::string& source = assets ? places_.assets[static_cast<size_t>(c)].source
                                       : note_at(c).source;
    size_t depth = shared_depth(from.folder, parent_of(source));
    if (first || depth > best_depth) {
      best = c;
      best_depth = depth;
      first = false;
    }
  }
  return best;
}

std::vector<int> WikiIndex::find_notes(const LoadedNote& from, const std::string& target, std::string* rule) const {
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

std::vector<int> WikiIndex::find_assets(const LoadedNote& from, const std::string& target) const {
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
  return find_anchor(note, heading).reached;
}

WikiIndex::AnchorMatch WikiIndex::find_anchor(int note, const std::string& heading) const {
  AnchorMatch m;
  const auto& anchors = anchors_[static_cast<size_t>(note)];
  std::string written = heading;
  written.erase(0, written.find_first_not_of(" \t"));
  written.erase(written.find_last_not_of(" \t") + 1);

  // A block: #^id (compared exactly, then without case).
  if (!written.empty() && written.front() == '^') {
    const std::string id = written.substr(1);
    const auto& blocks = blocks_[static_cast<size_t>(note)];
    auto it = std::find(blocks.begin(), blocks.end(), id);
    if (it == blocks.end())
      it = std::find_if(blocks.begin(), blocks.end(), [&](const std::string& b) { return fold_key(b) == fold_key(id); });
    if (it != blocks.end()) {
      m.reached = "^" + *it;
      m.id = *it;
      return m;
    }
    m.missing = "block '" + written + "'";
    if (auto near = Suggester(blocks).suggest(id)) {
      m.near = "^" + *near;
      m.near_id = *near;
    }
    return m;
  }

  // Headings in [lo, hi) deeper than `level` matching `part`: by text, then by id or slug.
  auto match = [&](const std::string& part, size_t lo, size_t hi, int level) -> size_t {
    const std::string key = heading_key(part);
    for (size_t i = lo; i < hi; ++i)
      if (anchors[i].level > level && anchors[i].key == key) return i;
    const std::string slug = markdown::heading_slug(part);
    for (size_t i = lo; i < hi; ++i)
      if (anchors[i].level > level && (anchors[i].id == part || anchors[i].id == slug)) return i;
    return anchors.size();
  };
  auto found = [&](size_t i) {
    m.reached = anchors[i].id;
    m.id = anchors[i].id;
  };
  // The whole text first: a heading may hold a '#' ("C# 入门").
  if (size_t i = match(written, 0, anchors.size(), 0); i < anchors.size()) {
    found(i);
    return m;
  }
  std::vector<std::string> parts = chain_parts(written);
  if (parts.size() <= 1) {
    m.missing = "heading '" + written + "'";
    std::vector<std::string> texts;
    for (const auto& a : anchors) texts.push_back(a.text);
    if (auto near = Suggester(std::move(texts)).suggest(written)) {
      m.near = *near;
      if (const size_t i = match(*near, 0, anchors.size(), 0); i < anchors.size()) m.near_id = anchors[i].id;
    }
    return m;
  }
  // A chain: each heading inside the section of the one before it.
  size_t lo = 0, hi = anchors.size();
  int level = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    const size_t i = match(parts[k], lo, hi, level);
    if (i == anchors.size() || i >= hi) {
      m.missing = "heading '" + parts[k] + "'" + (k > 0 ? " under '" + parts[k - 1] + "'" : "");
      std::vector<std::string> texts;
      for (size_t j = lo; j < hi; ++j)
        if (anchors[j].level > level) texts.push_back(anchors[j].text);
      if (auto near = Suggester(std::move(texts)).suggest(parts[k])) {
        const size_t n = match(*near, lo, hi, level);
        parts[k] = *near;
        m.near = join_chain(parts);
        if (n < anchors.size()) m.near_id = anchors[n].id;
      }
      return m;
    }
    lo = i + 1;
    level = anchors[i].level;
    hi = lo;
    while (hi < anchors.size() && anchors[hi].level > level) ++hi;
    if (k + 1 == parts.size()) found(i);
  }
  return m;
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

markdown::WikiResolution WikiIndex::resolve(NoteId from_id, const markdown::WikiLink& link,
                                            Diagnostics& diagnostics, Target* target_out) const {
  const LoadedNote& from = notes_[from_id];
  const std::string& from_out = places_.notes[from_id].out;
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
      const Folder& f = *places_.folder(it->second);
      reached.folder = f.source;
      reached.is_folder = true;
      result.kind = Kind::Page;
      result.href = relative_href(from_out, f.out);
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
    note = static_cast<int>(from_id.index());
  } else {
    // A file next to the notes: ![[bst.svg]], [[paper.pdf]]. A name that no
    // file has may still be a note's: [[Node.js]], [[v1.2]].
    const bool file_like =
        (has_file_extension(target) || is_known_file_extension(target)) && strip_note_extension(target) == target;
    if (file_like) {
      if (auto found = find_assets(from, target); !found.empty()) {
        const Asset& a = places_.assets[static_cast<size_t>(nearest(from, found, true))];
        result.kind = link.embed && is_image_file(a.source) ? Kind::Image : Kind::Page;
        result.href = relative_href(from_out, a.out);
        result.title = file_name(a.source);
        return result;
      }
    }
    auto found = find_notes(from, target, &rule);
    if (found.empty() && file_like && is_known_file_extension(target)) {
      std::string message =
          "broken " + std::string(link.embed ? "embed " : "link ") + link.raw + ": no such file in the site";
      const Suggester& names = is_image_file(target) ? image_names_ : file_names_;
      if (auto near = names.suggest(file_name(target)))
        message += "; did you mean " + std::string(link.embed ? "![[" : "[[") + *near + "]]?";
      warn(message);
      return result;
    }
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
      for (int c : found) names += (names.empty() ? "" : ", ") + note_at(c).display_path;
      warn("ambiguous link " + link.raw + ": " + std::to_string(found.size()) + " notes match by " + rule + " (" +
           names + "); using " + note_at(note).display_path);
    }
  }
  if (note < 0) return result;
  const LoadedNote& to = note_at(note);
  const std::string& to_out = out_of(note);
  reached.note = NoteId(static_cast<size_t>(note));
  result.kind = Kind::Page;
  // A link by alias reads as the alias, as written.
  result.title = rule == "alias" ? target : to.title;
  result.href = target.empty() ? "" : relative_href(from_out, to_out);
  if (!link.heading.empty()) {
    // Headings compare like titles; a heading written as its slug works too.
    const AnchorMatch anchor = find_anchor(note, link.heading);
    if (anchor.reached.empty()) {
      std::string message = "broken anchor " + link.raw + ": no " + anchor.missing + " in " + to.display_path;
      if (!anchor.near.empty())
        message += "; did you mean " + std::string(link.embed ? "![[" : "[[") + link.target + "#" + anchor.near + "]]?";
      warn(message);
      const std::vector<std::string> parts = chain_parts(link.heading);
      const std::string last = parts.empty() ? link.heading : parts.back();
      result.href += encode_fragment(last.front() == '^' ? last.substr(1) : markdown::heading_slug(last));
    } else {
      reached.heading = anchor.reached;
      result.href += encode_fragment(anchor.id);
    }
  }
  if (result.href.empty()) result.href = relative_href(from_out, to_out);
  return result;
}

}  // namespace studywiki::links
