#pragma once
// The progress line: a build that runs for more than about two seconds on a
// terminal says on stderr which stage it is in (and how many pages of how
// many), rewritten in place and erased when the build ends. Never in CI logs
// or when stderr is piped: those get the summary line only.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace studywiki {

class Progress {
 public:
  /// Shown only when `wanted` and stderr is a terminal and $CI is not set.
  explicit Progress(bool wanted);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// The stage now running; `done()` (may be empty) counts towards `total`.
  void stage(std::string label, size_t total = 0, std::function<size_t()> done = {});
  /// Erases the line; nothing is shown after.
  void finish();

 private:
  void run();
  bool enabled_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool shown_ = false;
  std::string label_;
  size_t total_ = 0;
  std::function<size_t()> done_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::thread thread_;
};

}  // namespace studywiki
