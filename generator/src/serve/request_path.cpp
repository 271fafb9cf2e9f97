// Request targets to files under the output folder, refusing anything that
// could name a file outside it (serve/server.cpp checks symlinks on disk).
#include "serve/request_path.h"

#include <system_error>
#include <vector>

namespace studywiki::serve {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Target bad(std::string why) {
  Target t;
  t.kind = Target::Kind::BadRequest;
  t.why = std::move(why);
  return t;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

std::string base_path_of(std::string_view base_url) {
  std::string_view rest = base_url;
  if (const size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest = rest.substr(scheme + 3);
    const size_t slash = rest.find('/');
    rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  }
  if (const size_t q = rest.find_first_of("?#"); q != std::string_view::npos) rest = rest.substr(0, q);
  std::string path(rest);
  if (path.empty() || path[0] != '/') path.insert(path.begin(), '/');
  if (path.back() != '/') path += '/';
  return path;
}

Target resolve_target(std::string_view raw, std::string_view base_path) {
  if (const size_t q = raw.find_first_of("?#"); q != std::string_view::npos) raw = raw.substr(0, q);
  if (raw.empty() || raw[0] != '/') return bad("not a path from the root");
  // Decode, refusing what could change the path's shape once decoded.
  std::string path;
  path.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return bad("a broken %-escape");
      const int hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
      if (hi < 0 || lo < 0) return bad("a broken %-escape");
      c = static_cast<char>(hi * 16 + lo);
      if (c == '/') return bad("an encoded slash");
      i += 2;
    }
    if (c == '\0') return bad("a NUL byte");
    if (c == '\\') return bad("a backslash");
    path += c;
  }
  // Segments: none may be "." or ".."; empty ones (a doubled slash) are refused too.
  std::vector<std::string_view> segments;
  std::string_view p = path;
  p.remove_prefix(1);
  while (!p.empty()) {
    const size_t slash = p.find('/');
    const std::string_view seg = p.substr(0, slash);
    if (seg == "." || seg == "..") return bad("a '.' or '..' segment");
    if (seg.empty()) return bad("an empty segment");
    segments.push_back(seg);
    if (slash == std::string_view::npos) break;
    p.remove_prefix(slash + 1);
  }
  const bool trailing_slash = path.back() == '/';
  Target t;
  if (path == "/" && base_path != "/") {
    t.kind = Target::Kind::Redirect;
    t.location = std::string(base_path);
    return t;
  }
  // The base path without its slash names the folder: redirect to it with the slash.
  if (base_path.size() > 1 && path + "/" == base_path) {
    t.kind = Target::Kind::Redirect;
    t.location = std::string(base_path);
    return t;
  }
  if (path.compare(0, base_path.size(), base_path) != 0) {
    t.kind = Target::Kind::Outside;
    return t;
  }
  t.kind = Target::Kind::File;
  t.rel = path.substr(base_path.size());
  if (trailing_slash && !t.rel.empty()) t.rel.pop_back();
  t.slash = trailing_slash;
  return t;
}

bool inside_folder(const std::filesystem::path& root, const std::filesystem::path& path) {
  std::error_code ec;
  const auto real_root = std::filesystem::canonical(root, ec);
  if (ec) return false;
  const auto real = std::filesystem::canonical(path, ec);
  if (ec) return false;
  auto r = real_root.begin();
  auto p = real.begin();
  for (; r != real_root.end(); ++r, ++p)
    if (p == real.end() || *p != *r) return false;
  return true;
}

std::string content_type_for(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".xml", "application/xml"},
      {".txt", "text/plain; charset=utf-8"},
      {".md", "text/markdown; charset=utf-8"},
      {".pdf", "application/pdf"},
      {".wasm", "application/wasm"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
      {".mp3", "audio/mpeg"},
  };
  std::string lower(name);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (const auto& [ext, type] : kTypes)
    if (ends_with(lower, ext)) return std::string(type);
  return "application/octet-stream";
}

}  // namespace studywiki::serve
