#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace studywiki {

class Disk;
struct LastBuild;
struct WriteGate;

/// What a build did, for a caller that keeps running (`serve`): filled when
/// BuildOptions::outcome is set.
struct BuildOutcome {
  std::vector<std::string> changed;      ///< output files written or removed, relative to the output folder, sorted
  std::vector<std::string> failures;     ///< the diagnostics that fail the build (errors; with --strict, warnings)
  std::vector<std::string> warnings_shown;  ///< the other diagnostics, as printed
  size_t errors = 0, warnings = 0;
  size_t written = 0, unchanged = 0, removed = 0;
  size_t parsed = 0, rendered = 0;       ///< notes parsed, bodies rendered (state/note_cache.h)
  std::string base_url;                  ///< the site's, normalized ("" when none)
  double seconds = 0;
  bool cancelled = false;                ///< BuildOptions::gate was closed: the build stopped halfway
};

enum class BuildMode { Build, Check };

/// What the command line asked for (DESIGN.md "Commands").
struct BuildOptions {
  BuildMode mode = BuildMode::Build;
  std::filesystem::path site;        ///< where site.yml, templates/, static/ are; empty: none
  std::filesystem::path source;      ///< the notes
  std::filesystem::path out;         ///< the output folder
  std::string display_root;          ///< prefix diagnostics' paths are relative to ("content/")
  std::string base_url;              ///< overrides site.yml when set
  unsigned jobs = 0;                 ///< 0: hardware threads
  bool drafts = false;
  bool strict = false;
  bool explain = false;
  bool clean = false;
  bool quiet = false;
  bool exit_after_build = false;     ///< the process ends next: skip freeing the notes
  BuildOutcome* outcome = nullptr;   ///< when set, what the build did goes here too
  bool print_diagnostics = true;     ///< false: the caller prints them (from `outcome`)
  /// When set (`serve`), every stage's result goes here after a build that
  /// ran to the end (pipeline/last_build.h); null after a no-op build.
  std::shared_ptr<LastBuild>* keep = nullptr;
  /// false: build even when no input changed since the last build (for `keep`).
  bool allow_replay = true;
  /// When set (`serve`), closing it calls the build off (output/write_gate.h):
  /// run_build returns kCancelled, having written nothing since, and saved no state.
  WriteGate* gate = nullptr;
};

/// run_build's status when BuildOptions::gate was closed.
inline constexpr int kCancelled = 3;

/// Runs the whole pipeline on the real disk; prints diagnostics to stderr
/// and a summary to stdout. Returns the exit status: 0 ok, 1 the site has errors,
/// 2 bad usage (no source folder, a refused output folder). Without a site
/// folder, a `site.yml` at the source's root is the vault's configuration.
int run_build(const BuildOptions& options);
/// The same with every note, asset and output file on `disk` (the site
/// folder's site.yml and templates/ are read from the real disk).
int run_build(const BuildOptions& options, Disk& disk);

}  // namespace studywiki
