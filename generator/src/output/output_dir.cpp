#include "output/output_dir.h"

#include "core/disk.h"
#include "core/fs.h"

namespace studywiki {

namespace {

stdfs::path resolved(const Disk& disk, const stdfs::path& p) {
  stdfs::path r = disk.resolve(p.native());
  // "a/b/" and "a/b" compare equal below.
  if (!r.empty() && !r.has_filename() && r != r.root_path()) r = r.parent_path();
  return r;
}

/// 'text' (built by appending: GCC 12 warns, -Wrestrict, on "'" + a temporary).
std::string quoted(const std::string& text) {
  std::string out(1, '\'');
  out += text;
  out += '\'';
  return out;
}

/// `inner` is `outer` or lies below it.
bool is_within(const stdfs::path& inner, const stdfs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

std::string output_folder_refusal(const Disk& disk, const stdfs::path& out, const stdfs::path& source,
                                  const stdfs::path& site, const stdfs::path& home) {
  const stdfs::path o = resolved(disk, out);
  const std::string shown = quoted(fs::generic(out));
  if (o == o.root_path()) return "output folder " + shown + " is the root folder; choose another --out";
  if (!home.empty()) {
    const stdfs::path h = resolved(disk, home);
    if (o == h) return "output folder " + shown + " is your home folder; choose another --out";
    if (is_within(h, o)) return "output folder " + shown + " contains your home folder; choose another --out";
  }
  if (!site.empty()) {
    const stdfs::path t = resolved(disk, site);
    if (o == t)
      return "output folder " + shown + " is the site folder; choose another --out (the default is '" +
             fs::generic(site / "public") + "')";
    if (is_within(t, o))
      return "output folder " + shown + " contains the site folder '" + fs::generic(site) +
             "'; choose another --out";
    for (const char* inner : {"static", "templates"})
      if (is_within(o, resolved(disk, site / inner)))
        return "output folder " + shown + " is inside the site's " + inner +
               "/ folder, which every build reads; choose another --out";
  }
  const stdfs::path s = resolved(disk, source);
  if (o == s) return "output folder " + shown + " is the notes folder; choose another --out";
  if (is_within(s, o))
    return "output folder " + shown + " contains the notes folder '" + fs::generic(source) +
           "'; choose another --out";
  return "";
}

bool is_plain_relative_path(std::string_view rel) {
  if (rel.empty() || rel.front() == '/' || rel.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    if (slash == std::string_view::npos) slash = rel.size();
    const std::string_view segment = rel.substr(start, slash - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = slash + 1;
  }
  return true;
}

Manifest Manifest::parse(std::string_view text) {
  Manifest m;
  m.version = 1;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line_no == 1 && line.substr(0, 2) == "# ") {
      m.version = line == kHeader ? kVersion : 0;
      if (m.version == 0) return m;  // a format this version does not know: nothing in it is used
      continue;
    }
    if (is_plain_relative_path(line)) m.paths.emplace_back(line);
    else m.rejected.push_back({line_no, std::string(line)});
  }
  return m;
}

std::string Manifest::format(const std::vector<std::string>& sorted_paths) {
  std::string text = std::string(kHeader) + "\n";
  for (const auto& rel : sorted_paths) text += rel + "\n";
  return text;
}

std::optional<std::string> removal_refusal(const Disk& disk, const stdfs::path& root, const std::string& rel) {
  if (!is_plain_relative_path(rel)) return std::string("is not a plain relative path");
  // Every folder on the way must be a real folder, not a symlink.
  std::string prefix = root.string();
  size_t start = 0;
  for (;;) {
    const size_t slash = rel.find('/', start);
    prefix += "/";
    prefix += rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    const FileInfo st = disk.lstat(prefix);
    if (!st.exists()) return std::nullopt;
    if (st.type == FileInfo::Type::Symlink) return std::string("crosses a symlink");
    if (slash == std::string::npos) {
      if (st.type != FileInfo::Type::File) return std::string("is not a regular file");
      return std::string();
    }
    if (st.type != FileInfo::Type::Folder) return std::nullopt;
    start = slash + 1;
  }
}

void remove_empty_parents(Disk& disk, const stdfs::path& root, const std::string& rel) {
  for (size_t slash = rel.rfind('/'); slash != std::string::npos && slash > 0; slash = rel.rfind('/', slash - 1)) {
    // Removes only an empty folder and never follows a symlink.
    if (!disk.remove_folder((root / stdfs::path(rel.substr(0, slash))).native())) break;
  }
}

}  // namespace studywiki
