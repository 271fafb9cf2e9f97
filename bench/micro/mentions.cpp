// The unlinked-mention matcher (links/mentions.h) at vault scale: an automaton
// for 20,000 titles, then 10,000 note bodies of 5 KB (50 MB) scanned.
#include <cstdio>
#include <optional>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "micro.h"
#include "mention_corpus.h"
#include "timer.h"

namespace studywiki::bench {

int bench_mentions(int runs) {
  const auto corpus = links::testing::mention_corpus(20000, 10000, 5000, 42);
  Best build, scan;
  std::size_t patterns = 0, found = 0;
  double heap_mb = -1;
  for (int run = 0; run < runs; ++run) {
#if defined(__GLIBC__)
    const auto heap = [] {  // small blocks + mmap'ed large ones
      const auto info = mallinfo2();
      return info.uordblks + info.hblkhd;
    };
    const std::size_t heap_before = heap();
#endif
    std::optional<links::MentionFinder> finder;
    build.run([&] { finder.emplace(corpus.patterns); });
#if defined(__GLIBC__)
    heap_mb = static_cast<double>(heap() - heap_before) / 1e6;
#endif
    scan.run([&] {
      found = 0;
      for (const std::string& chunk : corpus.chunks) found += finder->find(chunk).size();
    });
    patterns = finder->pattern_count();
  }
  const double mb = static_cast<double>(corpus.bytes) / 1e6;
  std::printf("mentions: automaton for %zu patterns: %s; heap %.1f MB\n", patterns, build.text().c_str(), heap_mb);
  std::printf("mentions: scan of %.1f MB in %zu chunks: %s (%.0f MB/s CPU); %zu hits, %zu planted\n", mb,
              corpus.chunks.size(), scan.text().c_str(), mb / (scan.cpu_ms / 1000), found, corpus.planted);
  // Planted ones can lose to a longer or earlier overlapping match.
  return patterns == 20000 && found >= corpus.planted * 9 / 10 ? 0 : 1;
}

}  // namespace studywiki::bench
