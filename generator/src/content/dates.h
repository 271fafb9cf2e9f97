#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "content/discovery.h"
#include "content/site.h"

namespace studywiki {

class Disk;

/// The dates stage: `date` from front matter, else the note's last git
/// commit (Disk::last_commit_dates), else its file's modification time;
/// `updated` from front matter, else a commit later than the written date
/// (an mtime is not trusted for that: checkouts and copies reset it).
/// The date of a file modified at `mtime` (seconds since the epoch, UTC): "YYYY-MM-DD".
std::string mtime_date(int64_t mtime);

/// A file's time is what the walk saw when `walked` has it (sorted by rel), else a stat's.
PerNote<NoteDates> assign_dates(const Disk& disk, const PerNote<LoadedNote>& notes,
                                const std::filesystem::path& source, const std::vector<SourceFile>* walked = nullptr);

}  // namespace studywiki
