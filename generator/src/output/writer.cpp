#include "output/writer.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "core/fs.h"

namespace studywiki {

OutputWriter::OutputWriter(std::filesystem::path root, bool dry_run, bool explain, Diagnostics& diagnostics)
    : root_(std::move(root)), dry_run_(dry_run), explain_(explain), diagnostics_(diagnostics) {}

void OutputWriter::record(const std::string& rel) {
  std::lock_guard lock(mutex_);
  produced_.insert(rel);
}

void OutputWriter::write(const std::string& rel, std::string_view bytes) {
  record(rel);
  if (dry_run_) return;
  std::string error;
  const auto path = root_ / std::filesystem::u8path(rel);
  bool existed = explain_ && std::filesystem::exists(path);
  switch (fs::write_if_changed(path, bytes, &error)) {
    case fs::WriteResult::Unchanged: ++unchanged_; break;
    case fs::WriteResult::Written:
      ++written_;
      if (explain_) std::fprintf(stderr, "explain: %s: %s\n", rel.c_str(), existed ? "content changed" : "new file");
      break;
    case fs::WriteResult::Failed: diagnostics_.error(rel, 0, 0, error); break;
  }
}

void OutputWriter::copy(const std::filesystem::path& from, const std::string& rel) {
  std::string error;
  auto bytes = fs::read_file(from, &error);
  if (!bytes) {
    diagnostics_.error(fs::generic(from), 0, 0, error);
    return;
  }
  write(rel, *bytes);
}

void OutputWriter::remove_stale(bool everything) {
  if (dry_run_) return;
  namespace stdfs = std::filesystem;
  std::vector<std::string> candidates;
  if (auto manifest = fs::read_file(root_ / kManifest)) {
    std::istringstream in(*manifest);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) candidates.push_back(line);
  }
  std::error_code ec;
  if (everything && stdfs::exists(root_, ec)) {
    for (auto it = stdfs::recursive_directory_iterator(root_, ec); !ec && it != stdfs::recursive_directory_iterator();
         it.increment(ec)) {
      const std::string name = fs::generic(it->path().filename());
      if (it->is_directory() && name == ".git") {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) candidates.push_back(fs::generic(it->path().lexically_relative(root_)));
    }
  }
  for (const auto& rel : candidates) {
    if (rel == kManifest || produced_.count(rel) || rel.find("..") != std::string::npos) continue;
    auto path = root_ / stdfs::u8path(rel);
    if (stdfs::remove(path, ec)) {
      ++removed_;
      if (explain_) std::fprintf(stderr, "explain: %s: removed (no longer produced)\n", rel.c_str());
      // Remove folders the file leaves empty.
      for (auto dir = path.parent_path(); dir != root_ && stdfs::is_empty(dir, ec); dir = dir.parent_path())
        if (!stdfs::remove(dir, ec)) break;
    }
  }
}

void OutputWriter::save_manifest() {
  if (dry_run_) return;
  std::string text;
  for (const auto& rel : produced_) text += rel + "\n";
  fs::write_if_changed(root_ / kManifest, text);
}

}  // namespace studywiki
