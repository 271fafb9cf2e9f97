#include "content/discovery.h"

#include <algorithm>

#include "core/fs.h"

namespace studywiki {

namespace {

bool match_here(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      p.remove_prefix(2);
      if (!p.empty() && p.front() == '/') {
        // "**/" matches zero or more whole segments.
        std::string_view rest = p.substr(1);
        if (match_here(rest, s)) return true;
        for (size_t i = 0; i < s.size(); ++i)
          if (s[i] == '/' && match_here(rest, s.substr(i + 1))) return true;
        return false;
      }
      for (size_t i = 0; i <= s.size(); ++i)
        if (match_here(p, s.substr(i))) return true;
      return false;
    }
    if (p.front() == '*') {
      p.remove_prefix(1);
      for (size_t i = 0; i <= s.size(); ++i) {
        if (match_here(p, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (p.front() == '?') {
      if (s.front() == '/') return false;
    } else if (p.front() != s.front()) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

bool glob_matches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() && pattern.back() == '/') pattern.remove_suffix(1);
  while (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  if (pattern.empty()) return false;
  if (pattern.front() == '/') pattern.remove_prefix(1);
  const bool anchored = pattern.find('/') != std::string_view::npos;
  // Try the path itself and every ancestor folder of it.
  std::vector<std::string_view> candidates;
  for (size_t i = 0; i <= path.size(); ++i)
    if (i == path.size() || path[i] == '/') candidates.push_back(path.substr(0, i));
  for (auto candidate : candidates) {
    if (anchored) {
      if (match_here(pattern, candidate)) return true;
    } else {
      size_t slash = candidate.rfind('/');
      std::string_view last = slash == std::string_view::npos ? candidate : candidate.substr(slash + 1);
      if (match_here(pattern, last)) return true;
    }
  }
  return false;
}

bool is_note_file(std::string_view name) {
  std::string lower = lower_ascii(name);
  auto ends = [&](std::string_view suffix) {
    return lower.size() > suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".md") || ends(".markdown");
}

SourceFiles discover(const std::filesystem::path& root, const std::vector<std::string>& ignore,
                     const std::filesystem::path& skip) {
  namespace stdfs = std::filesystem;
  SourceFiles found;
  std::error_code ec;
  std::filesystem::path skip_canonical;
  if (!skip.empty()) skip_canonical = stdfs::weakly_canonical(skip, ec);
  stdfs::recursive_directory_iterator it(root, stdfs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    const std::string name = fs::generic(entry.path().filename());
    std::string rel = fs::generic(entry.path().lexically_relative(root));
    bool is_dir = entry.is_directory(ec);
    bool skip_this = name.empty() || name[0] == '.';
    if (!skip_this) {
      for (const auto& pattern : ignore)
        if (glob_matches(pattern, rel)) { skip_this = true; break; }
    }
    if (!skip_this && is_dir && !skip_canonical.empty() &&
        stdfs::weakly_canonical(entry.path(), ec) == skip_canonical)
      skip_this = true;
    if (skip_this) {
      if (is_dir) it.disable_recursion_pending();
      continue;
    }
    if (is_dir || !entry.is_regular_file(ec)) continue;
    (is_note_file(name) ? found.notes : found.assets).push_back(rel);
  }
  std::sort(found.notes.begin(), found.notes.end());
  std::sort(found.assets.begin(), found.assets.end());
  return found;
}

}  // namespace studywiki
