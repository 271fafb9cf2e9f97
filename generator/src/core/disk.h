#pragma once
// The file system as the build sees it: one small interface (ninja's
// DiskInterface) through which discovery, loading, dates and the output
// writer reach the disk, so that a test can run them on a folder tree in
// memory (core/memory_disk.h) and the build runs them on the real one.
//
// Paths are byte strings as the operating system takes them ('/'-separated,
// not necessarily UTF-8). A call never throws: failures are values (an errno
// in FileInfo and `int* error`, a message in `std::string* error`: "cannot
// write P: Permission denied", the cause after the last ": ").
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/fs.h"

namespace studywiki {

/// What stat() or lstat() found at a path.
struct FileInfo {
  enum class Type { Missing, File, Folder, Symlink, Other };
  Type type = Type::Missing;
  int error = 0;                   ///< errno when Missing: ENOENT, ENOTDIR, EACCES, ELOOP…
  uint64_t size = 0;               ///< bytes (a folder's too, as stat gives it)
  int64_t mtime = 0;               ///< modification time, seconds since the epoch
  /// Modification and status-change times in nanoseconds (a memory disk counts
  /// its writes instead): with size and inode, what tells an incremental build
  /// that a file may have changed (pipeline/build_state.h).
  int64_t mtime_ns = 0, ctime_ns = 0;
  uint64_t device = 0, inode = 0;  ///< which file it is: two paths to one folder tell a loop

  bool exists() const { return type != Type::Missing; }
};

class Disk {
 public:
  virtual ~Disk() = default;

  // --- looking ---------------------------------------------------------------

  /// What `path` is, following symlinks.
  virtual FileInfo stat(const std::string& path) const = 0;
  /// What `path` is, a symlink at its end not followed.
  virtual FileInfo lstat(const std::string& path) const = 0;
  /// The absolute path with every symlink resolved; "" with `*error` set
  /// (ENOENT, ENOTDIR, ELOOP…) when a part of it is missing or a loop.
  virtual std::string real_path(const std::string& path, int* error) const = 0;
  /// The absolute path with symlinks resolved as far as it exists and the
  /// rest appended, lexically normal (std::filesystem::weakly_canonical).
  virtual std::string resolve(const std::string& path) const = 0;
  /// The names in the folder `path` ("." and ".." left out), in no
  /// particular order; false with `*error` set when it cannot be read.
  virtual bool list_folder(const std::string& path, std::vector<std::string>& names, int* error) const = 0;
  /// The same, leaving out hidden names (starting with '.'), each with what
  /// lstat says of it (a walk of ten thousand notes: one lookup per name
  /// inside an open folder instead of a whole path's).
  virtual bool list_folder_lstat(const std::string& path, std::vector<std::pair<std::string, FileInfo>>& entries,
                                 int* error) const;
  /// A whole file; nullopt with `*error` ("cannot read P: …") on failure.
  virtual std::optional<std::string> read_file(const std::string& path, std::string* error) const = 0;
  /// The last commit date (YYYY-MM-DD, UTC) of every file under `folder`
  /// that version control tracks, keyed by the path relative to `folder`;
  /// empty when there is no history.
  virtual std::unordered_map<std::string, std::string> last_commit_dates(const std::string& folder) const = 0;

  // --- changing ----------------------------------------------------------------

  enum class Created { Yes, Exists, Failed };
  /// Writes a file that does not exist yet, in place (no reader can hold an
  /// older version of it), creating its parent folders. `Exists` when
  /// something is at `path` already: nothing was written.
  virtual Created create_file(const std::string& path, std::string_view bytes, std::string* error) = 0;
  /// Replaces (or creates) the file at `path` so that a reader sees the old
  /// bytes or the new ones, never a mix: through a temporary file named
  /// fs::kTempPrefix… in `temp_dir` (on the same file system; "" means
  /// beside `path`) and a rename. Creates parent folders.
  virtual bool replace_file(const std::string& path, std::string_view bytes, const std::string& temp_dir,
                            std::string* error) = 0;
  /// Removes a file (or a symlink itself; never a folder).
  virtual bool remove_file(const std::string& path) = 0;
  /// Makes one folder; true also when something is there already.
  virtual bool make_folder(const std::string& path, std::string* error) = 0;
  /// Makes a folder and every folder above it that is missing.
  virtual bool make_folders(const std::string& path, std::string* error) = 0;
  /// Removes a folder when it is empty (a symlink is never followed).
  virtual bool remove_folder(const std::string& path) = 0;

  /// A file opened for appending, closed when destroyed.
  class AppendFile {
   public:
    virtual ~AppendFile() = default;
    virtual bool append(std::string_view bytes) = 0;
  };
  /// Creates (or empties) the file at `path` and opens it for appending;
  /// null with `*error` set on failure.
  virtual std::unique_ptr<AppendFile> create_append_file(const std::string& path, std::string* error) = 0;

  /// An exclusive lock on a folder, held until it is destroyed.
  class Lock {
   public:
    virtual ~Lock() = default;
  };
  /// Takes the lock on `folder`, printing `waiting_message` to stderr once
  /// when another process holds it and waiting for it. Null with `*error`
  /// ("cannot lock folder 'P': …") when the folder cannot be locked; a lock
  /// that locks nothing where the file system has no locks.
  virtual std::unique_ptr<Lock> lock_folder(const std::string& folder, const std::string& waiting_message,
                                            std::string* error) = 0;
};

/// Writes `bytes` to `path` only when they differ from what is there: a
/// file that does not exist yet through create_file (in place), a changed
/// one through replace_file (atomic); equal bytes are left alone.
fs::WriteResult write_if_changed(Disk& disk, const std::string& path, std::string_view bytes, std::string* error,
                                 const std::string& temp_dir = std::string());

/// The real file system: POSIX calls and std::filesystem; git for dates.
class RealDisk final : public Disk {
 public:
  FileInfo stat(const std::string& path) const override;
  FileInfo lstat(const std::string& path) const override;
  std::string real_path(const std::string& path, int* error) const override;
  std::string resolve(const std::string& path) const override;
  bool list_folder(const std::string& path, std::vector<std::string>& names, int* error) const override;
  bool list_folder_lstat(const std::string& path, std::vector<std::pair<std::string, FileInfo>>& entries,
                         int* error) const override;
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
};

}  // namespace studywiki
