#include "output/writer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>
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

}  // namespace

OutputWriter::OutputWriter(std::filesystem::path root, bool dry_run, bool explain, Diagnostics& diagnostics)
    : root_(std::move(root)), temp_(root_ / kTempFolder), dry_run_(dry_run), explain_(explain),
      diagnostics_(diagnostics) {}

OutputWriter::~OutputWriter() {
  if (journal_ >= 0) ::close(journal_);
}

int OutputWriter::prepare(bool clean, std::string& message) {
  if (dry_run_) return 0;
  std::string shown(1, '\'');  // appended: GCC 12 warns (-Wrestrict) on "'" + a temporary
  shown += fs::generic(root_);
  shown += '\'';
  std::error_code ec;
  stdfs::create_directories(root_, ec);
  if (ec) {
    message = "cannot create output folder " + shown + ": " + ec.message();
    return 1;
  }
  if (std::string why = lock_.acquire(root_, "studywiki: waiting for another build into " + shown + " to finish");
      !why.empty()) {
    message = why;
    return 1;
  }
  // What earlier builds wrote: the manifest, and the journal of one killed halfway.
  const stdfs::path manifest_path = root_ / kManifest;
  const std::string manifest_display = fs::generic(manifest_path);
  const auto manifest_text = fs::read_file(manifest_path);
  const auto journal_text = fs::read_file(temp_ / kJournal);
  struct stat st;
  const bool had_temp = ::lstat(temp_.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  if (!manifest_text && !had_temp) {
    // Not ours: write nothing into a folder that holds anything but hidden files.
    size_t foreign = 0;
    std::string example;
    for (auto it = stdfs::directory_iterator(root_, ec); !ec && it != stdfs::directory_iterator(); it.increment(ec)) {
      const std::string name = fs::generic(it->path().filename());
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
  std::error_code entry_ec;  // an entry that cannot be examined is skipped; the walk goes on
  ec.clear();
  if (had_temp)
    for (auto it = stdfs::directory_iterator(temp_, ec); !ec && it != stdfs::directory_iterator(); it.increment(ec))
      if (!it->is_directory(entry_ec)) ::unlink(it->path().c_str());
  ec.clear();
  if (legacy) {
    for (auto it = stdfs::recursive_directory_iterator(root_, ec); !ec && it != stdfs::recursive_directory_iterator();
         it.increment(ec)) {
      const std::string name = fs::generic(it->path().filename());
      if (it->is_symlink(entry_ec) || !it->is_regular_file(entry_ec) || !is_legacy_temp_name(name)) continue;
      if (::unlink(it->path().c_str()) == 0) ++removed_;
    }
  }
  // The temporary folder: made now, so that an unwritable output folder is
  // one clear error before anything is built.
  if (::mkdir(temp_.c_str(), 0755) != 0 && errno != EEXIST) {
    message = "cannot write into output folder " + shown + ": " + std::strerror(errno);
    return 1;
  }
  journal_ = ::open((temp_ / kJournal).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (journal_ < 0) {
    message = "cannot write into output folder " + shown + ": " + std::strerror(errno);
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
    ec.clear();
    for (auto it = stdfs::recursive_directory_iterator(root_, ec); !ec && it != stdfs::recursive_directory_iterator();
         it.increment(ec)) {
      const std::string name = fs::generic(it->path().filename());
      if (it->is_directory(entry_ec) && !it->is_symlink(entry_ec)) {
        if (name == ".git" || name == kTempFolder) it.disable_recursion_pending();
        continue;
      }
      if (name == kManifest) continue;
      const std::string rel = fs::generic(it->path().lexically_relative(root_));
      if (kept++ == 0 || rel < example) example = rel;
    }
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
  if (journal_ >= 0 && !owned_.count(rel)) {
    const std::string line = rel + "\n";
    if (::write(journal_, line.data(), line.size()) < 0) {
      ::close(journal_);
      journal_ = -1;
    }
  }
}

void OutputWriter::write(const std::string& rel, std::string_view bytes) {
  record(rel);
  if (dry_run_) return;
  std::string error;
  const auto path = root_ / std::filesystem::u8path(rel);
  struct stat st;
  const bool existed = explain_ && ::stat(path.c_str(), &st) == 0;
  switch (fs::write_if_changed(path, bytes, &error, temp_)) {
    case fs::WriteResult::Unchanged: ++unchanged_; break;
    case fs::WriteResult::Written:
      ++written_;
      if (explain_) std::fprintf(stderr, "explain: %s: %s\n", rel.c_str(), existed ? "content changed" : "new file");
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

void OutputWriter::copy(const std::filesystem::path& from, const std::string& rel) {
  std::string error;
  auto bytes = fs::read_file(from, &error);
  if (!bytes) {
    diagnostics_.error(fs::generic(from), 0, 0, error);
    return;
  }
  write(rel, *bytes);
}

void OutputWriter::remove_owned(const std::string& rel, const char* why) {
  const auto refusal = removal_refusal(root_, rel);
  if (!refusal) return;  // already gone
  if (!refusal->empty()) {
    diagnostics_.warning(fs::generic(root_ / kManifest), 0, 0, "not removing '" + rel + "': it " + *refusal);
    return;
  }
  if (::unlink((root_ / stdfs::u8path(rel)).c_str()) != 0) return;
  ++removed_;
  if (explain_) std::fprintf(stderr, "explain: %s: %s\n", rel.c_str(), why);
  remove_empty_parents(root_, rel);
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
  if (fs::write_if_changed(root_ / kManifest, Manifest::format(listed), &error, temp_) == fs::WriteResult::Failed) {
    diagnostics_.error(fs::generic(root_ / kManifest), 0, 0, error);
    return;  // the journal stays: the next build still knows what this one wrote
  }
  if (journal_ >= 0) ::close(journal_);
  journal_ = -1;
  ::unlink((temp_ / kJournal).c_str());
  ::rmdir(temp_.c_str());
}

}  // namespace studywiki
