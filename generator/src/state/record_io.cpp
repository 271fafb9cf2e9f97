#include "state/record_io.h"

#include "core/hash.h"

namespace studywiki {

std::string with_checksum(std::string bytes) {
  const uint64_t sum = fnv1a64(bytes);
  for (int k = 0; k < 8; ++k) bytes += static_cast<char>((sum >> (8 * k)) & 0xff);
  return bytes;
}

bool check_checksum(std::string_view bytes, std::string_view* body) {
  if (bytes.size() < 8) return false;
  uint64_t sum = 0;
  for (int k = 0; k < 8; ++k)
    sum |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[bytes.size() - 8 + k])) << (8 * k);
  const std::string_view rest = bytes.substr(0, bytes.size() - 8);
  if (fnv1a64(rest) != sum) return false;
  *body = rest;
  return true;
}

}  // namespace studywiki
