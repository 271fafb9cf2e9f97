#include "output/writer.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/fs.h"

namespace studywiki {

namespace stdfs = std::filesystem;

namespace {

constexpr const char* kJournal = "journal";
/// Manifest entries reported one by one before the rest are only counted.
constexpr size_t kReportedRejections = 10;

/// Names a killed build of version 1 left beside its pages: "x.html.tmp123-4".
bool is_legacy_temp_name(std::string_view name) {
  const size_t dot = name.rfind(".tmp");
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string_view rest = name.substr(dot + 4);
  const size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string_view::npos || dash + 1 == rest.size()) return false;
  for (size_t i = 0; i < rest.size(); ++i)
    if (i != dash && (rest[i] < '0' || rest[i] > '9')) return false;
  return true;
}

/// The cause part of "cannot write X: Permission denied".
std::string cause_of(const std::string& error) {
  const size_t colon = error.rfind(": ");
  return colon == std::string::npos ? error : error.substr(colon + 2);
}

/// Every entry below `folder`, as std::filesystem's recursive iterator lists
/// them (symlinks not followed; a folder that cannot be read is skipped):
/// `visit(rel, path, name, info)` with lstat's `info`; a folder is entered
/// when `visit` returns true.
template <class Visit>
void walk_tree(const Disk& disk, const std::string& folder, const std::string& rel, const Visit& visit) {
  std::vector<std::string> names;
  if (!disk.list_folder(folder, names, nullptr)) return;
  for (const auto& name : names) {
    const std::string path = folder + "/" + name;
    const std::string child = rel.empty() ? name : rel + "/" + name;
    const FileInfo info = disk.lstat(path);
    if (visit(child, path, name, info) && info.type == FileInfo::Type::Folder) walk_tree(disk, path, child, visit);
  }
}

}  // namespace

OutputWriter::OutputWriter(Disk& disk, std::filesystem::path root, bool dry_run, bool explain,
                           Diagnostics& diagnostics)
    : disk_(disk), root_(std::move(root)), temp_(root_ / kTempFolder), dry_run_(dry_run), explain_(explain),
      diagnostics_(diagnostics) {}

/// The output folder as messages name it: 'public'.
std::string OutputWriter::shown() const {
  std::string quoted(1, '\'');  // appended: GCC 12 warns (-Wrestrict) on "'" + a temporary
  quoted += fs::generic(root_);
  quoted += '\'';
  return quoted;
}

int OutputWriter::lock(std::string& message) {
  if (dry_run_ || lock_) return 0;
  const std::string shown = this->shown();
  std::string error;
  if (!disk_.make_folders(root_.native(), &error)) {
    message = "cannot create output folder " + shown + ": " + cause_of(error);
    return 1;
  }
  lock_ = disk_.lock_folder(root_.native(), "studywiki: waiting for another build into " + shown + " to finish",
                            &error);
  if (!lock_) {
    message = error;
    return 1;
  }
  return 0;
}

int OutputWriter::prepare(bool clean, std::string& message) {
  if (dry_run_) return 0;
  if (const int status = lock(message); status != 0) return status;
  const std::string shown = this->shown();
  std::string error;
  // What earlier builds wrote: the manifest, and the journal of one killed halfway.
  const stdfs::path manifest_path = root_ / kManifest;
  const std::string manifest_display = fs::generic(manifest_path);
  const auto manifest_text = disk_.read_file(manifest_path.native(), nullptr);
  const auto journal_text = disk_.read_file((temp_ / kJournal).native(), nullptr);
  const bool had_temp = disk_.lstat(temp_.native()).type == FileInfo::Type::Folder;
  if (!manifest_text && !had_temp) {
    // Not ours: write nothing into a folder that holds anything but hidden files.
    size_t foreign = 0;
    std::string example;
    std::vector<std::string> names;
    disk_.list_folder(root_.native(), names, nullptr);
    for (const auto& name : names) {
      if (name.empty() || name[0] == '.') continue;
      if (foreign++ == 0 || name < example) example = name;
    }
    if (foreign > 0) {
      message = "output folder " + shown + " is not empty (" + std::to_string(foreign) +
                " entries, e.g. '" + example + "') and has no " + kManifest +
                ": studywiki did not write it, so it neither writes into it nor cleans it; "
                "choose a new or empty folder with --out, or empty this one yourself";
      return 2;
    }
  }
  std::vector<std::string> earlier;
  int legacy = 0;
  if (manifest_text) {
    Manifest m = Manifest::parse(*manifest_text);
    if (m.version == 0)
      std::fprintf(stderr, "studywiki: note: %s is from another version of studywiki; its list is not used\n",
                   manifest_display.c_str());
    legacy = m.version == 1;
    for (size_t i = 0; i < m.rejected.size() && i < kReportedRejections; ++i)
      diagnostics_.warning(manifest_display, m.rejected[i].line, 1,
                           "ignoring '" + m.rejected[i].text + "': not a path inside the output folder");
    if (m.rejected.size() > kReportedRejections)
      diagnostics_.warning(manifest_display, 0, 0,
                           "ignoring " + std::to_string(m.rejected.size() - kReportedRejections) +
                               " more entries that are not paths inside the output folder");
    earlier = std::move(m.paths);
  } else {
    legacy = true;  // a killed first build, or a folder of version 1
  }
  if (journal_text) {
    Manifest j = Manifest::parse(std::string(Manifest::kHeader) + "\n" + *journal_text);
    earlier.insert(earlier.end(), j.paths.begin(), j.paths.end());
  }
  for (auto& rel : earlier)
    if (rel != kManifest && rel.rfind(std::string(kTempFolder) + "/", 0) != 0) owned_.insert(std::move(rel));
  // Sweep what a killed build left: its temporary files (and, from version 1,
  // the "*.tmpNNN-N" files it left beside the pages).
  if (had_temp) {
    std::vector<std::string> names;
    disk_.list_folder(temp_.native(), names, nullptr);
    for (const auto& name : names) {
      const std::string path = (temp_ / name).native();
      if (disk_.stat(path).type != FileInfo::Type::Folder) disk_.remove_file(path);
    }
  }
  if (legacy) {
    walk_tree(disk_, root_.native(), std::string(),
              [&](const std::string&, const std::string& path, const std::string& name, const FileInfo& info) {
                if (info.type == FileInfo::Type::File && is_legacy_temp_name(name) && disk_.remove_file(path))
                  ++removed_;
                return true;
              });
  }
  // The temporary folder: made now, so that an unwritable output folder is
  // one clear error before anything is built.
  if (!disk_.make_folder(temp_.native(), &error)) {
    message = "cannot write into output folder " + shown + ": " + cause_of(error);
    return 1;
  }
  journal_ = disk_.create_append_file((temp_ / kJournal).native(), &error);
  if (!journal_) {
    message = "cannot write into output folder " + shown + ": " + cause_of(error);
    return 1;
  }
  if (clean) {
    std::vector<std::string> all(owned_.begin(), owned_.end());
    std::sort(all.begin(), all.end());
    for (const auto& rel : all) remove_owned(rel, "removed (--clean)");
    owned_.clear();
    // Files of others are never cleaned; say that they are there.
    size_t kept = 0;
    std::string example;
    walk_tree(disk_, root_.native(), std::string(),
              [&](const std::string& rel, const std::string&, const std::string& name, const FileInfo& info) {
                if (info.type == FileInfo::Type::Folder)
                  return name != ".git" && name != kTempFolder && name != kCacheFolder;
                if (name != kManifest && (kept++ == 0 || rel < example)) example = rel;
                return false;
              });
    if (kept > 0)
      std::fprintf(stderr,
                   "studywiki: note: --clean kept %zu file%s in %s that studywiki did not write (e.g. '%s'); "
                   "remove them yourself if they should go\n",
                   kept, kept == 1 ? "" : "s", shown.c_str(), example.c_str());
  }
  return 0;
}

void OutputWriter::record(const std::string& rel) {
  std::lock_guard lock(mutex_);
  produced_.insert(rel);
  // A file earlier builds did not write goes into the journal before it is
  // made, so a build killed after making it still knows it as its own.
  if (journal_ && !owned_.count(rel)) {
    const std::string line = rel + "\n";
    if (!journal_->append(line)) journal_.reset();
  }
}

void OutputWriter::write(const std::string& rel, std::string_view bytes) {
  std::shared_lock<std::shared_mutex> gate_open;
  if (gate_) {
    gate_open = std::shared_lock(gate_->writes);
    if (gate_->closed()) return;
  }
  record(rel);
  if (dry_run_) return;
  std::string error;
  const auto path = root_ / std::filesystem::u8path(rel);
  const bool existed = explain_ && disk_.stat(path.native()).exists();
  switch (write_if_changed(disk_, path.native(), bytes, &error, temp_.native())) {
    case fs::WriteResult::Unchanged: ++unchanged_; break;
    case fs::WriteResult::Written:
      ++written_;
      {
        std::lock_guard lock(mutex_);
        changed_.push_back(rel);
      }
      if (explain_) explain(rel + ": " + (existed ? "content changed" : "new file"));
      break;
    case fs::WriteResult::Failed: {
      // One error per cause (a full disk fails every file the same way).
      std::lock_guard lock(mutex_);
      const std::string cause = cause_of(error);
      if (first_failure_.empty() || cause != first_failure_) {
        if (first_failure_.empty()) first_failure_ = cause;
        diagnostics_.error(fs::generic(root_ / stdfs::u8path(rel)), 0, 0, error);
      } else {
        ++more_failures_;
      }
      break;
    }
  }
}

bool OutputWriter::keep_if(const std::string& rel, const FileInfo& stamp) {
  if (dry_run_) return false;
  std::shared_lock<std::shared_mutex> gate_open;
  if (gate_) {
    gate_open = std::shared_lock(gate_->writes);
    if (gate_->closed()) return true;  // nothing is written any more: nothing to do
  }
  if (!still(rel, stamp)) return false;
  record(rel);
  ++unchanged_;
  return true;
}

void OutputWriter::keep(const std::string& rel) {
  if (dry_run_) return;
  std::shared_lock<std::shared_mutex> gate_open;
  if (gate_) {
    gate_open = std::shared_lock(gate_->writes);
    if (gate_->closed()) return;
  }
  record(rel);
  ++unchanged_;
}

bool OutputWriter::still(const std::string& rel, const FileInfo& stamp) const {
  const FileInfo now = this->stamp(rel);
  return now.type == FileInfo::Type::File && now.size == stamp.size && now.mtime_ns == stamp.mtime_ns &&
         now.inode == stamp.inode;
}

FileInfo OutputWriter::stamp(const std::string& rel) const {
  return disk_.lstat((root_ / std::filesystem::u8path(rel)).native());
}

void OutputWriter::copy(const std::filesystem::path& from, const std::string& rel) {
  std::string error;
  auto bytes = disk_.read_file(from.native(), &error);
  if (!bytes) {
    diagnostics_.error(fs::generic(from), 0, 0, error);
    return;
  }
  write(rel, *bytes);
}

void OutputWriter::remove_owned(const std::string& rel, const char* why) {
  const auto refusal = removal_refusal(disk_, root_, rel);
  if (!refusal) return;  // already gone
  if (!refusal->empty()) {
    diagnostics_.warning(fs::generic(root_ / kManifest), 0, 0, "not removing '" + rel + "': it " + *refusal);
    return;
  }
  if (!disk_.remove_file((root_ / stdfs::u8path(rel)).native())) return;
  ++removed_;
  {
    std::lock_guard lock(mutex_);
    changed_.push_back(rel);
  }
  if (explain_) explain(rel + ": " + why);
  remove_empty_parents(disk_, root_, rel);
}

void OutputWriter::explain(std::string line) {
  std::lock_guard lock(mutex_);
  explained_.push_back(std::move(line));
}

void OutputWriter::print_explanations() {
  std::sort(explained_.begin(), explained_.end());
  for (const std::string& line : explained_) std::fprintf(stderr, "explain: %s\n", line.c_str());
  explained_.clear();
}

std::vector<std::string> OutputWriter::changed() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> list = changed_;
  std::sort(list.begin(), list.end());
  return list;
}

void OutputWriter::keep_the_rest() {
  std::lock_guard lock(mutex_);
  for (const auto& rel : owned_)
    if (produced_.insert(rel).second) ++unchanged_;
}

void OutputWriter::finish() {
  if (dry_run_) return;
  if (more_failures_ > 0)
    diagnostics_.error(fs::generic(root_), 0, 0,
                       std::to_string(more_failures_) + " more files could not be written: " + first_failure_);
  std::vector<std::string> stale;
  for (const auto& rel : owned_)
    if (!produced_.count(rel)) stale.push_back(rel);
  std::sort(stale.begin(), stale.end());
  for (const auto& rel : stale) remove_owned(rel, "removed (no longer produced)");
  std::vector<std::string> listed(produced_.begin(), produced_.end());
  std::string error;
  if (write_if_changed(disk_, (root_ / kManifest).native(), Manifest::format(listed), &error, temp_.native()) ==
      fs::WriteResult::Failed) {
    diagnostics_.error(fs::generic(root_ / kManifest), 0, 0, error);
    manifest_failed_ = true;
    return;  // the journal stays: the next build still knows what this one wrote
  }
  journal_.reset();
  disk_.remove_file((temp_ / kJournal).native());
  disk_.remove_folder(temp_.native());
}

}  // namespace studywiki
