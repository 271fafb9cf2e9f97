#include "state/record_io.h"

#include "core/hash.h"

namespace studywiki {

std::string with_checksum(std::string bytes) {
  const uint64_t sum = checksum64(bytes);
  for (int k = 0; k < 8; ++k) bytes += static_cast<char>((sum >> (8 * k)) & 0xff);
  return bytes;
}

bool check_checksum(std::string_view bytes, std::string_view* body) {
  if (bytes.size() < 8) return false;
  uint64_t sum = 0;
  for (int k = 0; k < 8; ++k)
    sum |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[bytes.size() - 8 + k])) << (8 * k);
  const std::string_view rest = bytes.substr(0, bytes.size() - 8);
  if (checksum64(rest) != sum) return false;
  *body = rest;
  return true;
}

std::optional<RecordIn> open_records(std::string_view bytes, std::string_view magic, const char* what,
                                     std::string* why) {
  auto bad = [&](std::string reason) -> std::optional<RecordIn> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (bytes.substr(0, magic.size()) != magic) return bad(std::string("not a ") + what + " of this version");
  if (bytes.size() < magic.size() + 8) return bad("damaged (cut short)");
  std::string_view body;
  if (!check_checksum(bytes, &body)) return bad("damaged (checksum)");
  RecordIn in;
  in.s = body;
  in.pos = magic.size();
  return in;
}

}  // namespace studywiki
