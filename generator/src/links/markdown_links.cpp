// Markdown links and images (`[t](Other note.md#Heading)`, `![](bases.png)`)
// resolved as Obsidian resolves them. See WikiIndex::resolve_url.
#include <algorithm>

#include "content/slug.h"
#include "links/paths.h"
#include "links/urls.h"
#include "links/wikilinks.h"

namespace studywiki::links {

namespace {

/// Folder segments of a path, folded, from the last one back.
std::vector<std::string> folders_from_end(const std::string& path) {
  std::vector<std::string> out;
  std::string folder = parent_of(path);
  while (!folder.empty()) {
    out.push_back(fold_key(file_name(folder)));
    folder = parent_of(folder);
  }
  return out;
}

/// How many folders, counted from the end, `a` and `b` share.
size_t trailing_folders(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

/// The path as written without leading "./" and "../" (and '/'): what must end
/// a file's path for a match by name.
std::string written_tail(const std::string& decoded) {
  std::string_view s = decoded;
  while (true) {
    if (s.substr(0, 2) == "./") s.remove_prefix(2);
    else if (s.substr(0, 3) == "../") s.remove_prefix(3);
    else if (!s.empty() && s.front() == '/') s.remove_prefix(1);
    else break;
  }
  return std::string(s);
}

/// Whether `path` is `tail` or ends with "/" + tail (both folded).
bool ends_with_path(const std::string& path, const std::string& tail) {
  if (path.size() < tail.size()) return false;
  if (path.compare(path.size() - tail.size(), tail.size(), tail) != 0) return false;
  return path.size() == tail.size() || path[path.size() - tail.size() - 1] == '/';
}

/// The one exactly as written among candidates that differ only in case, else the first.
template <class Source>
int prefer_exact(const std::vector<int>& found, const std::string& path, Source&& source) {
  for (int i : found)
    if (source(i) == path) return i;
  return found.front();
}

}  // namespace

WikiIndex::PathMatch WikiIndex::find_path(const LoadedNote& from, const std::string& decoded) const {
  PathMatch m;
  const bool wants_folder = !decoded.empty() && decoded.back() == '/';
  auto note_source = [&](int i) { return note_at(i).source; };
  auto asset_source = [&](int i) { return places_.assets[static_cast<size_t>(i)].source; };
  // One full path: a file, a note (with or without its extension), a folder; case ignored.
  auto exact = [&](const std::string& path) {
    if (!wants_folder) {
      if (auto it = asset_by_path_.find(fold_key(path)); it != asset_by_path_.end()) {
        m.asset = prefer_exact(it->second, path, asset_source);
        return true;
      }
      if (auto it = by_path_.find(fold_key(strip_note_extension(path))); it != by_path_.end()) {
        m.note = prefer_exact(it->second, path, note_source);
        return true;
      }
    }
    std::string folder = path;
    while (!folder.empty() && folder.back() == '/') folder.pop_back();
    if (auto it = folder_by_key_.find(fold_key(folder)); it != folder_by_key_.end() || folder.empty()) {
      m.is_folder = true;
      m.folder = folder.empty() ? "" : it->second;
      return true;
    }
    return false;
  };
  // 1. Relative to the note, 2. from the top.
  if (auto rel = join_path(from.folder, decoded); rel && exact(*rel)) return m;
  if (auto top = join_path("", decoded); top && exact(*top)) return m;
  if (wants_folder) return m;
  // 3. By name anywhere: every file whose path ends with the path as written.
  const std::string tail = written_tail(decoded);
  if (tail.empty()) return m;
  const std::string tail_key = fold_key(tail);
  const std::string name_key = fold_key(file_name(tail));
  std::vector<int> assets, notes;
  if (auto it = asset_by_name_.find(name_key); it != asset_by_name_.end())
    for (int a : it->second)
      if (ends_with_path(fold_key(asset_source(a)), tail_key)) assets.push_back(a);
  if (assets.empty()) {
    const std::string note_tail = fold_key(strip_note_extension(tail));
    const bool has_note_ext = strip_note_extension(tail) != tail;
    const auto& names = has_note_ext ? note_by_name_ : by_stem_;
    const std::string key = has_note_ext ? name_key : fold_key(file_name(tail));
    if (auto it = names.find(key); it != names.end())
      for (int n : it->second)
        if (ends_with_path(fold_key(strip_note_extension(note_source(n))), note_tail)) notes.push_back(n);
  }
  if (!assets.empty()) {
    m.asset = nearest(from, assets, true);
    if (assets.size() > 1) m.ambiguous_assets = std::move(assets);
  } else if (!notes.empty()) {
    m.note = nearest(from, notes, false);
    if (notes.size() > 1) m.ambiguous_notes = std::move(notes);
  }
  return m;
}

std::string WikiIndex::suggest_path(const LoadedNote& from, const std::string& written, bool image) const {
  const std::string tail = written_tail(written);
  const std::string name = file_name(tail);
  if (name.empty()) return "";
  const bool note_like = !image && (strip_note_extension(name) != name || !is_known_file_extension(name));
  const std::vector<std::string> folders = folders_from_end(tail);
  auto source_of = [&](int i) -> const std::string& {
    return note_like ? note_at(i).source : places_.assets[static_cast<size_t>(i)].source;
  };
  // Among the files of one name, the one sharing most of the folders written,
  // then the nearest; none when several share none.
  auto pick = [&](std::vector<int> candidates) -> std::string {
    if (!note_like && image)
      candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                      [&](int i) { return !is_image_file(source_of(i)); }),
                       candidates.end());
    if (candidates.empty()) return "";
    size_t best = 0;
    for (int c : candidates) best = std::max(best, trailing_folders(folders, folders_from_end(source_of(c))));
    std::vector<int> top;
    for (int c : candidates)
      if (trailing_folders(folders, folders_from_end(source_of(c))) == best) top.push_back(c);
    if (best == 0 && top.size() > 1) return "";
    const int chosen = nearest(from, top, !note_like);
    return relative_source_link(from.folder, source_of(chosen));
  };
  auto lookup = [](const auto& map, const std::string& key) {
    auto it = map.find(key);
    return it == map.end() ? std::vector<int>{} : it->second;
  };
  if (note_like) {
    const std::string stem = file_name(strip_note_extension(tail));
    if (auto same = lookup(by_stem_, fold_key(stem)); !same.empty()) return pick(same);
    int near = -1;
    if (suggest(stem, &near).empty() || near < 0) return "";
    return pick(lookup(by_stem_, fold_key(note_at(near).stem)));
  }
  if (auto same = lookup(asset_by_name_, fold_key(name)); !same.empty()) {
    const std::string found = pick(same);
    if (!found.empty() || !image) return found;
  }
  const auto near = (image ? image_names_ : file_names_).suggest(name);
  return near ? pick(lookup(asset_by_name_, fold_key(*near))) : "";
}

std::optional<std::string> WikiIndex::resolve_url(NoteId from_id, const std::string& url, bool is_image, int line,
                                                  int col, Diagnostics& diagnostics, Target* target) const {
  const LoadedNote& from = notes_[from_id];
  const std::string& from_out = places_.notes[from_id].out;
  Target ignored;
  Target& reached = target ? *target : ignored;
  reached = Target{};
  if (url.empty() || is_external(url)) return std::nullopt;
  auto warn = [&](const std::string& message) { diagnostics.warning(from.display_path, line, col, message); };
  const std::string what = is_image ? "image" : "link";
  const std::string shown = "'" + url + "'";

  // The fragment of a note: checked like a wikilink's heading, pointed at the element's id.
  auto check_anchor = [&](int note, const std::string& fragment, const std::string& before_hash) -> std::string {
    const AnchorMatch a = find_anchor(note, fragment);
    if (!a.reached.empty()) {
      reached.heading = a.reached;
      return std::string(1, '#').append(href_encode_path(a.id));
    }
    std::string message = "broken anchor " + shown + ": no " + a.missing + " in " +
                          note_at(note).display_path;
    if (!a.near.empty())
      message += "; did you mean '" + before_hash + "#" +
                 (a.near.front() == '^' ? a.near : a.near_id.empty() ? a.near : a.near_id) + "'?";
    warn(message);
    return "";
  };

  if (url.front() == '#') {
    const std::string fragment = percent_decode(std::string_view(url).substr(1));
    if (is_image || fragment.empty()) return std::nullopt;
    if (fold_key(fragment) == "top") return std::nullopt;  // the top of the page, as browsers read it
    const std::string href = check_anchor(static_cast<int>(from_id.index()), fragment, "");
    reached.heading.clear();  // a link within the page is no link to another page
    if (href.empty() || href == url) return std::nullopt;
    return href;
  }

  const size_t cut = url.find_first_of("?#");
  const std::string path = url.substr(0, cut);
  const std::string query = cut == std::string::npos ? "" : url.substr(cut, url.find('#', cut) - cut);
  const size_t hash = url.find('#');
  const std::string fragment = hash == std::string::npos ? "" : url.substr(hash + 1);
  if (path.empty()) return std::nullopt;
  const std::string decoded = percent_decode(path);
  const PathMatch m = find_path(from, decoded);

  const std::string root = from.display_path.substr(0, from.display_path.size() - from.source.size());
  auto ambiguous = [&](const std::vector<int>& candidates, bool assets, int chosen) {
    std::string names;
    for (int c : candidates)
      names += (names.empty() ? "" : ", ") + (assets ? root + places_.assets[static_cast<size_t>(c)].source
                                                     : note_at(c).display_path);
    const std::string using_ =
        assets ? root + places_.assets[static_cast<size_t>(chosen)].source : note_at(chosen).display_path;
    warn("ambiguous " + what + " " + shown + ": " + std::to_string(candidates.size()) + (assets ? " files" : " notes") +
         " match by file name (" + names + "); using " + using_);
  };

  if (m.asset >= 0) {
    if (!m.ambiguous_assets.empty()) ambiguous(m.ambiguous_assets, true, m.asset);
    // A file's fragment (`bases.png#interface`, `paper.pdf#page=3`) is kept as written.
    return relative_href(from_out, places_.assets[static_cast<size_t>(m.asset)].out) +
           encode_url_suffix(cut == std::string::npos ? "" : url.substr(cut));
  }
  if (m.note >= 0) {
    if (!m.ambiguous_notes.empty()) ambiguous(m.ambiguous_notes, false, m.note);
    reached.note = NoteId(static_cast<size_t>(m.note));
    std::string href = relative_href(from_out, out_of(m.note)) + encode_url_suffix(query);
    if (hash == std::string::npos) return href;
    const std::string decoded_fragment = percent_decode(fragment);
    std::string anchor = is_image || decoded_fragment.empty() ? "" : check_anchor(m.note, decoded_fragment, path);
    return href + (anchor.empty() ? encode_url_suffix(url.substr(hash)) : anchor);
  }
  if (m.is_folder) {
    reached.folder = m.folder;
    reached.is_folder = true;
    const Folder* f = places_.folder(m.folder);
    return relative_href(from_out, f->out) + encode_url_suffix(cut == std::string::npos ? "" : url.substr(cut));
  }
  if (!join_path(from.folder, decoded) && !join_path("", decoded)) {
    warn(what + " " + shown + " points outside the site");
    return std::string();
  }
  std::string message = "broken " + what + " " + shown + ": no such file in the site";
  if (const std::string near = suggest_path(from, decoded, is_image || is_image_file(decoded)); !near.empty())
    message += "; did you mean '" + near + "'?";
  warn(message);
  return std::string();
}

}  // namespace studywiki::links
