#include "content/git_dates.h"

#include <array>
#include <cstdio>
#include <sys/wait.h>

namespace studywiki {

namespace {
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}
}  // namespace

std::unordered_map<std::string, std::string> git_last_commit_dates(const std::filesystem::path& source) {
  std::unordered_map<std::string, std::string> dates;
  // --relative limits the log to `source` and prints paths relative to it;
  // the newest commit comes first, so the first date seen for a path wins.
  const std::string command = "TZ=UTC git -C " + shell_quote(source.string()) +
                              " -c core.quotepath=off log --relative --no-renames --name-only"
                              " --format=@%cd --date=format-local:%Y-%m-%d 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return dates;
  std::string current, line;
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) {
    line += buffer.data();
    if (line.empty() || line.back() != '\n') continue;
    line.pop_back();
    if (!line.empty() && line[0] == '@') current = line.substr(1);
    else if (!line.empty() && !current.empty()) dates.emplace(line, current);
    line.clear();
  }
  ::pclose(pipe);
  return dates;
}

}  // namespace studywiki
