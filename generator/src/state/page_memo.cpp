#include "state/page_memo.h"

#include <algorithm>
#include <vector>

#include "state/record_io.h"

namespace studywiki {

namespace {

constexpr std::string_view kMagic = "studywiki-pages 1\n";

}  // namespace

std::string serialize_page_memo(const PageMemo& memo) {
  std::vector<const std::pair<const std::string, PageMemo::Entry>*> sorted;  // the same bytes for the same pages
  for (const auto& page : memo.pages) sorted.push_back(&page);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  RecordOut o;
  o.s = kMagic;
  o.str(memo.key);
  o.u(sorted.size());
  for (const auto* page : sorted) {
    o.str(page->first);
    o.u(page->second.fingerprint);
    o.u(page->second.stamp.size);
    o.i(page->second.stamp.mtime_ns);
    o.u(page->second.stamp.inode);
  }
  return with_checksum(std::move(o.s));
}

std::optional<PageMemo> parse_page_memo(std::string_view bytes, std::string* why) {
  auto bad = [&](const char* reason) -> std::optional<PageMemo> {
    if (why) *why = reason;
    return std::nullopt;
  };
  auto opened = open_records(bytes, kMagic, "page memo", why);
  if (!opened) return std::nullopt;
  RecordIn& in = *opened;
  PageMemo memo;
  memo.key = in.str();
  const size_t count = in.count();
  memo.pages.reserve(count);
  for (size_t k = 0; k < count && in.ok; ++k) {
    std::string out = in.str();
    PageMemo::Entry e;
    e.fingerprint = in.u();
    e.stamp.type = FileInfo::Type::File;
    e.stamp.size = in.u();
    e.stamp.mtime_ns = in.i();
    e.stamp.inode = in.u();
    memo.pages.emplace(std::move(out), e);
  }
  if (!in.ok || in.pos != in.s.size()) return bad("damaged (record)");
  return memo;
}

}  // namespace studywiki
