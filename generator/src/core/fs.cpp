#include "core/fs.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace studywiki::fs {

std::optional<std::string> read_file(const stdfs::path& path, std::string* error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = "cannot read " + generic(path) + ": " + std::strerror(errno);
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
      if (error) *error = "cannot read " + generic(path) + ": " + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
  }
  ::close(fd);
  return bytes;
}

namespace {
std::atomic<unsigned> temp_counter{0};

/// Creates the folders above `path`; on failure sets `error` from the real cause.
bool make_parents(const stdfs::path& path, std::string* error) {
  std::error_code ec;
  stdfs::create_directories(path.parent_path(), ec);
  if (!ec) return true;
  if (error) *error = "cannot create folder " + generic(path.parent_path()) + ": " + ec.message();
  return false;
}

WriteResult write_atomically(const stdfs::path& path, std::string_view bytes, std::string* error,
                             const stdfs::path& temp_dir) {
  // The temporary file carries a name a later build recognises and sweeps
  // if this one is killed before the rename.
  const std::string temp_name =
      std::string(kTempPrefix) + std::to_string(::getpid()) + "-" + std::to_string(temp_counter++);
  std::string temp = temp_dir.empty() ? (path.parent_path() / temp_name).string() : (temp_dir / temp_name).string();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {
    if (!make_parents(temp_dir.empty() ? path : temp_dir / temp_name, error)) return WriteResult::Failed;
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd < 0) {
    if (error) *error = "cannot write " + generic(path) + ": " + std::strerror(errno);
    return WriteResult::Failed;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (error) *error = "cannot write " + generic(path) + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return WriteResult::Failed;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    if (error) *error = "cannot write " + generic(path) + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return WriteResult::Failed;
  }
  int renamed = ::rename(temp.c_str(), path.c_str());
  if (renamed != 0 && errno == ENOENT && make_parents(path, nullptr)) renamed = ::rename(temp.c_str(), path.c_str());
  if (renamed != 0) {
    if (error) *error = "cannot write " + generic(path) + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return WriteResult::Failed;
  }
  return WriteResult::Written;
}
// A file that does not exist yet is written in place: no reader has an
// older version to be kept from a half-written one, and a fresh build of
// ten thousand pages saves the rename of each. nullopt when it appeared
// meanwhile (then the atomic path is taken).
std::optional<WriteResult> write_new(const stdfs::path& path, std::string_view bytes, std::string* error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {
    if (!make_parents(path, error)) return WriteResult::Failed;
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  }
  if (fd < 0 && errno == EEXIST) return std::nullopt;
  if (fd < 0) {
    if (error) *error = "cannot write " + generic(path) + ": " + std::strerror(errno);
    return WriteResult::Failed;
  }
  size_t done = 0;
  int failure = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failure = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 && failure == 0) failure = errno;
  if (failure != 0) {
    if (error) *error = "cannot write " + generic(path) + ": " + std::strerror(failure);
    ::unlink(path.c_str());
    return WriteResult::Failed;
  }
  return WriteResult::Written;
}

}  // namespace

WriteResult write_if_changed(const stdfs::path& path, std::string_view bytes, std::string* error,
                             const stdfs::path& temp_dir) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT)
      if (auto written = write_new(path, bytes, error)) return *written;
  } else if (static_cast<size_t>(st.st_size) == bytes.size()) {
    auto existing = read_file(path);
    if (existing && *existing == bytes) return WriteResult::Unchanged;
  }
  return write_atomically(path, bytes, error, temp_dir);
}

WriteResult copy_if_changed(const stdfs::path& from, const stdfs::path& to, std::string* error) {
  auto bytes = read_file(from, error);
  if (!bytes) return WriteResult::Failed;
  return write_if_changed(to, *bytes, error);
}

std::string generic(const stdfs::path& path) {
  auto u8 = path.generic_u8string();
  return std::string(u8.begin(), u8.end());
}

}  // namespace studywiki::fs
