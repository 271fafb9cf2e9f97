#include "content/dates.h"

#include <algorithm>
#include <ctime>

#include "content/front_matter.h"
#include "core/disk.h"

namespace studywiki {

std::string mtime_date(int64_t mtime) {
  std::tm tm{};
  const time_t t = static_cast<time_t>(mtime);
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

PerNote<NoteDates> assign_dates(const Disk& disk, const PerNote<LoadedNote>& notes,
                                const std::filesystem::path& source, const std::vector<SourceFile>* walked) {
  auto info_of = [&](const LoadedNote& n) {
    if (walked) {
      const auto f = std::lower_bound(walked->begin(), walked->end(), n.source,
                                      [](const SourceFile& a, const std::string& rel) { return a.rel < rel; });
      if (f != walked->end() && f->rel == n.source && f->info.exists()) return f->info;
    }
    return disk.stat((source / std::filesystem::path(n.disk)).native());
  };
  const auto git = disk.last_commit_dates(source.native());
  PerNote<NoteDates> dates(notes.size());
  for (NoteId id : notes.ids()) {
    const LoadedNote& n = notes[id];
    NoteDates& d = dates[id];
    std::string committed, modified;
    if (auto it = git.find(n.source); it != git.end()) {
      committed = it->second;
    } else {
      if (const FileInfo info = info_of(n); info.exists()) {
        modified = mtime_date(info.mtime);
      }
    }
    d.date = date_part(n.front.date);
    d.updated = date_part(n.front.updated);
    if (d.date.empty()) {
      d.date = committed.empty() ? modified : committed;
      d.from_mtime = committed.empty();
    }
    else if (d.updated.empty() && committed > d.date) d.updated = committed;
    d.sort_date = std::max(d.date, d.updated);
  }
  return dates;
}

}  // namespace studywiki
