#include "content/dates.h"

#include <algorithm>
#include <ctime>
#include <sys/stat.h>

#include "content/front_matter.h"
#include "content/git_dates.h"

namespace studywiki {

PerNote<NoteDates> assign_dates(const PerNote<LoadedNote>& notes, const std::filesystem::path& source) {
  const auto git = git_last_commit_dates(source);
  PerNote<NoteDates> dates(notes.size());
  for (NoteId id : notes.ids()) {
    const LoadedNote& n = notes[id];
    NoteDates& d = dates[id];
    std::string committed, modified;
    if (auto it = git.find(n.source); it != git.end()) {
      committed = it->second;
    } else {
      struct stat st;
      if (::stat((source / std::filesystem::path(n.disk)).c_str(), &st) == 0) {
        std::tm tm{};
        time_t t = st.st_mtime;
        gmtime_r(&t, &tm);
        char buf[16];
        std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        modified = buf;
      }
    }
    d.date = date_part(n.front.date);
    d.updated = date_part(n.front.updated);
    if (d.date.empty()) d.date = committed.empty() ? modified : committed;
    else if (d.updated.empty() && committed > d.date) d.updated = committed;
    d.sort_date = std::max(d.date, d.updated);
  }
  return dates;
}

}  // namespace studywiki
