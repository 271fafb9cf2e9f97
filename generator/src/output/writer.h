#pragma once
#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/diagnostics.h"

namespace studywiki {

/// Writes the output folder: every file through write-if-changed (atomic,
/// untouched when the bytes are the same), remembering what this build
/// produced so files of deleted notes can be removed afterwards. In check
/// mode it writes nothing but still counts.
class OutputWriter {
 public:
  OutputWriter(std::filesystem::path root, bool dry_run, bool explain, Diagnostics& diagnostics);

  void write(const std::string& rel, std::string_view bytes);
  void copy(const std::filesystem::path& from, const std::string& rel);

  /// Removes files the previous build wrote (its manifest) that this one did
  /// not; with `everything`, any file under the root this build did not write.
  void remove_stale(bool everything);
  void save_manifest();

  size_t written() const { return written_; }
  size_t unchanged() const { return unchanged_; }
  size_t removed() const { return removed_; }

  static constexpr const char* kManifest = ".studywiki-manifest";

 private:
  void record(const std::string& rel);

  std::filesystem::path root_;
  bool dry_run_;
  bool explain_;
  Diagnostics& diagnostics_;
  std::mutex mutex_;
  std::set<std::string> produced_;
  std::atomic<size_t> written_{0}, unchanged_{0}, removed_{0};
};

}  // namespace studywiki
