#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki::serve {

using Clock = std::chrono::steady_clock;

/// Turns a burst of file events into one rebuild: due `quiet` after the last
/// event, or `longest` after the first one of a burst that never pauses.
class Debouncer {
 public:
  explicit Debouncer(std::chrono::milliseconds quiet = std::chrono::milliseconds(100),
                     std::chrono::milliseconds longest = std::chrono::milliseconds(2000))
      : quiet_(quiet), longest_(longest) {}
  void event(Clock::time_point now);
  bool pending() const { return pending_; }
  /// True (and no longer pending) when the burst is over at `now`.
  bool due(Clock::time_point now);
  /// How long to wait from `now` before `due` can turn true; nullopt when nothing is pending.
  std::optional<std::chrono::milliseconds> wait(Clock::time_point now) const;

 private:
  std::chrono::milliseconds quiet_, longest_;
  bool pending_ = false;
  Clock::time_point first_{}, last_{};
};

/// Editors' temporary and backup files (`.x.swp`, `x~`, `.#x`, `#x#`, vim's
/// `4913` probe) and hidden names: saving one never starts a rebuild.
bool is_ignored_name(std::string_view name);

/// One tree to watch: `folder`, and in it only the paths `accept` takes
/// (relative, '/'-separated; folders are asked before their contents).
struct WatchRoot {
  std::filesystem::path folder;
  std::string shown;  ///< prefix of the paths reported ("content/", "" for the site folder)
  std::function<bool(const std::string& rel)> accept;
};

/// Watches trees for changes: inotify on Linux (new folders watched as they
/// appear), else a scan of sizes and mtimes every second.
class Watcher {
 public:
  virtual ~Watcher() = default;
  /// Waits up to `timeout_ms` (-1: no limit) or until `wake_fd` is readable;
  /// returns the paths that changed (shown form), possibly none.
  virtual std::vector<std::string> wait(int timeout_ms, int wake_fd) = 0;
  virtual const char* kind() const = 0;

  /// inotify when available and `polling` is false, else polling.
  static std::unique_ptr<Watcher> make(std::vector<WatchRoot> roots, bool polling);
};

}  // namespace studywiki::serve
