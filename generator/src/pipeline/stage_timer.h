#pragma once
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>

namespace studywiki {

/// STUDYWIKI_TIMINGS=1 prints how long each stage took and the process's
/// memory after it (resident, and the peak so far), for profiling:
/// `timing: load          3279.6 ms   rss   612 MB  peak   640 MB  heap   590 MB` on stderr
/// (heap: what the program holds from malloc, in use, of the resident memory).
class StageTimer {
 public:
  StageTimer() : enabled_(std::getenv("STUDYWIKI_TIMINGS") != nullptr) {}
  /// The stage that just ended.
  void done(const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    if (enabled_) {
      long rss = 0, peak = 0;
      if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f)) {
          std::sscanf(line, "VmRSS: %ld kB", &rss);
          std::sscanf(line, "VmHWM: %ld kB", &peak);
        }
        std::fclose(f);
      }
      const auto heap = mallinfo2();  // bytes the program holds from malloc, beside what the system lent it
      std::fprintf(stderr, "timing: %-12s %7.1f ms   rss %5ld MB  peak %5ld MB  heap %5zu MB\n", stage,
                   std::chrono::duration<double, std::milli>(now - last_).count(), rss / 1024, peak / 1024,
                   (heap.uordblks + heap.hblkhd) >> 20);
    }
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
