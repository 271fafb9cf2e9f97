#include "links/urls.h"

#include <cstring>

#include <vector>

#include "content/slug.h"
#include "links/paths.h"

namespace studywiki::links {

std::string root_prefix(std::string_view from_out) {
  std::string prefix;
  for (char c : from_out)
    if (c == '/') prefix += "../";
  return prefix;
}

std::string relative_href(std::string_view from_out, std::string_view to_out) {
  // Common folder prefix of the two paths.
  size_t common = 0;
  for (size_t i = 0; i < from_out.size() && i < to_out.size() && from_out[i] == to_out[i]; ++i)
    if (from_out[i] == '/') common = i + 1;
  std::string href = root_prefix(from_out.substr(common));
  std::string_view rest = to_out.substr(common);
  href += href_encode_path(rest);
  if (href.empty()) href = "./";
  return href;
}

bool is_external(std::string_view url) {
  if (url.substr(0, 2) == "//") return true;
  for (size_t i = 0; i < url.size(); ++i) {
    char c = url[i];
    if (c == ':') return i > 0;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return false;
}

std::optional<std::string> join_path(const std::string& base, std::string_view rel) {
  std::vector<std::string> parts;
  auto push_segments = [&](std::string_view path) -> bool {
    size_t start = 0;
    while (start <= path.size()) {
      size_t slash = path.find('/', start);
      std::string_view seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.emplace_back(seg);
      }
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return true;
  };
  if (!rel.empty() && rel.front() == '/') {
    rel.remove_prefix(1);
  } else if (!push_segments(base)) {
    return std::nullopt;
  }
  if (!push_segments(rel)) return std::nullopt;
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string encode_url_suffix(std::string_view fragment) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : fragment) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || std::strchr("\"<>`{}|\\^", c) != nullptr) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string relative_source_link(const std::string& from_folder, const std::string& to_source) {
  std::string from = from_folder.empty() ? "" : from_folder + "/";
  size_t common = 0;
  for (size_t i = 0; i < from.size() && i < to_source.size() && from[i] == to_source[i]; ++i)
    if (from[i] == '/') common = i + 1;
  std::string out;
  for (size_t i = common; i < from.size(); ++i)
    if (from[i] == '/') out += "../";
  for (size_t i = common; i < to_source.size(); ++i) {
    if (to_source[i] == ' ') out += "%20";
    else out += to_source[i];
  }
  return out;
}

std::string rebase_href(std::string_view href, std::string_view from_out, std::string_view to_out) {
  if (href.empty() || is_external(href) || href.front() == '/') return std::string(href);
  if (href.front() == '#') return relative_href(to_out, from_out) + std::string(href);
  const size_t cut = href.find_first_of("?#");
  const std::string_view path = href.substr(0, cut);
  const std::string_view suffix = cut == std::string_view::npos ? std::string_view() : href.substr(cut);
  const auto joined = join_path(parent_of(std::string(from_out)), percent_decode(path));
  if (!joined) return std::string(href);
  std::string out = relative_href(to_out, *joined);
  if (!path.empty() && path.back() == '/' && !joined->empty()) out += '/';
  return out + std::string(suffix);
}

}  // namespace studywiki::links
