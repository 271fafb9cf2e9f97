// bench_micro: timings of single components at vault scale, moved out of the
// unit tests (which keep their correctness checks at a small size).
//
//   bench_micro [--runs K] [mentions] [suggest] [layout]     (default: all, K = 3)
//
// Each figure is the fastest of K runs, wall and CPU time.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "micro.h"

namespace {

struct Benchmark {
  const char* name;
  int (*run)(int runs);
};

constexpr Benchmark kBenchmarks[] = {
    {"mentions", studywiki::bench::bench_mentions},
    {"suggest", studywiki::bench::bench_suggest},
    {"layout", studywiki::bench::bench_layout},
};

int usage(std::FILE* to) {
  std::fprintf(to, "usage: bench_micro [--runs K] [mentions] [suggest] [layout]\n");
  return to == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  std::vector<const Benchmark*> chosen;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") return usage(stdout);
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
      if (runs < 1) return usage(stderr);
      continue;
    }
    const Benchmark* found = nullptr;
    for (const Benchmark& b : kBenchmarks)
      if (arg == b.name) found = &b;
    if (found == nullptr) {
      std::fprintf(stderr, "bench_micro: unknown benchmark or option: %s\n", arg.c_str());
      return usage(stderr);
    }
    chosen.push_back(found);
  }
  if (chosen.empty())
    for (const Benchmark& b : kBenchmarks) chosen.push_back(&b);
  int status = 0;
  for (const Benchmark* b : chosen) {
    if (b->run(runs) != 0) {
      std::fprintf(stderr, "bench_micro: %s: sanity check failed\n", b->name);
      status = 1;
    }
    std::fflush(stdout);
  }
  return status;
}
