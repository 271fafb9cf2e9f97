#include "content/site.h"

#include "content/slug.h"

#include <algorithm>

namespace studywiki {

std::string parent_of(const std::string& rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

std::string slug_folder_path(const std::string& folder) {
  std::string out;
  size_t start = 0;
  while (start <= folder.size() && !folder.empty()) {
    size_t slash = folder.find('/', start);
    std::string segment = folder.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    std::string slug = slugify(segment);
    if (slug.empty()) slug = "folder";
    if (!out.empty()) out += '/';
    out += slug;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

std::vector<NoteId> pages_newest_first(const Site& site) {
  std::vector<NoteId> pages;
  for (NoteId id : site.notes.ids())
    if (site.role(id) == Place::Role::Page) pages.push_back(id);
  std::stable_sort(pages.begin(), pages.end(), [&](NoteId a, NoteId b) {
    const std::string& x = site.dates[a].sort_date;
    const std::string& y = site.dates[b].sort_date;
    if (x != y) return x > y;
    return site.notes[a].source < site.notes[b].source;
  });
  return pages;
}

}  // namespace studywiki
