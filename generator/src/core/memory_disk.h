#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/disk.h"

namespace studywiki {

/// A folder tree in memory, for tests (ninja's VirtualFileSystem): files,
/// folders and symlinks the test makes, modification times from a clock the
/// test sets, commit dates the test gives. Paths are taken from "/" (a
/// relative path is read as if the current folder were "/"); symlinks are
/// followed as the kernel follows them (relative to the link's folder, at
/// most 40 in one path, then ELOOP). Its lock locks nothing. Safe to use
/// from several threads.
class MemoryDisk final : public Disk {
 public:
  MemoryDisk();

  // --- for the test ------------------------------------------------------------

  /// Files written from now on are dated `seconds` (since the epoch).
  void set_clock(int64_t seconds);
  /// Adds (or replaces) a file, and the folders above it; dated `mtime`, else by the clock.
  void add_file(const std::string& path, std::string bytes, std::optional<int64_t> mtime = std::nullopt);
  void add_folder(const std::string& path);
  /// A symlink at `path` whose content is `target`, as written.
  void add_symlink(const std::string& path, const std::string& target);
  /// What last_commit_dates() says of the file at `path`.
  void set_commit_date(const std::string& path, const std::string& date);
  /// Removes whatever is at `path` (a folder with all it holds).
  void remove(const std::string& path);
  /// Called after every read_file of a file, with its path, outside the disk's lock:
  /// a test changes a file between two reads of it (a save in the middle of a build).
  void set_after_read(std::function<void(const std::string& path)> after_read);

  /// Every file under `folder` (not through symlinks), relative to it, sorted.
  std::vector<std::string> files_under(const std::string& folder) const;
  /// Every entry under `folder` with what it holds: "f <mtime> <bytes>" for a
  /// file, "d" for a folder, "l <target>" for a symlink. Two snapshots
  /// compare equal when nothing under `folder` changed.
  std::map<std::string, std::string> snapshot(const std::string& folder) const;

  // --- Disk ----------------------------------------------------------------------

  FileInfo stat(const std::string& path) const override;
  FileInfo lstat(const std::string& path) const override;
  std::string real_path(const std::string& path, int* error) const override;
  std::string resolve(const std::string& path) const override;
  bool list_folder(const std::string& path, std::vector<std::string>& names, int* error) const override;
  std::optional<std::string> read_file(const std::string& path, std::string* error) const override;
  std::unordered_map<std::string, std::string> last_commit_dates(const std::string& folder) const override;

  Created create_file(const std::string& path, std::string_view bytes, std::string* error) override;
  bool replace_file(const std::string& path, std::string_view bytes, const std::string& temp_dir,
                    std::string* error) override;
  bool remove_file(const std::string& path) override;
  bool make_folder(const std::string& path, std::string* error) override;
  bool make_folders(const std::string& path, std::string* error) override;
  bool remove_folder(const std::string& path) override;
  std::unique_ptr<AppendFile> create_append_file(const std::string& path, std::string* error) override;
  std::unique_ptr<Lock> lock_folder(const std::string& folder, const std::string& waiting_message,
                                    std::string* error) override;

 private:
  struct Node {
    FileInfo::Type type = FileInfo::Type::File;
    std::string bytes;   ///< a file's content
    std::string target;  ///< a symlink's
    int64_t mtime = 0;
    uint64_t inode = 0;
    uint64_t changes = 0;  ///< the disk's write count when it was last written (its ctime)
  };
  /// Where a path leads: the canonical path of the entry it names (which may
  /// be missing: then `node` is null) or an errno.
  struct Found {
    std::string path;  ///< "" is the root; else "/a/b"
    const Node* node = nullptr;
    int error = 0;     ///< ENOENT, ENOTDIR or ELOOP when a folder on the way is missing or a loop
    std::string rest;  ///< what was left unread after an error, for resolve()
  };
  class MemoryAppendFile;

  Found find(const std::string& path, bool follow_last) const;
  FileInfo info(const Found& found) const;
  /// The canonical path `path` names, as far as it exists, the rest as written.
  std::string where(const std::string& path) const;
  Node& put(const std::string& canonical, Node node);
  /// Makes the missing folders of the canonical `folder`; false when a file is in the way.
  bool make_parents_of(const std::string& canonical);
  static std::string parent(const std::string& canonical);

  mutable std::mutex mutex_;
  std::function<void(const std::string&)> after_read_;
  std::map<std::string, Node> nodes_;  ///< by canonical path; the root ("") is always there
  std::map<std::string, std::string> commit_dates_;
  int64_t clock_ = 0;
  uint64_t changes_ = 0;  ///< writes so far
  uint64_t next_inode_ = 1;
};

}  // namespace studywiki
