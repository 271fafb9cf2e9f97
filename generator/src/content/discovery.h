#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/disk.h"

namespace studywiki {

class Disk;

/// One file found under the source folder.
struct SourceFile {
  /// Logical path: valid UTF-8, relative, with '/'. Names that were not UTF-8
  /// are repaired (see core/names.h) and made unique. Use it for everything:
  /// output paths, links, diagnostics.
  std::string rel;
  /// The same file's path relative to the root as the bytes on disk (with '/'),
  /// reached through symlinks where the walk followed one. Use it only to open
  /// the file: `root / fs::path(disk)` (native bytes, NOT u8path).
  std::string disk;
  /// What stat said of it during the walk (of the target, for a symlink).
  FileInfo info;
};

/// What a walk of the source folder found, each list sorted by `rel` bytes so
/// every build sees the same order.
struct SourceFiles {
  std::vector<SourceFile> notes;   ///< *.md, *.markdown
  std::vector<SourceFile> assets;  ///< every other file
};

/// Something the walk skipped or changed, to report as a warning.
struct WalkProblem {
  std::string rel;      ///< logical path (valid UTF-8) of the entry concerned
  std::string message;  ///< without "warning:"
};

/// Walks `root` on `disk` at any depth, never throwing. Hidden files and folders
/// (`.obsidian/`, `.trash/`, `.git/`) are skipped, so are the folders
/// `obsidian_template_folders()` names, and so is anything matching an
/// `ignore` glob (matched on the logical path) or lying inside `skip` (the
/// output folder, when it sits inside the source; also when reached through a
/// symlink). Symlinks: a link whose target lies outside `root` is skipped with
/// a problem; a dangling link or a link loop is skipped with a problem; a link
/// inside `root` is followed (a folder link is walked as a folder, its files
/// listed under the link's path) unless it points at a folder on the current
/// walk (a loop). `problems` (may be null) gets them sorted by rel, message.
SourceFiles discover(const Disk& disk, const std::filesystem::path& root, const std::vector<std::string>& ignore,
                     const std::filesystem::path& skip, std::vector<WalkProblem>* problems);

/// The folders of `root` (an Obsidian vault) that hold note templates, which are
/// not notes (`date: {{date}}`): the `"folder"` of `.obsidian/templates.json`
/// (the core Templates plugin) and the `"templates_folder"` of
/// `.obsidian/plugins/templater-obsidian/data.json` (Templater), as logical
/// paths without leading or trailing '/'; a setting that names the vault's root
/// or climbs out of it is left out. Settings that are not JSON are a problem.
/// Obsidian's "Excluded files" (`userIgnoreFilters` in `.obsidian/app.json`)
/// are not applied: Obsidian still opens, links and embeds those notes; it
/// only leaves them out of search and the graph.
std::vector<std::string> obsidian_template_folders(const Disk& disk, const std::filesystem::path& root,
                                                   std::vector<WalkProblem>* problems);

/// Every file under `root` (hidden names skipped, same symlink and name
/// rules), for static/ : sorted by rel. A missing root gives an empty list.
std::vector<SourceFile> walk_files(const Disk& disk, const std::filesystem::path& root,
                                   std::vector<WalkProblem>* problems);

/// Glob match on a relative path: `*` and `?` stay within a path segment,
/// `**` crosses segments. A pattern without '/' matches any one segment
/// (`drafts` ignores every folder named drafts); a pattern that matches a
/// folder ignores everything below it.
bool glob_matches(std::string_view pattern, std::string_view path);

bool is_note_file(std::string_view name);

}  // namespace studywiki
