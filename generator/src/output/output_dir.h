#pragma once
// The output folder as something this tool owns: which folders it refuses
// to write into, which files it may remove (the manifest of the previous
// build, never trusted as it stands). (The lock that keeps two builds from
// writing one folder at once is Disk::lock_folder.)
//
// The rules (README "The output folder"):
//  - an output folder that is, or contains, the notes folder or the site
//    folder, or that is `/` or the home folder (or contains it), is refused;
//  - a non-empty folder without a manifest of ours is refused: studywiki
//    neither writes into nor cleans a folder it did not make;
//  - a path read from the manifest is removed only when it is relative,
//    has no `.`/`..`/empty segment, and reaches a regular file inside the
//    output folder without crossing a symlink; anything else is ignored
//    with a warning.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki {

namespace stdfs = std::filesystem;

class Disk;

/// Why `out` must not be written, or "" when it may. `site` may be empty
/// (no site folder); `home` is the home folder, empty when unknown. Paths
/// are compared after resolving symlinks on `disk`, as far as they exist.
std::string output_folder_refusal(const Disk& disk, const stdfs::path& out, const stdfs::path& source,
                                  const stdfs::path& site, const stdfs::path& home);

/// `true` when `rel` is a relative '/'-separated path with no empty, `.`
/// or `..` segment and no NUL: a path that stays inside the folder it is
/// read against, as far as its text goes.
bool is_plain_relative_path(std::string_view rel);

/// The manifest: the files the previous build wrote, one per line, after
/// a version line. Version 1 had no version line.
struct Manifest {
  static constexpr const char* kFile = ".studywiki-manifest";
  static constexpr const char* kHeader = "# studywiki manifest 2";
  static constexpr int kVersion = 2;

  int version = 0;                     ///< 1 for a file without a version line; 0 unknown
  std::vector<std::string> paths;      ///< entries that passed is_plain_relative_path
  struct Rejected {
    int line;
    std::string text;
  };
  std::vector<Rejected> rejected;      ///< entries that did not

  static Manifest parse(std::string_view text);
  static std::string format(const std::vector<std::string>& sorted_paths);
};

/// Why the file at `root/rel` must not be removed ("crosses a symlink",
/// "is not a regular file"), "" when it may, nullopt when it is not there.
std::optional<std::string> removal_refusal(const Disk& disk, const stdfs::path& root, const std::string& rel);

/// Removes the folders above `rel` (inside `root`, never `root` itself)
/// that its removal left empty.
void remove_empty_parents(Disk& disk, const stdfs::path& root, const std::string& rel);

}  // namespace studywiki
