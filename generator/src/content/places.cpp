#include "content/places.h"

#include <algorithm>
#include <unordered_map>

#include "content/slug.h"
#include "content/title.h"
#include "output/writer.h"

namespace studywiki {

namespace {

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string join(const std::string& folder, const std::string& name) {
  return folder.empty() ? name : folder + "/" + name;
}

bool is_generated(const std::string& path) {
  return path.rfind("tags/", 0) == 0 || path.rfind("search/", 0) == 0 || path.rfind("assets/", 0) == 0 ||
         is_page_data_path(path);
}

/// Claims output paths in path order: the first source keeps a path, a later
/// one gets "-2", "-3"… and an error naming both.
class OutputPaths {
 public:
  OutputPaths() {
    for (const char* reserved : {"index.html", "404.html", "graph.html", "graph.json", kAllNotesPage, "sitemap.xml", "feed.xml",
                                 ".nojekyll", OutputWriter::kManifest})
      owners_[reserved] = "";
  }
  /// Takes `path` when nobody has it and it is not a generated path.
  bool claim_if_free(const std::string& path, const std::string& display) {
    if (is_generated(path) || owners_.count(path)) return false;
    owners_[path] = display;
    return true;
  }
  std::string claim(const std::string& wanted, const std::string& display, Diagnostics& diagnostics) {
    if (is_generated(wanted) || owners_.count(wanted)) {
      const std::string owner = is_generated(wanted) ? "" : owners_[wanted];
      std::string stem = wanted, ext;
      size_t dot = wanted.rfind('.');
      if (dot != std::string::npos && dot > wanted.rfind('/') + 1) {
        stem = wanted.substr(0, dot);
        ext = wanted.substr(dot);
      }
      std::string chosen;
      for (int n = 2;; ++n) {
        chosen = stem + "-" + std::to_string(n) + ext;
        if (!owners_.count(chosen)) break;
      }
      if (owner.empty())
        diagnostics.error(display, 0, 0,
                          "output path " + wanted + " is a generated page; writing " + chosen + " instead");
      else
        diagnostics.error(display, 0, 0,
                          "output path " + wanted + " is already taken by " + owner + "; writing " + chosen + " instead");
      owners_[chosen] = display;
      return chosen;
    }
    owners_[wanted] = display;
    return wanted;
  }

 private:
  std::unordered_map<std::string, std::string> owners_;
};

}  // namespace

bool is_page_data_path(std::string_view path) {
  for (std::string_view folder : {"previews/", "graphs/", "nav/"}) {
    if (!path.starts_with(folder)) continue;
    std::string_view name = path.substr(folder.size());
    if (!name.ends_with(".js")) return false;
    name.remove_suffix(3);
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return false;
}

Places assign_places(const PerNote<LoadedNote>& notes, const std::vector<SourceFile>& assets,
                     const std::string& display_root, Diagnostics& diagnostics) {
  Places places;
  places.notes.resize(notes.size());
  OutputPaths paths;
  // Which file introduces each folder: index.md, else README.md.
  std::unordered_map<std::string, NoteId> intro;
  for (NoteId id : notes.ids())
    if (lower_ascii(notes[id].stem) == "index") intro[notes[id].folder] = id;
  for (NoteId id : notes.ids())
    if (lower_ascii(notes[id].stem) == "readme" && !intro.count(notes[id].folder)) intro[notes[id].folder] = id;
  auto& folders = places.folders;
  folders[""] = Folder{"", "", "index.html", std::nullopt, {}, {}, 0};
  auto ensure_folder = [&](const std::string& folder) {
    std::string path;
    size_t start = 0;
    while (!folder.empty()) {
      size_t slash = folder.find('/', start);
      path = folder.substr(0, slash);
      if (!folders.count(path)) {
        Folder f;
        f.source = path;
        f.name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
        f.out = slug_folder_path(path) + "/index.html";
        const std::string parent = parent_of(path);
        folders[parent].children.push_back(path);
        folders[path] = std::move(f);
      }
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  };
  for (NoteId id : notes.ids()) {
    const LoadedNote& n = notes[id];
    Place& place = places.notes[id];
    ensure_folder(n.folder);
    auto it = intro.find(n.folder);
    if (it != intro.end() && it->second == id) {
      if (n.folder.empty()) {
        place.role = Place::Role::HomeIntro;
        place.out = "index.html";
        places.home_note = id;
      } else {
        place.role = Place::Role::FolderIndex;
      }
      folders[n.folder].index_note = id;
    }
  }
  // Folder pages claim their paths first (shallow before deep, by path).
  for (auto& [source, folder] : folders) {
    if (source.empty()) continue;
    folder.out = paths.claim(folder.out, display_root + source + "/", diagnostics);
  }
  for (NoteId id : notes.ids()) {
    const LoadedNote& n = notes[id];
    Place& place = places.notes[id];
    if (place.role == Place::Role::FolderIndex) place.out = folders[n.folder].out;
    if (place.role != Place::Role::Page) continue;
    std::string slug = slugify(n.stem);
    if (slug.empty()) slug = "untitled";
    place.out = paths.claim(join(slug_folder_path(n.folder), slug + ".html"), n.display_path, diagnostics);
    folders[n.folder].notes.push_back(id);
  }
  for (NoteId id : notes.ids()) places.note_by_source[notes[id].source] = id;
  // Totals and ordering: notes by title, children by name.
  for (auto& [source, folder] : folders) {
    std::stable_sort(folder.notes.begin(), folder.notes.end(),
                     [&](NoteId a, NoteId b) { return fold_key(notes[a].title) < fold_key(notes[b].title); });
    std::sort(folder.children.begin(), folder.children.end());
    for (std::string p = source;; p = parent_of(p)) {
      folders[p].total_notes += folder.notes.size();
      if (p.empty()) break;
    }
  }
  for (const auto& file : assets) {
    const std::string& rel = file.rel;
    Asset a;
    a.source = rel;
    a.disk = file.disk;
    const std::string parent = parent_of(rel);
    const std::string name = rel.substr(parent.empty() ? 0 : parent.size() + 1);
    a.out = paths.claim(join(slug_folder_path(parent), name), display_root + rel, diagnostics);
    places.asset_by_source[rel] = static_cast<int>(places.assets.size());
    places.assets.push_back(std::move(a));
  }
  // Aliases get a page sending readers on to their note, where the path is free.
  for (NoteId id : notes.ids()) {
    const LoadedNote& n = notes[id];
    if (places.notes[id].role != Place::Role::Page) continue;
    for (const auto& alias : n.front.aliases) {
      const std::string slug = slugify(alias);
      if (slug.empty()) continue;
      const std::string out = join(slug_folder_path(n.folder), slug + ".html");
      if (paths.claim_if_free(out, n.display_path)) places.redirects.emplace_back(out, id);
    }
  }
  return places;
}

}  // namespace studywiki
