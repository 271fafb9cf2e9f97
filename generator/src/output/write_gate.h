#pragma once
// A build that `serve` can call off: once `cancel` is set (under `writes`,
// held exclusively), the build writes nothing more — a write in progress
// holds `writes` shared, so it is either done before `cancel` is set or
// never starts — and stops at its next stage, leaving the output folder as a
// killed build does (its journal tells the next build what it made).
#include <atomic>
#include <mutex>
#include <shared_mutex>

namespace studywiki {

struct WriteGate {
  std::atomic<bool> cancel{false};
  std::shared_mutex writes;

  /// Calls the build off; returns once no write of it is in progress.
  void close() {
    std::unique_lock lock(writes);
    cancel = true;
  }
  bool closed() const { return cancel.load(); }
};

}  // namespace studywiki
