#include "core/memory_disk.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>

namespace studywiki {

namespace {

std::deque<std::string> split(const std::string& path) {
  std::deque<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string join(const std::deque<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

/// `path` split into the folder that holds its last entry and that entry's name.
std::pair<std::string, std::string> split_last(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

std::string failure(const char* what, const std::string& path, int error) {
  return std::string(what) + " " + fs::generic(path) + ": " + std::strerror(error);
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

class MemoryDisk::MemoryAppendFile final : public Disk::AppendFile {
 public:
  MemoryAppendFile(MemoryDisk& disk, std::string canonical) : disk_(disk), canonical_(std::move(canonical)) {}
  bool append(std::string_view bytes) override {
    std::lock_guard lock(disk_.mutex_);
    auto it = disk_.nodes_.find(canonical_);
    if (it == disk_.nodes_.end() || it->second.type != FileInfo::Type::File) return false;
    it->second.bytes += bytes;
    it->second.mtime = disk_.clock_;
    it->second.changes = ++disk_.changes_;
    return true;
  }

 private:
  MemoryDisk& disk_;
  std::string canonical_;
};

MemoryDisk::MemoryDisk() {
  Node root;
  root.type = FileInfo::Type::Folder;
  root.inode = next_inode_++;
  nodes_.emplace("", root);
}

std::string MemoryDisk::parent(const std::string& canonical) {
  const size_t slash = canonical.rfind('/');
  return slash == std::string::npos ? std::string() : canonical.substr(0, slash);
}

MemoryDisk::Found MemoryDisk::find(const std::string& path, bool follow_last) const {
  std::deque<std::string> parts = split(path);
  std::string current;
  int links = 0;
  while (!parts.empty()) {
    std::string part = std::move(parts.front());
    parts.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      current = parent(current);
      continue;
    }
    std::string candidate = current + "/" + part;
    auto it = nodes_.find(candidate);
    if (it == nodes_.end()) return {candidate, nullptr, ENOENT, join(parts)};
    const Node& node = it->second;
    if (node.type == FileInfo::Type::Symlink && (follow_last || !parts.empty())) {
      if (++links > 40) return {candidate, nullptr, ELOOP, join(parts)};
      std::deque<std::string> target = split(node.target);
      parts.insert(parts.begin(), target.begin(), target.end());
      if (!node.target.empty() && node.target[0] == '/') current.clear();
      continue;
    }
    if (node.type != FileInfo::Type::Folder && !parts.empty()) return {candidate, nullptr, ENOTDIR, join(parts)};
    current = std::move(candidate);
  }
  return {current, &nodes_.at(current), 0, std::string()};
}

FileInfo MemoryDisk::info(const Found& found) const {
  FileInfo info;
  if (!found.node) {
    info.error = found.error ? found.error : ENOENT;
    return info;
  }
  const Node& n = *found.node;
  info.type = n.type;
  info.size = n.type == FileInfo::Type::File ? n.bytes.size() : n.type == FileInfo::Type::Symlink ? n.target.size() : 0;
  info.mtime = n.mtime;
  info.mtime_ns = n.mtime * 1000000000;
  info.ctime_ns = static_cast<int64_t>(n.changes);
  info.device = 1;
  info.inode = n.inode;
  return info;
}

MemoryDisk::Node& MemoryDisk::put(const std::string& canonical, Node node) {
  node.inode = next_inode_++;
  return nodes_[canonical] = std::move(node);
}

std::string MemoryDisk::where(const std::string& path) const {
  const Found f = find(path, false);
  return f.rest.empty() ? f.path : f.path + "/" + f.rest;
}

bool MemoryDisk::make_parents_of(const std::string& canonical) {
  std::string folder;
  for (const auto& part : split(parent(canonical))) {
    folder += "/" + part;
    auto it = nodes_.find(folder);
    if (it == nodes_.end()) {
      Node n;
      n.type = FileInfo::Type::Folder;
      put(folder, n);
    } else if (it->second.type != FileInfo::Type::Folder) {
      return false;
    }
  }
  return true;
}

// --- for the test ---------------------------------------------------------------

void MemoryDisk::set_clock(int64_t seconds) {
  std::lock_guard lock(mutex_);
  clock_ = seconds;
}

void MemoryDisk::add_file(const std::string& path, std::string bytes, std::optional<int64_t> mtime) {
  std::lock_guard lock(mutex_);
  const std::string canonical = where(path);
  make_parents_of(canonical);
  Node n;
  n.bytes = std::move(bytes);
  n.mtime = mtime.value_or(clock_);
  n.changes = ++changes_;
  put(canonical, std::move(n));
}

void MemoryDisk::add_folder(const std::string& path) {
  std::lock_guard lock(mutex_);
  const std::string canonical = where(path);
  make_parents_of(canonical);
  Node n;
  n.type = FileInfo::Type::Folder;
  if (!nodes_.count(canonical)) put(canonical, n);
}

void MemoryDisk::add_symlink(const std::string& path, const std::string& target) {
  std::lock_guard lock(mutex_);
  const std::string canonical = where(path);
  make_parents_of(canonical);
  Node n;
  n.type = FileInfo::Type::Symlink;
  n.target = target;
  put(canonical, std::move(n));
}

void MemoryDisk::set_commit_date(const std::string& path, const std::string& date) {
  const std::string canonical = resolve(path);
  std::lock_guard lock(mutex_);
  commit_dates_[canonical] = date;
}

void MemoryDisk::remove(const std::string& path) {
  std::lock_guard lock(mutex_);
  const std::string canonical = where(path);
  if (canonical.empty()) return;
  nodes_.erase(canonical);
  const std::string prefix = canonical + "/";
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && starts_with(it->first, prefix);)
    it = nodes_.erase(it);
}

std::vector<std::string> MemoryDisk::files_under(const std::string& folder) const {
  std::vector<std::string> files;
  for (const auto& [rel, what] : snapshot(folder))
    if (what[0] == 'f') files.push_back(rel);
  return files;
}

std::map<std::string, std::string> MemoryDisk::snapshot(const std::string& folder) const {
  std::lock_guard lock(mutex_);
  const std::string prefix = find(folder, true).path + "/";
  std::map<std::string, std::string> out;
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && starts_with(it->first, prefix); ++it) {
    const Node& n = it->second;
    std::string& what = out[it->first.substr(prefix.size())];
    if (n.type == FileInfo::Type::Folder) what = "d";
    else if (n.type == FileInfo::Type::Symlink) what = "l " + n.target;
    else what = "f " + std::to_string(n.mtime) + " " + n.bytes;
  }
  return out;
}

// --- Disk: looking ------------------------------------------------------------------

FileInfo MemoryDisk::stat(const std::string& path) const {
  std::lock_guard lock(mutex_);
  return info(find(path, true));
}

FileInfo MemoryDisk::lstat(const std::string& path) const {
  std::lock_guard lock(mutex_);
  return info(find(path, false));
}

std::string MemoryDisk::real_path(const std::string& path, int* error) const {
  std::lock_guard lock(mutex_);
  const Found f = find(path, true);
  if (!f.node) {
    if (error) *error = f.error ? f.error : ENOENT;
    return std::string();
  }
  return f.path.empty() ? "/" : f.path;
}

std::string MemoryDisk::resolve(const std::string& path) const {
  // As std::filesystem::weakly_canonical: the longest leading part that
  // exists (symlinks followed) made canonical, the rest appended as written.
  std::lock_guard lock(mutex_);
  std::deque<std::string> rest = split(path);
  std::string existing, canonical;
  while (!rest.empty()) {
    const std::string next = existing + "/" + rest.front();
    const Found f = find(next, true);
    if (!f.node) break;
    existing = next;
    canonical = f.path;
    rest.pop_front();
  }
  std::string out = canonical;
  for (const auto& part : rest) out += "/" + part;
  if (out.empty()) return "/";
  return std::filesystem::path(out).lexically_normal().native();
}

bool MemoryDisk::list_folder(const std::string& path, std::vector<std::string>& names, int* error) const {
  std::lock_guard lock(mutex_);
  const Found f = find(path, true);
  if (!f.node || f.node->type != FileInfo::Type::Folder) {
    if (error) *error = !f.node ? (f.error ? f.error : ENOENT) : ENOTDIR;
    return false;
  }
  const std::string prefix = f.path + "/";
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && starts_with(it->first, prefix); ++it)
    if (it->first.find('/', prefix.size()) == std::string::npos) names.push_back(it->first.substr(prefix.size()));
  return true;
}

std::optional<std::string> MemoryDisk::read_file(const std::string& path, std::string* error) const {
  std::optional<std::string> bytes;
  {
    std::lock_guard lock(mutex_);
    const Found f = find(path, true);
    if (!f.node || f.node->type != FileInfo::Type::File) {
      const int why = !f.node ? (f.error ? f.error : ENOENT) : f.node->type == FileInfo::Type::Folder ? EISDIR : EACCES;
      if (error) *error = failure("cannot read", path, why);
      return std::nullopt;
    }
    bytes = f.node->bytes;
  }
  if (after_read_) after_read_(path);
  return bytes;
}

void MemoryDisk::set_after_read(std::function<void(const std::string& path)> after_read) {
  after_read_ = std::move(after_read);
}

std::unordered_map<std::string, std::string> MemoryDisk::last_commit_dates(const std::string& folder) const {
  const std::string prefix = resolve(folder) + "/";
  std::lock_guard lock(mutex_);
  std::unordered_map<std::string, std::string> dates;
  for (const auto& [path, date] : commit_dates_)
    if (starts_with(path, prefix)) dates.emplace(path.substr(prefix.size()), date);
  return dates;
}

// --- Disk: changing ------------------------------------------------------------------

Disk::Created MemoryDisk::create_file(const std::string& path, std::string_view bytes, std::string* error) {
  std::lock_guard lock(mutex_);
  const Found f = find(path, false);
  if (f.node) return Created::Exists;
  if (f.error == ENOENT && !f.rest.empty() && !make_parents_of(f.path + "/" + f.rest)) {
    if (error) *error = failure("cannot create folder", split_last(path).first, ENOTDIR);
    return Created::Failed;
  }
  const Found again = f.rest.empty() ? f : find(path, false);
  if (again.node) return Created::Exists;
  if (!again.rest.empty() || (again.error && again.error != ENOENT)) {
    if (error) *error = failure("cannot write", path, again.error);
    return Created::Failed;
  }
  Node n;
  n.bytes = std::string(bytes);
  n.mtime = clock_;
  n.changes = ++changes_;
  put(again.path, std::move(n));
  return Created::Yes;
}

bool MemoryDisk::replace_file(const std::string& path, std::string_view bytes, const std::string&,
                              std::string* error) {
  // Nothing reads halfway through a call here: the rename is the assignment.
  std::lock_guard lock(mutex_);
  Found f = find(path, false);
  if (!f.node && f.error == ENOENT && !f.rest.empty()) {
    if (!make_parents_of(f.path + "/" + f.rest)) {
      if (error) *error = failure("cannot create folder", split_last(path).first, ENOTDIR);
      return false;
    }
    f = find(path, false);
  }
  if (f.node && f.node->type == FileInfo::Type::Folder) {
    if (error) *error = failure("cannot write", path, EISDIR);
    return false;
  }
  if (!f.node && (f.error != ENOENT || !f.rest.empty())) {
    if (error) *error = failure("cannot write", path, f.error);
    return false;
  }
  Node n;
  n.bytes = std::string(bytes);
  n.mtime = clock_;
  n.changes = ++changes_;
  put(f.path, std::move(n));
  return true;
}

bool MemoryDisk::remove_file(const std::string& path) {
  std::lock_guard lock(mutex_);
  const Found f = find(path, false);
  if (!f.node || f.node->type == FileInfo::Type::Folder) return false;
  nodes_.erase(f.path);
  return true;
}

bool MemoryDisk::make_folder(const std::string& path, std::string* error) {
  std::lock_guard lock(mutex_);
  const Found f = find(path, false);
  if (f.node) return true;
  if (f.error != ENOENT || !f.rest.empty()) {
    if (error) *error = failure("cannot create folder", path, f.rest.empty() ? f.error : ENOENT);
    return false;
  }
  Node n;
  n.type = FileInfo::Type::Folder;
  put(f.path, n);
  return true;
}

bool MemoryDisk::make_folders(const std::string& path, std::string* error) {
  std::lock_guard lock(mutex_);
  std::string prefix = !path.empty() && path[0] == '/' ? "" : ".";
  for (const auto& part : split(path)) {
    prefix += "/" + part;
    const Found f = find(prefix, true);
    if (f.node && f.node->type == FileInfo::Type::Folder) continue;
    if (f.node || f.error != ENOENT || !f.rest.empty()) {
      if (error) *error = failure("cannot create folder", path, f.node ? EEXIST : f.error);
      return false;
    }
    Node n;
    n.type = FileInfo::Type::Folder;
    put(f.path, n);
  }
  return true;
}

bool MemoryDisk::remove_folder(const std::string& path) {
  std::lock_guard lock(mutex_);
  const Found f = find(path, false);
  if (!f.node || f.node->type != FileInfo::Type::Folder || f.path.empty()) return false;
  auto next = nodes_.upper_bound(f.path);
  if (next != nodes_.end() && starts_with(next->first, f.path + "/")) return false;  // not empty
  nodes_.erase(f.path);
  return true;
}

std::unique_ptr<Disk::AppendFile> MemoryDisk::create_append_file(const std::string& path, std::string* error) {
  std::lock_guard lock(mutex_);
  const Found f = find(path, true);
  if (f.node && f.node->type != FileInfo::Type::File) {
    if (error) *error = failure("cannot write", path, EISDIR);
    return nullptr;
  }
  if (!f.node && (f.error != ENOENT || !f.rest.empty())) {
    if (error) *error = failure("cannot write", path, f.error);
    return nullptr;
  }
  Node n;
  n.mtime = clock_;
  n.changes = ++changes_;
  put(f.path, std::move(n));
  return std::make_unique<MemoryAppendFile>(*this, f.path);
}

std::unique_ptr<Disk::Lock> MemoryDisk::lock_folder(const std::string& folder, const std::string&,
                                                    std::string* error) {
  if (stat(folder).type != FileInfo::Type::Folder) {
    if (error) *error = "cannot open folder '" + fs::generic(folder) + "': " + std::strerror(ENOTDIR);
    return nullptr;
  }
  return std::make_unique<Lock>();
}

}  // namespace studywiki
