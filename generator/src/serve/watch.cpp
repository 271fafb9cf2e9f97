// Watching the site's sources for `serve`: inotify (recursive by hand) or
// polling, and the debouncing that makes a burst of saves one rebuild.
#include "serve/watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <system_error>

namespace studywiki::serve {

namespace stdfs = std::filesystem;
using std::chrono::milliseconds;

void Debouncer::event(Clock::time_point now) {
  if (!pending_) first_ = now;
  pending_ = true;
  last_ = now;
}

bool Debouncer::due(Clock::time_point now) {
  if (!pending_) return false;
  if (now - last_ >= quiet_ || now - first_ >= longest_) {
    pending_ = false;
    return true;
  }
  return false;
}

std::optional<milliseconds> Debouncer::wait(Clock::time_point now) const {
  if (!pending_) return std::nullopt;
  const auto until = std::min(last_ + quiet_, first_ + longest_);
  if (until <= now) return milliseconds(0);
  return std::chrono::ceil<milliseconds>(until - now);
}

bool is_ignored_name(std::string_view name) {
  if (name.empty() || name[0] == '.') return true;  // hidden: .git, .obsidian, .#lock, .x.swp
  if (name.back() == '~') return true;              // backups
  if (name == "4913") return true;                  // vim checks it can write the folder
  if (name.size() >= 2 && name.front() == '#' && name.back() == '#') return true;  // Emacs auto-save
  for (std::string_view ext : {".swp", ".swx", ".swo", ".tmp", ".crdownload", ".part"})
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return true;
  return false;
}

namespace {

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "/" + b; }

/// Every accepted folder under root (rel "" first), not following symlinks to folders.
void list_folders(const WatchRoot& root, const std::string& rel, std::vector<std::string>& out) {
  out.push_back(rel);
  std::error_code ec;
  stdfs::directory_iterator it(rel.empty() ? root.folder : root.folder / stdfs::u8path(rel), ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().native();
    if (is_ignored_name(name)) continue;
    std::error_code ec2;
    if (!it->is_directory(ec2) || it->is_symlink(ec2)) continue;
    const std::string child = join(rel, name);
    if (root.accept(child)) list_folders(root, child, out);
  }
}

class InotifyWatcher : public Watcher {
 public:
  InotifyWatcher(std::vector<WatchRoot> roots, int fd) : roots_(std::move(roots)), fd_(fd) {
    for (size_t r = 0; r < roots_.size(); ++r) add_tree(r, "");
  }
  ~InotifyWatcher() override { ::close(fd_); }
  const char* kind() const override { return "inotify"; }
  /// The errno of the first folder that could not be watched (0: none), ENOSPC
  /// when the system's limit (fs.inotify.max_user_watches) is reached.
  int failure() const { return failure_; }
  /// From now on a folder that cannot be watched is reported.
  void started() { started_ = true; }

  std::vector<std::string> wait(int timeout_ms, int wake_fd) override {
    std::set<std::string> changed;
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int n = ::poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
    if (n <= 0 || !(fds[0].revents & POLLIN)) return {};
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
      const ssize_t len = ::read(fd_, buffer, sizeof buffer);
      if (len <= 0) break;
      for (char* p = buffer; p < buffer + len;) {
        const auto* e = reinterpret_cast<const inotify_event*>(p);
        p += sizeof(inotify_event) + e->len;
        handle(*e, changed);
      }
      pollfd again{fd_, POLLIN, 0};
      if (::poll(&again, 1, 0) <= 0) break;
    }
    return {changed.begin(), changed.end()};
  }

 private:
  struct Watched {
    size_t root;
    std::string rel;
  };

  /// Watches `rel` and the folders in it; with `found`, the files already
  /// there are changes too (made before the watch was).
  void add_tree(size_t r, const std::string& rel, std::set<std::string>* found = nullptr) {
    std::vector<std::string> folders;
    list_folders(roots_[r], rel, folders);
    for (const auto& f : folders) {
      // The watch first, then the listing: a file made between the two is
      // seen twice (harmless), never missed (it was, with the listing first).
      const stdfs::path path = f.empty() ? roots_[r].folder : roots_[r].folder / stdfs::u8path(f);
      const int wd = inotify_add_watch(fd_, path.c_str(),
                                       IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                           IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW);
      if (wd >= 0) {
        watched_[wd] = {r, f};
      } else if (failure_ == 0 && errno != ENOENT) {  // a folder gone meanwhile is no failure
        failure_ = errno;
        // Only folders made after the start can get here (make() polls when the first watch falls short).
        if (started_)
          std::fprintf(stderr, "studywiki: warning: cannot watch %s for changes (%s); restart serve to watch by polling\n",
                       path.c_str(), std::strerror(failure_));
      }
      if (found) {
        std::error_code ec;
        stdfs::directory_iterator it(roots_[r].folder / stdfs::u8path(f), ec), end;
        for (; !ec && it != end; it.increment(ec)) {
          const std::string name = it->path().filename().native();
          std::error_code ec2;
          if (!is_ignored_name(name) && !it->is_directory(ec2) && roots_[r].accept(join(f, name)))
            found->insert(roots_[r].shown + join(f, name));
        }
      }
    }
  }

  void handle(const inotify_event& e, std::set<std::string>& changed) {
    if (e.mask & IN_Q_OVERFLOW) {
      changed.insert("(many files)");
      return;
    }
    if (e.mask & IN_IGNORED) {
      watched_.erase(e.wd);
      return;
    }
    const auto it = watched_.find(e.wd);
    if (it == watched_.end() || e.len == 0) return;
    const Watched w = it->second;
    const std::string name(e.name);
    if (is_ignored_name(name)) return;
    const std::string rel = join(w.rel, name);
    const WatchRoot& root = roots_[w.root];
    if (!root.accept(rel)) return;
    // A new folder (made, or moved in): watched too, and the files it already holds are the changes.
    if ((e.mask & IN_ISDIR) && (e.mask & (IN_CREATE | IN_MOVED_TO))) return add_tree(w.root, rel, &changed);
    changed.insert(root.shown + rel);
  }

  std::vector<WatchRoot> roots_;
  int fd_;
  std::map<int, Watched> watched_;
  int failure_ = 0;
  bool started_ = false;  ///< the first watch is made: later failures are reported
};

class PollingWatcher : public Watcher {
 public:
  explicit PollingWatcher(std::vector<WatchRoot> roots) : roots_(std::move(roots)) { snapshot_ = scan(); }
  const char* kind() const override { return "polling"; }

  std::vector<std::string> wait(int timeout_ms, int wake_fd) override {
    // A scan every second; a shorter timeout (the debounce) only waits.
    const auto now = Clock::now();
    if (now < next_scan_) {
      const int until = static_cast<int>(std::chrono::ceil<milliseconds>(next_scan_ - now).count());
      pollfd fd{wake_fd, POLLIN, 0};
      const int ms = timeout_ms < 0 ? until : std::min(timeout_ms, until);
      if (::poll(&fd, wake_fd >= 0 ? 1 : 0, ms) > 0 || Clock::now() < next_scan_) return {};
    }
    next_scan_ = Clock::now() + milliseconds(1000);
    auto now_files = scan();
    std::vector<std::string> changed;
    for (const auto& [path, stamp] : now_files) {
      const auto old = snapshot_.find(path);
      if (old == snapshot_.end() || old->second != stamp) changed.push_back(path);
    }
    for (const auto& [path, stamp] : snapshot_)
      if (!now_files.count(path)) changed.push_back(path);
    snapshot_ = std::move(now_files);
    std::sort(changed.begin(), changed.end());
    return changed;
  }

 private:
  using Stamp = std::pair<long long, unsigned long long>;  // mtime (ns), size

  std::map<std::string, Stamp> scan() const {
    std::map<std::string, Stamp> files;
    for (const WatchRoot& root : roots_) {
      std::vector<std::string> folders;
      list_folders(root, "", folders);
      for (const auto& f : folders) {
        std::error_code ec;
        stdfs::directory_iterator it(f.empty() ? root.folder : root.folder / stdfs::u8path(f), ec), end;
        for (; !ec && it != end; it.increment(ec)) {
          const std::string name = it->path().filename().native();
          const std::string rel = join(f, name);
          std::error_code ec2;
          if (is_ignored_name(name) || it->is_directory(ec2) || !root.accept(rel)) continue;
          const auto mtime = it->last_write_time(ec2);
          const auto size = ec2 ? 0 : it->file_size(ec2);
          files[root.shown + rel] = {static_cast<long long>(mtime.time_since_epoch().count()),
                                     static_cast<unsigned long long>(size)};
        }
      }
    }
    return files;
  }

  std::vector<WatchRoot> roots_;
  std::map<std::string, Stamp> snapshot_;
  Clock::time_point next_scan_ = Clock::now() + milliseconds(1000);
};

}  // namespace

std::unique_ptr<Watcher> Watcher::make(std::vector<WatchRoot> roots, bool polling) {
  if (!polling) {
    const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
      std::fprintf(stderr, "studywiki: note: inotify is not available (%s); watching by polling\n", std::strerror(errno));
    } else {
      auto w = std::make_unique<InotifyWatcher>(roots, fd);
      if (w->failure() == 0) {
        w->started();
        return w;
      }
      // Some folder would go unwatched: polling sees every change, if later.
      std::fprintf(stderr, "studywiki: note: inotify cannot watch every folder (%s%s); watching by polling\n",
                   std::strerror(w->failure()),
                   w->failure() == ENOSPC ? ": raise fs.inotify.max_user_watches" : "");
    }
  }
  return std::make_unique<PollingWatcher>(std::move(roots));
}

}  // namespace studywiki::serve
