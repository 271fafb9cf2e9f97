#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace studywiki::fs {

namespace stdfs = std::filesystem;

/// Reads a whole file; on failure returns nullopt and sets `error`.
std::optional<std::string> read_file(const stdfs::path& path, std::string* error = nullptr);

enum class WriteResult { Unchanged, Written, Failed };

/// Writes `bytes` to `path` on the real disk only when they differ from what
/// is there, through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written version of a page it could read before;
/// a file that does not exist yet is written in place. Creates parent
/// folders. The temporary file goes into `temp_dir` when given (it must be
/// on the same file system), else beside `path`; its name starts with
/// kTempPrefix. (core/disk.h: the same on any Disk.)
WriteResult write_if_changed(const stdfs::path& path, std::string_view bytes, std::string* error = nullptr,
                             const stdfs::path& temp_dir = {});

/// How every temporary file this tool writes is named, so a build killed
/// before its rename leaves something the next build recognises.
inline constexpr const char* kTempPrefix = ".studywiki-tmp-";

/// Copies `from` to `to` when size or content differ (atomic like above).
WriteResult copy_if_changed(const stdfs::path& from, const stdfs::path& to, std::string* error = nullptr);

/// `path` as a generic UTF-8 string with '/' separators.
std::string generic(const stdfs::path& path);

}  // namespace studywiki::fs
