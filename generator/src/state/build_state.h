#pragma once
// What a build leaves for the next one into the same output folder, so that
// a build whose inputs did not change does nothing (ninja's build log, make's
// timestamps): a stamp of every input — size, times and inode of every note,
// file, template, static file and configuration file, the generator binary,
// the options and the git commit the dates come from — with what the build
// printed and counted. The next build stamps its inputs the same way; when
// every stamp matches, it prints what the last one printed and writes nothing.
//
// The file lives in OUT/.studywiki-cache/state (never published: the Pages
// workflow leaves hidden folders out). It is removed before a build that will
// write, and saved after it finished, so a build killed halfway leaves none and
// the next build is a full one. A file that does not parse — truncated,
// garbled, another version — is ignored with a note, never trusted.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki {

class Disk;
struct SourceFiles;

/// One input as stat saw it. Equal stamps mean the bytes were not written
/// since, except within the same clock tick as the stamp (see `racy`).
struct InputStamp {
  std::string path;            ///< "n:db/a.md", "t:note.mustache", "c:site.yml", "x:" (the binary)…
  int type = 0;                ///< FileInfo::Type
  uint64_t size = 0, inode = 0;
  int64_t mtime_ns = 0, ctime_ns = 0;
  friend bool operator==(const InputStamp&, const InputStamp&) = default;
};

/// A line the build printed to stderr, with what it is.
struct StateMessage {
  enum class Kind : char { Note = 'n', Warning = 'w', Error = 'e' };
  Kind kind = Kind::Note;
  std::string text;
  friend bool operator==(const StateMessage&, const StateMessage&) = default;
};

struct BuildState {
  static constexpr int kVersion = 2;
  std::string key;                      ///< generator version, options, git commit: all must match
  std::vector<InputStamp> inputs;       ///< sorted by path
  std::vector<StateMessage> messages;   ///< what the build printed to stderr, in order
  size_t errors = 0, warnings = 0;
  size_t notes = 0, folders = 0, files = 0, outputs = 0;
};

/// The bytes of `state`; `parse_build_state` reads them back.
std::string serialize_build_state(const BuildState& state);
/// nullopt, with `why` set, when `bytes` is not a whole state file of this version.
std::optional<BuildState> parse_build_state(std::string_view bytes, std::string* why);

/// True when some input changed within `margin_ns` before `now_ns`: a later
/// write in the same clock tick would leave its stamp unchanged, so a state
/// holding such a stamp is not saved (the next build is a full one). The
/// binary's own stamp is left out (a test run right after linking it).
bool racy(const std::vector<InputStamp>& inputs, int64_t now_ns, int64_t margin_ns = 100'000'000);
/// One file's times, as racy() judges each input's (a file dated in the future is recent).
bool recent(int64_t mtime_ns, int64_t ctime_ns, int64_t now_ns, int64_t margin_ns = 100'000'000);

/// The stamp of `path` on `disk`, named `name`.
InputStamp stamp_of(const Disk& disk, const std::filesystem::path& path, std::string name);

/// Every input of a build into one list, sorted: the notes and files found
/// (`files`, stamped on `disk` under `source`), the vault's own site.yml and
/// Obsidian's template settings; the site folder's site.yml, templates/ and
/// static/ (`site`; site.yml and templates/ on `site_disk`, static/ on `disk`,
/// as the build reads them); the binary.
std::vector<InputStamp> stamp_inputs(const Disk& disk, const Disk& site_disk, const std::filesystem::path& source,
                                     const std::filesystem::path& site, const SourceFiles& files, unsigned jobs);

/// The commit the git history of `source` ends at ("" outside a repository):
/// note dates come from it, so a new commit changes the output.
std::string git_head(const std::filesystem::path& source);

/// The running binary's stamp (a rebuilt generator renders anew).
InputStamp generator_stamp();

/// The current time in nanoseconds, on the clock file times use.
int64_t now_ns();

}  // namespace studywiki
