#include "core/disk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "content/git_dates.h"

namespace studywiki {

namespace stdfs = std::filesystem;

fs::WriteResult write_if_changed(Disk& disk, const std::string& path, std::string_view bytes, std::string* error,
                                 const std::string& temp_dir) {
  const FileInfo info = disk.stat(path);
  if (!info.exists()) {
    if (info.error == ENOENT) {
      switch (disk.create_file(path, bytes, error)) {
        case Disk::Created::Yes: return fs::WriteResult::Written;
        case Disk::Created::Failed: return fs::WriteResult::Failed;
        case Disk::Created::Exists: break;  // it appeared meanwhile: replace it
      }
    }
  } else if (info.size == bytes.size()) {
    auto existing = disk.read_file(path, nullptr);
    if (existing && *existing == bytes) return fs::WriteResult::Unchanged;
  }
  return disk.replace_file(path, bytes, temp_dir, error) ? fs::WriteResult::Written : fs::WriteResult::Failed;
}

namespace {

FileInfo info_of(int result, const struct stat& st) {
  FileInfo info;
  if (result != 0) {
    info.error = errno;
    return info;
  }
  if (S_ISREG(st.st_mode)) info.type = FileInfo::Type::File;
  else if (S_ISDIR(st.st_mode)) info.type = FileInfo::Type::Folder;
  else if (S_ISLNK(st.st_mode)) info.type = FileInfo::Type::Symlink;
  else info.type = FileInfo::Type::Other;
  info.size = static_cast<uint64_t>(st.st_size);
  info.mtime = static_cast<int64_t>(st.st_mtime);
  info.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  info.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  info.device = static_cast<uint64_t>(st.st_dev);
  info.inode = static_cast<uint64_t>(st.st_ino);
  return info;
}

std::atomic<unsigned> temp_counter{0};

/// Creates the folders above `path`; on failure sets `error` from the real cause.
bool make_parents(const stdfs::path& path, std::string* error) {
  std::error_code ec;
  stdfs::create_directories(path.parent_path(), ec);
  if (!ec) return true;
  if (error) *error = "cannot create folder " + fs::generic(path.parent_path()) + ": " + ec.message();
  return false;
}

/// Writes all of `bytes` to `fd`; 0, or the errno of the failure.
int write_all(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : ENOSPC;
    done += static_cast<size_t>(n);
  }
  return 0;
}

class RealAppendFile final : public Disk::AppendFile {
 public:
  explicit RealAppendFile(int fd) : fd_(fd) {}
  ~RealAppendFile() override { ::close(fd_); }
  bool append(std::string_view bytes) override { return ::write(fd_, bytes.data(), bytes.size()) >= 0; }

 private:
  int fd_;
};

/// flock on the folder itself: released when the process ends, however it ends.
class RealLock final : public Disk::Lock {
 public:
  explicit RealLock(int fd) : fd_(fd) {}
  ~RealLock() override { ::close(fd_); }  // releases the lock

 private:
  int fd_;
};

}  // namespace

FileInfo RealDisk::stat(const std::string& path) const {
  struct stat st;
  const int result = ::stat(path.c_str(), &st);
  return info_of(result, st);
}

FileInfo RealDisk::lstat(const std::string& path) const {
  struct stat st;
  const int result = ::lstat(path.c_str(), &st);
  return info_of(result, st);
}

std::string RealDisk::real_path(const std::string& path, int* error) const {
  errno = 0;
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (!resolved) {
    if (error) *error = errno;
    return std::string();
  }
  std::string out(resolved);
  std::free(resolved);
  return out;
}

std::string RealDisk::resolve(const std::string& path) const {
  std::error_code ec;
  stdfs::path r = stdfs::weakly_canonical(path, ec);
  if (ec) r = stdfs::absolute(path, ec).lexically_normal();
  return r.native();
}

bool RealDisk::list_folder(const std::string& path, std::vector<std::string>& names, int* error) const {
  DIR* dir = ::opendir(path.c_str());
  if (!dir) {
    if (error) *error = errno;
    return false;
  }
  while (dirent* d = ::readdir(dir)) {
    const char* name = d->d_name;
    if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
    names.emplace_back(name);
  }
  ::closedir(dir);
  return true;
}

bool Disk::list_folder_lstat(const std::string& path, std::vector<std::pair<std::string, FileInfo>>& entries,
                             int* error) const {
  std::vector<std::string> names;
  if (!list_folder(path, names, error)) return false;
  for (auto& name : names)
    if (!name.empty() && name[0] != '.') {
      FileInfo info = lstat(path + "/" + name);
      entries.emplace_back(std::move(name), info);
    }
  return true;
}

bool RealDisk::list_folder_lstat(const std::string& path, std::vector<std::pair<std::string, FileInfo>>& entries,
                                 int* error) const {
  DIR* dir = ::opendir(path.c_str());
  if (!dir) {
    if (error) *error = errno;
    return false;
  }
  const int fd = ::dirfd(dir);
  while (dirent* d = ::readdir(dir)) {
    const char* name = d->d_name;
    if (name[0] == '.') continue;  // hidden, and "." and ".."
    struct stat st;
    const int result = ::fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW);
    entries.emplace_back(name, info_of(result, st));
  }
  ::closedir(dir);
  return true;
}

std::optional<std::string> RealDisk::read_file(const std::string& path, std::string* error) const {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = "cannot read " + fs::generic(path) + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string bytes;
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) bytes.reserve(static_cast<size_t>(st.st_size));
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      bytes.append(buffer, static_cast<size_t>(n));
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      if (error) *error = "cannot read " + fs::generic(path) + ": " + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
  }
  ::close(fd);
  return bytes;
}

std::unordered_map<std::string, std::string> RealDisk::last_commit_dates(const std::string& folder) const {
  return git_last_commit_dates(folder);
}

// A file that does not exist yet is written in place: no reader has an
// older version to be kept from a half-written one, and a fresh build of
// ten thousand pages saves the rename of each.
Disk::Created RealDisk::create_file(const std::string& path, std::string_view bytes, std::string* error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {
    if (!make_parents(path, error)) return Created::Failed;
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  }
  if (fd < 0 && errno == EEXIST) return Created::Exists;
  if (fd < 0) {
    if (error) *error = "cannot write " + fs::generic(path) + ": " + std::strerror(errno);
    return Created::Failed;
  }
  int failure = write_all(fd, bytes);
  if (::close(fd) != 0 && failure == 0) failure = errno;
  if (failure != 0) {
    if (error) *error = "cannot write " + fs::generic(path) + ": " + std::strerror(failure);
    ::unlink(path.c_str());
    return Created::Failed;
  }
  return Created::Yes;
}

bool RealDisk::replace_file(const std::string& path_bytes, std::string_view bytes, const std::string& temp_dir,
                            std::string* error) {
  const stdfs::path path(path_bytes);
  // The temporary file carries a name a later build recognises and sweeps
  // if this one is killed before the rename.
  const std::string temp_name =
      std::string(fs::kTempPrefix) + std::to_string(::getpid()) + "-" + std::to_string(temp_counter++);
  const stdfs::path temp_path = temp_dir.empty() ? path.parent_path() / temp_name : stdfs::path(temp_dir) / temp_name;
  const std::string temp = temp_path.string();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {
    if (!make_parents(temp_dir.empty() ? path : temp_path, error)) return false;
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd < 0) {
    if (error) *error = "cannot write " + fs::generic(path) + ": " + std::strerror(errno);
    return false;
  }
  if (const int failure = write_all(fd, bytes); failure != 0) {
    if (error) *error = "cannot write " + fs::generic(path) + ": " + std::strerror(failure);
    ::close(fd);
    ::unlink(temp.c_str());
    return false;
  }
  if (::close(fd) != 0) {
    if (error) *error = "cannot write " + fs::generic(path) + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  int renamed = ::rename(temp.c_str(), path.c_str());
  if (renamed != 0 && errno == ENOENT && make_parents(path, nullptr)) renamed = ::rename(temp.c_str(), path.c_str());
  if (renamed != 0) {
    if (error) *error = "cannot write " + fs::generic(path) + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

bool RealDisk::remove_file(const std::string& path) { return ::unlink(path.c_str()) == 0; }

bool RealDisk::make_folder(const std::string& path, std::string* error) {
  if (::mkdir(path.c_str(), 0755) == 0 || errno == EEXIST) return true;
  if (error) *error = "cannot create folder " + fs::generic(path) + ": " + std::strerror(errno);
  return false;
}

bool RealDisk::make_folders(const std::string& path, std::string* error) {
  std::error_code ec;
  stdfs::create_directories(path, ec);
  if (!ec) return true;
  if (error) *error = "cannot create folder " + fs::generic(path) + ": " + ec.message();
  return false;
}

bool RealDisk::remove_folder(const std::string& path) { return ::rmdir(path.c_str()) == 0; }

std::unique_ptr<Disk::AppendFile> RealDisk::create_append_file(const std::string& path, std::string* error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (error) *error = "cannot write " + fs::generic(path) + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<RealAppendFile>(fd);
}

std::unique_ptr<Disk::Lock> RealDisk::lock_folder(const std::string& folder, const std::string& waiting_message,
                                                  std::string* error) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = "cannot open folder '" + fs::generic(folder) + "': " + std::strerror(errno);
    return nullptr;
  }
  auto lock = std::make_unique<RealLock>(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return lock;
  if (errno != EWOULDBLOCK) return lock;  // a file system without locks: go on unlocked
  std::fprintf(stderr, "%s\n", waiting_message.c_str());
  while (::flock(fd, LOCK_EX) != 0)
    if (errno != EINTR) {
      if (error) *error = "cannot lock folder '" + fs::generic(folder) + "': " + std::strerror(errno);
      return nullptr;
    }
  return lock;
}

}  // namespace studywiki
