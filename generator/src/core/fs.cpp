#include "core/fs.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace studywiki::fs {

std::optional<std::string> read_file(const stdfs::path& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot read " + generic(path);
    return std::nullopt;
  }
  std::string bytes;
  std::error_code ec;
  auto size = stdfs::file_size(path, ec);
  if (!ec) bytes.reserve(size);
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    if (error) *error = "cannot read " + generic(path);
    return std::nullopt;
  }
  return bytes;
}

namespace {
std::atomic<unsigned> temp_counter{0};

WriteResult write_atomically(const stdfs::path& path, std::string_view bytes, std::string* error) {
  std::error_code ec;
  stdfs::create_directories(path.parent_path(), ec);
  stdfs::path temp = path;
  temp += ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter++);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      if (error) *error = "cannot write " + generic(path);
      stdfs::remove(temp, ec);
      return WriteResult::Failed;
    }
  }
  stdfs::rename(temp, path, ec);
  if (ec) {
    if (error) *error = "cannot write " + generic(path) + ": " + ec.message();
    stdfs::remove(temp, ec);
    return WriteResult::Failed;
  }
  return WriteResult::Written;
}
}  // namespace

WriteResult write_if_changed(const stdfs::path& path, std::string_view bytes, std::string* error) {
  std::error_code ec;
  auto size = stdfs::file_size(path, ec);
  if (!ec && size == bytes.size()) {
    auto existing = read_file(path);
    if (existing && *existing == bytes) return WriteResult::Unchanged;
  }
  return write_atomically(path, bytes, error);
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
