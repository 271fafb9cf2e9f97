#pragma once
// Wall and CPU time of a piece of work, for bench/micro's figures.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>

namespace studywiki::bench {

/// The fastest of several runs, in wall time and this process's CPU time
/// (std::clock, all threads), which other work on a shared machine disturbs less.
struct Best {
  double wall_ms = 1e300, cpu_ms = 1e300;

  template <class F>
  void run(F&& f) {
    const auto w = std::chrono::steady_clock::now();
    const std::clock_t c = std::clock();
    f();
    cpu_ms = std::min(cpu_ms, 1000.0 * static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC);
    wall_ms = std::min(wall_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w).count());
  }

  std::string text() const {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.1f ms wall, %.1f ms CPU", wall_ms, cpu_ms);
    return buf;
  }
};

}  // namespace studywiki::bench
