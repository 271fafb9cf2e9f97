#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki {

/// What a walk of the source folder found, each list sorted by path bytes so
/// every build sees the same order. Paths are relative, with '/'.
struct SourceFiles {
  std::vector<std::string> notes;   ///< *.md, *.markdown
  std::vector<std::string> assets;  ///< every other file
};

/// Walks `root` at any depth. Hidden files and folders (`.obsidian/`, `.git/`)
/// are skipped, and so is anything matching an `ignore` glob or lying inside
/// `skip` (the output folder, when it sits inside the source).
SourceFiles discover(const std::filesystem::path& root, const std::vector<std::string>& ignore,
                     const std::filesystem::path& skip);

/// Glob match on a relative path: `*` and `?` stay within a path segment,
/// `**` crosses segments. A pattern without '/' matches any one segment
/// (`drafts` ignores every folder named drafts); a pattern that matches a
/// folder ignores everything below it.
bool glob_matches(std::string_view pattern, std::string_view path);

bool is_note_file(std::string_view name);

}  // namespace studywiki
