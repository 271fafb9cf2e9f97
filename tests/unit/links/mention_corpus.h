#pragma once
// Random mention patterns (note titles) and text with some of them planted,
// for the matcher's unit test (small) and bench/micro (20,000 titles, 50 MB).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "links/mentions.h"

namespace studywiki::links::testing {

/// A reproducible generator (not the standard distributions, which vary).
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  }
  uint32_t below(uint32_t n) { return next() % n; }
};

struct MentionCorpus {
  std::vector<MentionPattern> patterns;  ///< half 2–8 ideographs, half one capitalized Latin word of 4–20 letters
  std::vector<std::string> chunks;       ///< note bodies: Chinese runs, English words, planted patterns, code
  std::size_t bytes = 0;                 ///< of all chunks
  std::size_t planted = 0;               ///< patterns written into the chunks (some in full width)
};

/// `pattern_count` patterns and `chunk_count` chunks of about `chunk_bytes`
/// bytes each; the same arguments give the same corpus.
inline MentionCorpus mention_corpus(uint32_t pattern_count, std::size_t chunk_count, std::size_t chunk_bytes,
                                    uint64_t seed) {
  Rng rng(seed);
  auto cjk = [&](std::string& s) { utf8::append(s, static_cast<char32_t>(0x4E00 + rng.below(2500))); };
  auto latin_word = [&](std::string& s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('a' + rng.below(26));
  };
  MentionCorpus c;
  for (uint32_t i = 0; i < pattern_count; ++i) {
    std::string s;
    if (i % 2 == 0) {
      const std::size_t n = 2 + rng.below(7);
      for (std::size_t k = 0; k < n; ++k) cjk(s);
    } else {
      latin_word(s, 4 + rng.below(17));
      s[0] = static_cast<char>(s[0] - 'a' + 'A');
    }
    c.patterns.push_back({s, static_cast<int>(i)});
  }
  c.chunks.resize(chunk_count);
  for (std::string& chunk : c.chunks) {
    chunk.reserve(chunk_bytes + chunk_bytes / 16);
    while (chunk.size() < chunk_bytes) {
      switch (rng.below(8)) {
        case 0: case 1: case 2: {  // a run of Chinese
          const std::size_t n = 4 + rng.below(20);
          for (std::size_t k = 0; k < n; ++k) cjk(chunk);
          chunk += rng.below(2) ? "，" : "。";
          break;
        }
        case 3: case 4: case 5:  // English words
          for (std::size_t k = 0, n = 1 + rng.below(6); k < n; ++k) {
            latin_word(chunk, 2 + rng.below(9));
            chunk += ' ';
          }
          break;
        case 6:  // a planted mention, sometimes in upper case or full width
          if (const std::string& t = c.patterns[rng.below(pattern_count)].text;
              rng.below(4) == 0 && t[0] >= 'A' && t[0] <= 'Z') {
            for (char ch : t) utf8::append(chunk, static_cast<char32_t>(0xFF01 + (ch - '!')));
          } else {
            chunk += t;
          }
          chunk += ' ';
          ++c.planted;
          break;
        default:
          chunk += "(1) `x`, ";
      }
    }
    c.bytes += chunk.size();
  }
  return c;
}

}  // namespace studywiki::links::testing
