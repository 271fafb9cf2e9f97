#pragma once
// The byte format of the files builds keep for the next one (state/note_cache.h,
// state/graph_cache.h): unsigned LEB128 varints, zigzag for signed numbers,
// strings as a length and their bytes. A reader never reads past its bytes:
// a bad length or a short file sets `ok` to false and every later read
// returns nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki {

struct RecordOut {
  std::string s;
  void u(uint64_t v) {
    while (v >= 0x80) {
      s += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    s += static_cast<char>(v);
  }
  void i(int64_t v) { u((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }  // zigzag
  void b(bool v) { u(v ? 1 : 0); }
  void str(std::string_view v) {
    u(v.size());
    s.append(v);
  }
  void strs(const std::vector<std::string>& v) {
    u(v.size());
    for (const auto& x : v) str(x);
  }
};

/// A varint RecordOut::u wrote into memory this process owns (never a file: no
/// bounds are checked), at `p`, which moves past it. For hot loops over bytes
/// made moments before (search/postings.cpp's packed postings).
inline uint64_t read_own_varint(const unsigned char*& p) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    const unsigned char c = *p++;
    v |= static_cast<uint64_t>(c & 0x7f) << shift;
    if (!(c & 0x80)) return v;
  }
}

struct RecordIn {
  std::string_view s;
  size_t pos = 0;
  bool ok = true;
  uint64_t u() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= s.size()) return fail();
      const auto c = static_cast<unsigned char>(s[pos++]);
      v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if (!(c & 0x80)) return v;
    }
    return fail();
  }
  int64_t i() {
    const uint64_t v = u();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  int i32() { return static_cast<int>(i()); }
  bool b() { return u() != 0; }
  /// A string's bytes where they are (valid as long as `s`'s).
  std::string_view view() {
    const uint64_t n = u();
    if (!ok || n > s.size() - pos) {
      fail();
      return {};
    }
    const std::string_view v = s.substr(pos, n);
    pos += n;
    return v;
  }
  std::string str() {
    const uint64_t n = u();
    if (!ok || n > s.size() - pos) {
      fail();
      return {};
    }
    std::string v(s.substr(pos, n));
    pos += n;
    return v;
  }
  /// A count of items, each at least one byte: never more than the bytes left.
  size_t count() {
    const uint64_t n = u();
    if (!ok || n > s.size() - pos) {
      fail();
      return 0;
    }
    return static_cast<size_t>(n);
  }
  std::vector<std::string> strs() {
    std::vector<std::string> v(count());
    for (auto& x : v) x = str();
    return v;
  }
  uint64_t fail() {
    ok = false;
    pos = s.size();
    return 0;
  }
};

/// `bytes` with checksum64() (core/hash.h) of them appended (8 bytes, little-endian).
std::string with_checksum(std::string bytes);
/// Whether `bytes` ends in the checksum of what comes before it, which is then `*body`.
bool check_checksum(std::string_view bytes, std::string_view* body);
/// A cache file's records: a reader of `bytes` after `magic`, up to the checksum; nullopt,
/// with `why` set ("not a WHAT of this version", "damaged (cut short)", "damaged (checksum)"),
/// when `bytes` is not such a file whole.
std::optional<RecordIn> open_records(std::string_view bytes, std::string_view magic, const char* what,
                                     std::string* why);

}  // namespace studywiki
