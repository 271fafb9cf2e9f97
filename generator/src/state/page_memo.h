#pragma once
// What the page stage wrote, kept for the next build in OUT/.studywiki-cache/pages:
// for every page made through the templates, the fingerprint of what made it
// (PageRenderer::fingerprint: its template and its whole context) and the
// stamp of the file as written. A page whose fingerprint is the same and whose
// file still has that stamp is not rendered again. The file ends in a checksum;
// one that is damaged or of another key is not used.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/disk.h"

namespace studywiki {

struct PageMemo {
  struct Entry {
    uint64_t fingerprint = 0;
    FileInfo stamp;  ///< size, mtime_ns and inode are kept
  };
  std::string key;  ///< what decides the pages besides their inputs (the binary, the options)
  std::unordered_map<std::string, Entry> pages;  ///< by output path
};

std::string serialize_page_memo(const PageMemo& memo);
/// nullopt (with `why` when the file is damaged or of another version) when it cannot be used.
std::optional<PageMemo> parse_page_memo(std::string_view bytes, std::string* why);

}  // namespace studywiki
