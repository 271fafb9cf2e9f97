#include "content/discovery.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "core/disk.h"
#include "core/names.h"
#include "core/parallel.h"

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

namespace {

/// One walk over a folder tree through a Disk (nothing throws), with the
/// symlink rules of discover() and the name repair of core/names.h.
class Walker {
 public:
  Walker(const Disk& disk, const std::filesystem::path& root, const std::vector<std::string>* ignore,
         const std::string& skip_canonical, std::vector<WalkProblem>* problems)
      : disk_(disk), root_(root.native()), ignore_(ignore), skip_(skip_canonical), problems_(problems) {}

  /// Folders skipped by their exact logical path (and everything below them).
  std::vector<std::string> excluded_folders;

  std::vector<SourceFile> run() {
    if (root_.empty()) return {};
    const FileInfo st = disk_.stat(root_);
    if (st.type != FileInfo::Type::Folder) return {};
    const std::string canonical = disk_.real_path(root_, nullptr);
    if (canonical.empty()) return {};
    root_canonical_ = canonical;
    // An output folder around the source (`-o .`) cannot be skipped without
    // skipping everything; only one inside the source is.
    if (is_within(root_canonical_, skip_)) skip_.clear();
    ancestors_.push_back({st.device, st.inode});
    // The root here; its folders on both cores (each walked whole by one
    // thread), their files and problems gathered, and sorted below.
    top_level_ = true;
    walk(std::string(), std::string(), canonical);
    top_level_ = false;
    std::vector<std::vector<SourceFile>> files(pending_.size());
    std::vector<std::vector<WalkProblem>> problems(pending_.size());
    parallel_for(pending_.size(), default_jobs(), [&](size_t i, unsigned) {
      const Pending& p = pending_[i];
      Walker sub(disk_, std::filesystem::path(root_), ignore_, skip_, problems_ ? &problems[i] : nullptr);
      sub.excluded_folders = excluded_folders;
      sub.root_canonical_ = root_canonical_;
      sub.ancestors_ = ancestors_;
      sub.ancestors_.push_back(p.id);
      sub.walk(p.disk, p.rel, p.canonical);
      files[i] = std::move(sub.files_);
    });
    for (size_t i = 0; i < pending_.size(); ++i) {
      files_.insert(files_.end(), std::make_move_iterator(files[i].begin()), std::make_move_iterator(files[i].end()));
      if (problems_) problems_->insert(problems_->end(), problems[i].begin(), problems[i].end());
    }
    pending_.clear();
    ancestors_.pop_back();
    std::sort(files_.begin(), files_.end(), [](const SourceFile& a, const SourceFile& b) {
      return a.rel != b.rel ? a.rel < b.rel : a.disk < b.disk;
    });
    return std::move(files_);
  }

 private:
  struct Entry {
    std::string disk;     ///< name bytes on disk
    std::string logical;  ///< repaired, unique within the folder
    std::string note;     ///< what was done to the name, for the warning; empty when nothing
    FileInfo lstat;       ///< as listed
  };

  static bool is_within(const std::string& path, const std::string& folder) {
    if (folder.empty()) return false;
    if (path == folder) return true;
    if (folder == "/") return true;
    return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/';
  }

  static std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "/" + b; }

  void problem(std::string rel, std::string message) {
    if (problems_) problems_->push_back({std::move(rel), std::move(message)});
  }

  /// "a-2.md" for "a.md" (files), "a-2" for "a" (folders).
  static std::string numbered(const std::string& name, bool folder, int n) {
    const size_t dot = name.rfind('.');
    std::string suffix(1, '-');  // appended, not "-" + …: GCC 12 warns (-Wrestrict) on that
    suffix += std::to_string(n);
    if (folder || dot == std::string::npos || dot == 0) return name + suffix;
    return name.substr(0, dot) + suffix + name.substr(dot);
  }

  /// The entries of one folder, hidden names left out, sorted by disk bytes,
  /// each with a valid UTF-8 name no other entry of the folder has.
  std::vector<Entry> list(const std::string& path, const std::string& rel, bool* ok) {
    std::vector<Entry> entries;
    *ok = false;
    std::vector<std::pair<std::string, FileInfo>> listed;
    int error = 0;
    if (!disk_.list_folder_lstat(path, listed, &error)) {  // hidden names left out
      problem(rel, std::string("cannot read folder (") + std::strerror(error) + "); skipped");
      return entries;
    }
    *ok = true;
    for (auto& [name, info] : listed) entries.push_back({std::move(name), std::string(), std::string(), info});
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.disk < b.disk; });
    // Names that were valid UTF-8 keep them; repaired ones come after, in
    // disk byte order, numbered when their repaired name is taken.
    std::set<std::string> taken;
    std::vector<std::pair<Entry*, NameRepair>> repaired;
    for (auto& e : entries) {
      NameRepair how = NameRepair::None;
      e.logical = repair_name(e.disk, &how);
      if (how == NameRepair::None)
        taken.insert(e.logical);
      else
        repaired.push_back({&e, how});
    }
    for (auto& [e, how] : repaired) {
      std::string name = e->logical;
      const std::string read = how == NameRepair::Gb18030 ? "read as GB18030: " + name : "shown with U+FFFD: " + name;
      std::string unique_note;
      if (taken.count(name)) {
        const bool folder = disk_.stat(path + "/" + e->disk).type == FileInfo::Type::Folder;
        int n = 2;
        while (taken.count(numbered(name, folder, n))) ++n;
        name = numbered(name, folder, n);
        unique_note = "; another entry has that name, so listed as " + name;
      }
      taken.insert(name);
      e->logical = name;
      e->note = "is not valid UTF-8 (bytes " + escape_bytes(e->disk) + "); " + read + unique_note;
    }
    return entries;
  }

  bool ignored(const std::string& rel) const {
    for (const auto& folder : excluded_folders)
      if (rel == folder || (rel.size() > folder.size() && rel.compare(0, folder.size(), folder) == 0 &&
                            rel[folder.size()] == '/'))
        return true;
    if (!ignore_) return false;
    for (const auto& pattern : *ignore_)
      if (glob_matches(pattern, rel)) return true;
    return false;
  }

  /// Walks the folder at `disk` (relative to the root; "" is the root) whose
  /// logical path is `rel` and canonical path `canonical`.
  void walk(const std::string& disk, const std::string& rel, const std::string& canonical) {
    const std::string path = disk.empty() ? root_ : root_ + "/" + disk;
    bool ok = false;
    std::vector<Entry> entries = list(path, rel, &ok);
    if (!ok) return;
    for (const Entry& e : entries) {
      const std::string child_disk = join(disk, e.disk);
      const std::string child_rel = join(rel, e.logical);
      const std::string child_path = path + "/" + e.disk;
      if (ignored(child_rel)) continue;
      const FileInfo& lst = e.lstat;
      if (!lst.exists()) continue;  // gone since the listing
      FileInfo st = lst;
      std::string child_canonical;
      const bool link = lst.type == FileInfo::Type::Symlink;
      if (link) {
        int err = 0;
        child_canonical = disk_.real_path(child_path, &err);
        if (child_canonical.empty()) {
          report_name(e, child_rel, "symlink");
          if (err == ELOOP)
            problem(child_rel, "symlink loop; skipped");
          else if (err == ENOENT || err == ENOTDIR)
            problem(child_rel, "symlink to a missing target; skipped");
          else
            problem(child_rel, std::string("cannot follow symlink (") + std::strerror(err) + "); skipped");
          continue;
        }
        st = disk_.stat(child_path);
        if (!st.exists()) continue;
        if (!is_within(child_canonical, root_canonical_)) {
          report_name(e, child_rel, "symlink");
          problem(child_rel, st.type == FileInfo::Type::Folder
                                 ? "symlink to a folder outside the source folder; skipped"
                                 : "symlink to a file outside the source folder; skipped");
          continue;
        }
      } else {
        child_canonical = canonical == "/" ? "/" + e.disk : canonical + "/" + e.disk;
      }
      if (is_within(child_canonical, skip_)) continue;  // the output folder, by any path
      if (st.type == FileInfo::Type::Folder) {
        report_name(e, child_rel, "folder");
        const std::pair<uint64_t, uint64_t> id{st.device, st.inode};
        if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
          problem(child_rel, link ? "symlink loop; skipped" : "folder loop; skipped");
          continue;
        }
        if (top_level_) {  // walked after the root's own entries, in parallel
          pending_.push_back({child_disk, child_rel, child_canonical, id});
          continue;
        }
        ancestors_.push_back(id);
        walk(child_disk, child_rel, child_canonical);
        ancestors_.pop_back();
      } else if (st.type == FileInfo::Type::File) {
        report_name(e, child_rel, "file");
        files_.push_back({child_rel, child_disk, st});
      }
      // Sockets, FIFOs and devices are not site content.
    }
  }

  void report_name(const Entry& e, const std::string& rel, const char* what) {
    if (!e.note.empty()) problem(rel, std::string(what) + " name " + e.note);
  }

  const Disk& disk_;
  std::string root_;
  std::string root_canonical_;
  const std::vector<std::string>* ignore_;
  std::string skip_;
  std::vector<WalkProblem>* problems_;
  std::vector<std::pair<uint64_t, uint64_t>> ancestors_;
  std::vector<SourceFile> files_;
  struct Pending {
    std::string disk, rel, canonical;
    std::pair<uint64_t, uint64_t> id;
  };
  bool top_level_ = false;
  std::vector<Pending> pending_;  ///< the root's folders
};

void sort_problems(std::vector<WalkProblem>* problems, size_t from) {
  if (!problems) return;
  std::sort(problems->begin() + static_cast<std::ptrdiff_t>(from), problems->end(),
            [](const WalkProblem& a, const WalkProblem& b) {
              return a.rel != b.rel ? a.rel < b.rel : a.message < b.message;
            });
}

}  // namespace

std::vector<std::string> obsidian_template_folders(const Disk& disk, const std::filesystem::path& root,
                                                   std::vector<WalkProblem>* problems) {
  static const std::pair<const char*, const char*> kSettings[] = {
      {".obsidian/templates.json", "folder"},
      {".obsidian/plugins/templater-obsidian/data.json", "templates_folder"},
  };
  std::vector<std::string> folders;
  for (const auto& [file, key] : kSettings) {
    const std::string path = root.native() + "/" + file;
    if (disk.stat(path).type != FileInfo::Type::File) continue;
    std::string error;
    const auto text = disk.read_file(path, &error);
    if (!text) {
      if (problems) problems->push_back({file, error});
      continue;
    }
    const nlohmann::json settings = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (settings.is_discarded()) {
      if (problems) problems->push_back({file, "not valid JSON; the templates folder it names is not skipped"});
      continue;
    }
    if (!settings.is_object() || !settings.contains(key) || !settings[key].is_string()) continue;
    // "Templates", "/Templates/", "./meta/templates": a path from the vault's root.
    std::string folder = settings[key].get<std::string>();
    while (!folder.empty() && (folder.front() == ' ' || folder.front() == '/')) folder.erase(0, 1);
    while (folder.starts_with("./")) folder.erase(0, 2);
    while (!folder.empty() && (folder.back() == ' ' || folder.back() == '/')) folder.pop_back();
    const bool climbs = folder == ".." || folder.starts_with("../") || folder.find("/../") != std::string::npos ||
                        folder.ends_with("/..");
    if (folder.empty() || folder == "." || climbs) continue;
    if (std::find(folders.begin(), folders.end(), folder) == folders.end()) folders.push_back(folder);
  }
  return folders;
}

SourceFiles discover(const Disk& disk, const std::filesystem::path& root, const std::vector<std::string>& ignore,
                     const std::filesystem::path& skip, std::vector<WalkProblem>* problems) {
  // The output folder may not exist yet: then nothing can lie inside it.
  const std::string skip_canonical = skip.empty() ? std::string() : disk.real_path(skip.native(), nullptr);
  const size_t first = problems ? problems->size() : 0;
  Walker walker(disk, root, &ignore, skip_canonical, problems);
  walker.excluded_folders = obsidian_template_folders(disk, root, problems);
  SourceFiles found;
  for (auto& f : walker.run()) (is_note_file(f.rel) ? found.notes : found.assets).push_back(std::move(f));
  sort_problems(problems, first);
  return found;
}

std::vector<SourceFile> walk_files(const Disk& disk, const std::filesystem::path& root,
                                   std::vector<WalkProblem>* problems) {
  const size_t first = problems ? problems->size() : 0;
  Walker walker(disk, root, nullptr, std::string(), problems);
  std::vector<SourceFile> files = walker.run();
  sort_problems(problems, first);
  return files;
}

}  // namespace studywiki
