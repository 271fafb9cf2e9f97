#include "links/mentions.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <limits>
#include <utility>

#include "core/utf8.h"

namespace studywiki::links {

namespace {

/// The high bits of bytes 1..count of a little-endian word, for count 0..7.
constexpr std::uint64_t kLabelBits[8] = {
    0,
    0x0000000000008000ULL,
    0x0000000000808000ULL,
    0x0000000080808000ULL,
    0x0000008080808000ULL,
    0x0000808080808000ULL,
    0x0080808080808000ULL,
    0x8080808080808000ULL,
};

/// Width, then case: the fold applied to text and patterns alike, one code
/// point to one code point.
inline char32_t fold(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  if (c >= 0xFF01 && c <= 0xFF5E) {
    c -= 0xFEE0;
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  }
  if (c == 0x3000) return ' ';
  if (c >= 0x4E00 && c <= 0x9FFF) return c;  // CJK ideographs fold to themselves
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

/// A letter or digit of a non-CJK script (or a combining mark, which belongs
/// to the letter before it): the characters a Latin-like word is made of.
inline bool is_word(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if ((c >= 0x4E00 && c <= 0x9FFF) || utf8::is_cjk(c)) return false;
  const auto u = static_cast<UChar32>(c);
  return u_isalnum(u) || (U_GET_GC_MASK(u) & U_GC_M_MASK) != 0;
}

/// utf8::next with the common cases inline: ASCII, and well-formed 3-byte
/// sequences (CJK). Anything else, invalid bytes included, goes to utf8::next.
inline char32_t decode(std::string_view s, std::size_t& pos) {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) {
    ++pos;
    return b;
  }
  if ((b & 0xF0) == 0xE0 && pos + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]), b2 = static_cast<unsigned char>(s[pos + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      const char32_t c = (char32_t{b & 0x0Fu} << 12) | (char32_t{b1 & 0x3Fu} << 6) | (b2 & 0x3Fu);
      if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        pos += 3;
        return c;
      }
    }
  }
  return utf8::next(s, pos);
}

/// Folds every code point and trims surrounding whitespace; `code_points`
/// receives the length of the result in code points.
std::string fold_pattern(std::string_view text, std::size_t* code_points) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) utf8::append(out, fold(decode(text, pos)));
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t b = 0, e = out.size();
  while (b < e && space(out[b])) ++b;
  while (e > b && space(out[e - 1])) --e;
  out = out.substr(b, e - b);
  if (code_points) *code_points = utf8::length(out);
  return out;
}

/// long_enough_for_mention() of text that is already folded.
bool long_enough_folded(std::string_view folded) {
  int cjk = 0, letters = 0;
  std::size_t pos = 0;
  while (pos < folded.size()) {
    const char32_t c = decode(folded, pos);
    if (utf8::is_cjk(c)) ++cjk;
    else if (u_isalpha(static_cast<UChar32>(c))) ++letters;
    if (cjk >= 2 || letters >= 4) return true;
  }
  return false;
}

/// UTF-8 of `c` into `out`; returns the number of bytes.
inline int encode(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

/// A match that may still be beaten by one that begins earlier, or at the same
/// place and is longer. Positions in code points; offsets in bytes of the text.
struct Candidate {
  std::size_t begin_cp, end_cp;
  std::size_t begin, end;
  std::int32_t group;
};

}  // namespace

bool long_enough_for_mention(std::string_view name) { return long_enough_folded(fold_pattern(name, nullptr)); }

MentionFinder::MentionFinder(const std::vector<MentionPattern>& patterns) {
  // Fold, drop the short ones, and sort (text, owner): one order whatever the input order.
  std::vector<std::pair<std::string, int>> kept;
  kept.reserve(patterns.size());
  std::size_t longest = 0;
  for (const MentionPattern& p : patterns) {
    std::size_t code_points = 0;
    std::string key = fold_pattern(p.text, &code_points);
    if (!long_enough_folded(key)) continue;
    longest = std::max(longest, code_points);
    kept.emplace_back(std::move(key), p.owner);
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  pattern_count_ = kept.size();

  // Distinct texts, each with its owners (ascending, from the sort).
  std::vector<std::string_view> keys;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i == 0 || kept[i].first != kept[i - 1].first) {
      keys.push_back(kept[i].first);
      owner_begin_.push_back(static_cast<std::int32_t>(owners_.size()));
    }
    owners_.push_back(kept[i].second);
  }
  owner_begin_.push_back(static_cast<std::int32_t>(owners_.size()));

  std::size_t ring = 4;
  while (ring < longest + 2) ring *= 2;
  ring_mask_ = ring - 1;

  // The trie, breadth-first from the sorted keys: the keys below a state are a
  // range of `keys`, and its children split that range by the next byte.
  struct Range {
    std::size_t lo, hi, depth;
  };
  std::vector<Range> ranges{{0, keys.size(), 0}};
  std::vector<std::int32_t> first_child{0}, child_count{0};
  std::vector<unsigned char> label{0};  // on the edge into each state
  group_.push_back(-1);
  code_points_.push_back(0);
  for (std::size_t n = 0; n < ranges.size(); ++n) {
    auto [lo, hi, depth] = ranges[n];
    if (lo < hi && keys[lo].size() == depth) group_[n] = static_cast<std::int32_t>(lo++);
    first_child[n] = static_cast<std::int32_t>(ranges.size());
    while (lo < hi) {
      const auto byte = static_cast<unsigned char>(keys[lo][depth]);
      std::size_t end = lo + 1;
      while (end < hi && static_cast<unsigned char>(keys[end][depth]) == byte) ++end;
      ranges.push_back({lo, end, depth + 1});
      first_child.push_back(0);
      child_count.push_back(0);
      label.push_back(byte);
      group_.push_back(-1);
      code_points_.push_back(code_points_[n] + ((byte & 0xC0) != 0x80 ? 1 : 0));
      ++child_count[n];
      lo = end;
    }
  }

  // Failure and output links, and the dense rows (root and states with many
  // children), breadth-first. When state n is reached, every state at most as
  // deep has its links and Ref, and every shallower dense state its full row,
  // which is what step() needs to find the links of n's children and n's row.
  const std::size_t count = ranges.size();
  sparse_.assign(count, Sparse{});
  ref_.assign(count, 0);
  out_.assign(count, -1);
  auto make_ref = [&](std::size_t n) {
    Ref r = out_[n] >= 0 ? kOutput : 0;
    if (n == 0 || child_count[n] >= kDenseChildren) {
      r |= static_cast<Ref>(dense_node_.size()) << 2 | kDense;
      dense_node_.push_back(static_cast<std::int32_t>(n));
    } else {
      r |= static_cast<Ref>(n) << 2;
      Sparse& s = sparse_[n];
      s.first = first_child[n];
      s.count = static_cast<std::uint8_t>(child_count[n]);
      for (int i = 0; i < s.count && i < static_cast<int>(sizeof s.labels); ++i)
        s.labels[i] = label[static_cast<std::size_t>(s.first + i)];
    }
    ref_[n] = r;
  };
  make_ref(0);
  for (std::size_t n = 0; n < count; ++n) {
    const std::int32_t first = first_child[n], last = first + child_count[n];
    const Ref fail_n = sparse_[n].fail;
    for (std::int32_t c = first; c < last; ++c) {
      const auto child = static_cast<std::size_t>(c);
      const Ref fail = n == 0 ? ref_[0] : step(fail_n, label[child]);
      sparse_[child].fail = fail;
      out_[child] = group_[child] >= 0 ? c : out_[static_cast<std::size_t>(node(fail))];
      make_ref(child);
    }
    if (ref_[n] & kDense) {
      const std::size_t row = ref_[n] >> 2;
      if (dense_.size() < (row + 1) * 256) dense_.resize((row + 1) * 256, ref_[0]);
      if (n != 0)
        for (int byte = 0; byte < 256; ++byte)
          dense_[row * 256 + static_cast<std::size_t>(byte)] = step(fail_n, static_cast<unsigned char>(byte));
      for (std::int32_t c = first; c < last; ++c)
        dense_[row * 256 + label[static_cast<std::size_t>(c)]] = ref_[static_cast<std::size_t>(c)];
    }
  }
  group_.shrink_to_fit();
  code_points_.shrink_to_fit();
  dense_node_.shrink_to_fit();
}

std::size_t MentionFinder::pattern_count() const { return pattern_count_; }

inline std::int32_t MentionFinder::node(Ref state) const {
  return (state & kDense) ? dense_node_[state >> 2] : static_cast<std::int32_t>(state >> 2);
}

inline MentionFinder::Ref MentionFinder::step(Ref state, unsigned char byte) const {
  for (;;) {
    if (state & kDense) return dense_[static_cast<std::size_t>(state >> 2) * 256 + byte];
    // The count and the labels are 8 bytes: compare all labels at once, and
    // keep the bytes 1..count that equal `byte` (labels differ: one at most).
    const Sparse& n = sparse_[state >> 2];
    if constexpr (std::endian::native == std::endian::little) {
      std::uint64_t word;
      std::memcpy(&word, reinterpret_cast<const unsigned char*>(&n) + offsetof(Sparse, count), sizeof word);
      constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
      const std::uint64_t x = word ^ (0x0101010101010101ULL * byte);  // 0 where equal
      const std::uint64_t equal = ~(((x & kLow7) + kLow7) | x | kLow7) & kLabelBits[n.count];
      if (equal) return ref_[static_cast<std::size_t>(n.first + std::countr_zero(equal) / 8 - 1)];
    } else {
      for (int i = 0; i < n.count; ++i)
        if (n.labels[i] == byte) return ref_[static_cast<std::size_t>(n.first + i)];
    }
    state = n.fail;
  }
}

std::vector<MentionHit> MentionFinder::find(std::string_view text) const {
  std::vector<MentionHit> hits;
  if (owners_.empty() || text.empty()) return hits;

  // The last few code points: where each begins in `text`, and whether it is a
  // letter or digit of a Latin-like word.
  struct Slot {
    std::size_t offset;
    bool word;
  };
  Slot small[64];  // enough unless some pattern is longer than 62 code points
  std::vector<Slot> large(ring_mask_ + 1 > std::size(small) ? ring_mask_ + 1 : 0);
  Slot* const ring = large.empty() ? small : large.data();
  std::vector<Candidate> candidates;
  std::size_t cursor = 0;  // hits may begin here or later (code points)

  // The matches that end with code point `last` (the one before offset `end`),
  // now that the code point after it is known.
  auto collect = [&](Ref state, std::size_t last, std::size_t end, bool word_after) {
    if (word_after && ring[last & ring_mask_].word) return;  // ends inside a word
    // Longest first; those that begin before the cursor overlap a hit already reported.
    for (std::int32_t t = out_[static_cast<std::size_t>(node(state))]; t >= 0;) {
      const std::size_t begin_cp = last + 1 - static_cast<std::size_t>(code_points_[static_cast<std::size_t>(t)]);
      const Slot& first = ring[begin_cp & ring_mask_];
      if (begin_cp >= cursor && !(first.word && begin_cp > 0 && ring[(begin_cp - 1) & ring_mask_].word)) {
        auto same = std::find_if(candidates.begin(), candidates.end(),
                                 [&](const Candidate& c) { return c.begin_cp == begin_cp; });
        Candidate c{begin_cp, last + 1, first.offset, end, group_[static_cast<std::size_t>(t)]};
        if (same != candidates.end()) *same = c;  // later end, same begin: longer
        else candidates.push_back(c);
      }
      t = out_[static_cast<std::size_t>(node(sparse_[static_cast<std::size_t>(t)].fail))];
    }
  };
  // Reports the candidates no later match can beat: those beginning before
  // `earliest`, where the earliest match still in progress begins.
  auto commit = [&](std::size_t earliest) {
    while (!candidates.empty()) {
      auto best = std::min_element(candidates.begin(), candidates.end(),
                                   [](const Candidate& a, const Candidate& b) { return a.begin_cp < b.begin_cp; });
      if (best->begin_cp >= earliest) return;
      const Candidate c = *best;
      for (std::int32_t i = owner_begin_[static_cast<std::size_t>(c.group)];
           i < owner_begin_[static_cast<std::size_t>(c.group) + 1]; ++i)
        hits.push_back({owners_[static_cast<std::size_t>(i)], c.begin, c.end});
      cursor = c.end_cp;
      std::erase_if(candidates, [&](const Candidate& x) { return x.begin_cp < cursor; });
    }
  };

  Ref state = ref_[0];
  std::size_t index = 0;  // of the code point being read
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t original = decode(text, pos);
    const char32_t c = fold(original);
    const bool word = is_word(c);
    ring[index & ring_mask_] = {start, word};
    if (index > 0) {
      if (state & kOutput) collect(state, index - 1, start, word);
      if (!candidates.empty())
        commit(index - static_cast<std::size_t>(code_points_[static_cast<std::size_t>(node(state))]));
    }
    if (c < 0x80) {
      state = step(state, static_cast<unsigned char>(c));
    } else if (c == original && c != 0xFFFD) {  // unchanged by the fold: read the text's own bytes
      for (std::size_t i = start; i < pos; ++i) state = step(state, static_cast<unsigned char>(text[i]));
    } else {
      char buffer[4];
      const int length = encode(c, buffer);
      for (int i = 0; i < length; ++i) state = step(state, static_cast<unsigned char>(buffer[i]));
    }
    ++index;
  }
  if (state & kOutput) collect(state, index - 1, text.size(), false);
  commit(std::numeric_limits<std::size_t>::max());
  return hits;
}

}  // namespace studywiki::links
