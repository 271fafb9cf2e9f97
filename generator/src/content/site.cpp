#include "content/site.h"

#include "content/slug.h"

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

}  // namespace studywiki
