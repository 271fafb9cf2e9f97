#pragma once
// STUDYWIKI_SEARCH_TIMINGS=1 prints how long each step of the search index took
// (wall and the process's CPU) and the memory the program held from malloc
// after it (all threads': the build's stages run beside), as the stage timer
// does for the stages (pipeline/stage_timer.h).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <malloc.h>

namespace studywiki::search {

class PhaseTimer {
 public:
  /// `indent`: the steps of a step are printed under it.
  explicit PhaseTimer(const char* indent = "") : enabled_(std::getenv("STUDYWIKI_SEARCH_TIMINGS") != nullptr), indent_(indent) {}
  void operator()(const char* name) {
    if (!enabled_) return;
    const auto t = std::chrono::steady_clock::now();
    const std::clock_t c = std::clock();
    const auto heap = mallinfo2();
    std::fprintf(stderr, "search: %s%-10s %7.1f ms (cpu %7.1f ms) heap %zu MB\n", indent_, name,
                 std::chrono::duration<double, std::milli>(t - started_).count(),
                 1000.0 * static_cast<double>(c - cpu_started_) / CLOCKS_PER_SEC, (heap.uordblks + heap.hblkhd) >> 20);
    started_ = t;
    cpu_started_ = c;
  }

 private:
  bool enabled_;
  const char* indent_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::clock_t cpu_started_ = std::clock();
};

}  // namespace studywiki::search
