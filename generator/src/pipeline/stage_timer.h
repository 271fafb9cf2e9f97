#pragma once
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace studywiki {

/// STUDYWIKI_TIMINGS=1 prints how long each stage took, for profiling:
/// `timing: load        3279.6 ms` on stderr.
class StageTimer {
 public:
  StageTimer() : enabled_(std::getenv("STUDYWIKI_TIMINGS") != nullptr) {}
  /// The stage that just ended.
  void done(const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    if (enabled_)
      std::fprintf(stderr, "timing: %-12s %7.1f ms\n", stage,
                   std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now(), last_ = started_;
};

}  // namespace studywiki
