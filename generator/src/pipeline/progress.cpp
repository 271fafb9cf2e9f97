#include "pipeline/progress.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace studywiki {

namespace {
constexpr auto kQuietFor = std::chrono::seconds(2);
constexpr auto kEvery = std::chrono::milliseconds(250);
}  // namespace

Progress::Progress(bool wanted) {
  const char* ci = std::getenv("CI");
  enabled_ = wanted && ::isatty(2) && !(ci && *ci);
  if (enabled_) thread_ = std::thread([this] { run(); });
}

Progress::~Progress() { finish(); }

void Progress::stage(std::string label, size_t total, std::function<size_t()> done) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  label_ = std::move(label);
  total_ = total;
  done_ = std::move(done);
}

void Progress::finish() {
  if (!enabled_) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  enabled_ = false;
}

void Progress::run() {
  std::unique_lock lock(mutex_);
  if (wake_.wait_until(lock, started_ + kQuietFor, [this] { return stop_; })) return;
  while (!stop_) {
    std::string line("studywiki: ");  // appended: GCC 12 warns (-Wrestrict) on "literal" + a string
    line += label_;
    line += "…";
    if (total_ > 0 && done_) {
      const size_t done = std::min(done_(), total_);
      line += ' ';
      line += std::to_string(done);
      line += '/';
      line += std::to_string(total_);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, " (%.0f s)", seconds);
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), elapsed);
    std::fflush(stderr);
    shown_ = true;
    wake_.wait_for(lock, kEvery, [this] { return stop_; });
  }
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

}  // namespace studywiki
