#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace studywiki {

/// Runs `fn(i, worker)` for i in [0, n) on `jobs` threads, handing out indices
/// one at a time so uneven notes balance. `worker` is 0..jobs-1, for per-thread
/// state. Results must be written to slot i, never appended, so the output
/// does not depend on scheduling.
template <typename Fn>
void parallel_for(size_t n, unsigned jobs, Fn&& fn) {
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(n, 1))));
  if (jobs == 1) {
    for (size_t i = 0; i < n; ++i) fn(i, 0u);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned w = 0; w < jobs; ++w) {
    threads.emplace_back([&, w] {
      for (size_t i = next++; i < n; i = next++) fn(i, w);
    });
  }
  for (auto& t : threads) t.join();
}

unsigned default_jobs();

}  // namespace studywiki
