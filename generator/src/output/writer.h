#pragma once
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/diagnostics.h"
#include "core/disk.h"
#include "output/output_dir.h"
#include "output/write_gate.h"

namespace studywiki {

/// Writes the output folder on a Disk: every file through write-if-changed (atomic,
/// untouched when the bytes are the same), remembering what this build
/// produced so files of deleted notes can be removed afterwards. In check
/// mode it writes nothing but still counts.
///
/// What the folder holds besides the pages: `.studywiki-manifest` (what the
/// last build wrote) and, while a build runs, `.studywiki-tmp/` (temporary
/// files before their rename, and a journal of the files this build made
/// that the manifest does not list yet, so a build killed halfway leaves
/// nothing the next one cannot recognise).
class OutputWriter {
 public:
  OutputWriter(Disk& disk, std::filesystem::path root, bool dry_run, bool explain, Diagnostics& diagnostics);

  /// Before the first write: creates the folder, takes its lock (waiting for
  /// another build), reads what earlier builds wrote, sweeps what a killed
  /// one left; with `clean`, removes every file an earlier build wrote.
  /// Returns 0, or the exit status with `message` set when the build must stop.
  int prepare(bool clean, std::string& message);
  /// Only the first step of prepare(): the folder made and locked, nothing
  /// read or swept (a build that finds nothing to do stops after it).
  int lock(std::string& message);

  void write(const std::string& rel, std::string_view bytes);
  /// When `rel` is still the file with `stamp` (its size, modification time and inode, as
  /// stamp() gave them after an earlier build wrote it): counted and kept as write() of the
  /// same bytes would, and true. False (write it) when it changed or is gone, or in check mode.
  bool keep_if(const std::string& rel, const FileInfo& stamp);
  /// keep_if() of a file the caller has just found still() as it was: not looked at again.
  void keep(const std::string& rel);
  /// How `rel` is on disk now (after write()): what keep_if() compares.
  FileInfo stamp(const std::string& rel) const;
  /// Whether `rel` is still the file `stamp` (from stamp()) describes: its size, modification time and inode.
  bool still(const std::string& rel, const FileInfo& stamp) const;
  /// Writes the file at `from` (read from the same disk) to `rel`.
  void copy(const std::filesystem::path& from, const std::string& rel);

  /// Every file an earlier build wrote that this one did not write or keep: kept as
  /// it is, unchecked, and counted unchanged; for a build that knows nothing else
  /// changed (pipeline/early_cutoff.h).
  void keep_the_rest();

  /// After the last write: removes files an earlier build wrote that this one
  /// did not, saves the manifest, removes the temporary folder.
  void finish();

  size_t written() const { return written_; }
  size_t unchanged() const { return unchanged_; }
  size_t removed() const { return removed_; }
  /// With --explain: why each file was written or removed ("db/a.html:
  /// content changed"), sorted by path, to stderr; then forgotten.
  void print_explanations();
  /// Whether some file or the manifest could not be written.
  bool failed() const { return !first_failure_.empty() || manifest_failed_; }
  /// The files written (bytes changed) or removed so far, sorted.
  std::vector<std::string> changed() const;
  /// The disk it writes on, where the files it copies are read too.
  Disk& disk() const { return disk_; }
  /// The output folder.
  const std::filesystem::path& root() const { return root_; }
  /// From now on every write first asks `gate` (output/write_gate.h); none once it is closed.
  void set_gate(WriteGate* gate) { gate_ = gate; }

  static constexpr const char* kManifest = Manifest::kFile;
  static constexpr const char* kTempFolder = ".studywiki-tmp";
  /// What builds keep for the next one (highlighted code: pipeline/build.cpp); never published, never a page.
  static constexpr const char* kCacheFolder = ".studywiki-cache";

 private:
  void record(const std::string& rel);
  void explain(std::string line);
  std::string shown() const;
  /// Removes `rel` when it is safe to; counts it.
  void remove_owned(const std::string& rel, const char* why);

  Disk& disk_;
  std::filesystem::path root_;
  std::filesystem::path temp_;
  bool dry_run_;
  bool explain_;
  Diagnostics& diagnostics_;
  std::unique_ptr<Disk::Lock> lock_;
  WriteGate* gate_ = nullptr;
  mutable std::mutex mutex_;
  std::set<std::string> produced_;
  std::unordered_set<std::string> owned_;  ///< what earlier builds wrote (manifest and journal)
  std::unique_ptr<Disk::AppendFile> journal_;  ///< .studywiki-tmp/journal
  std::vector<std::string> changed_;       ///< written or removed (under mutex_)
  std::string first_failure_;              ///< the first write error's cause, reported once
  size_t more_failures_ = 0;
  bool manifest_failed_ = false;
  std::vector<std::string> explained_;  ///< --explain lines, in the order the threads wrote them
  std::atomic<size_t> written_{0}, unchanged_{0}, removed_{0};
};

}  // namespace studywiki
