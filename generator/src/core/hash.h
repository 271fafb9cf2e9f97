#pragma once
// FNV-1a, 64 bits: the checksum of the files builds keep for the next one
// (the build state, the highlight cache), so damaged bytes are never trusted.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace studywiki {

inline uint64_t fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

/// 16 lower-case hex digits.
inline std::string hex64(uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

}  // namespace studywiki
