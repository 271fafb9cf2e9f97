#include "core/fs.h"

#include "core/disk.h"

namespace studywiki::fs {

std::optional<std::string> read_file(const stdfs::path& path, std::string* error) {
  return RealDisk().read_file(path.native(), error);
}

WriteResult write_if_changed(const stdfs::path& path, std::string_view bytes, std::string* error,
                             const stdfs::path& temp_dir) {
  RealDisk disk;
  return studywiki::write_if_changed(disk, path.native(), bytes, error, temp_dir.native());
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
