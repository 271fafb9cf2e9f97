#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studywiki::links {

/// A note title or alias to look for, and the note it belongs to.
struct MentionPattern {
  std::string text;
  int owner;
};

/// One occurrence: byte offsets [begin, end) into the text given to find().
struct MentionHit {
  int owner;
  std::size_t begin;
  std::size_t end;
};

/// True when `name` is long enough to be looked for: at least 2 CJK characters
/// (ideographs, kana, hangul), or at least 4 letters of other scripts (Latin etc.).
/// Counted after folding and trimming, so `ＪＡＶＡ` counts like `Java`; digits
/// and punctuation do not count (`数据`, `Java`, `HTTP2` yes; `数`, `API`, `C++`,
/// `B树` no).
bool long_enough_for_mention(std::string_view name);

/// Finds "unlinked mentions": every place a note's title or alias appears in
/// plain text, in one left-to-right pass over the text whatever the number of
/// patterns (an Aho–Corasick automaton over the bytes of the folded UTF-8).
///
/// Matching ignores case and width: text and patterns are folded the same way,
/// one code point at a time (full-width ASCII U+FF01–U+FF5E to ASCII, U+3000 to
/// a space, then ICU simple case folding), so `ＲＥＤＩＳ` matches `Redis` and
/// the offsets of a hit still point into the original text. Patterns are
/// trimmed of surrounding spaces. Invalid UTF-8 in the text reads as U+FFFD,
/// one byte at a time.
///
/// Latin-like words match whole: where a match begins or ends between two
/// letters or digits of non-CJK scripts (`Redis` in `Rediska`, `myRedis`,
/// `Redis6`), it is rejected; a CJK character, a space or punctuation
/// (`_` included) on either side is fine (`用Redis做缓存`, `(Redis)`, and
/// `持久化` inside `Redis持久化机制`). Combining marks count as letters, so
/// `Redis` is not found in `Redisé` written with U+0301.
///
/// Hits never overlap: from the left, the earliest place where some pattern
/// matches wins, and there the longest pattern; the scan resumes after it.
/// Patterns with the same folded text (two notes with one title) give one hit
/// each, same offsets, owners ascending; a pattern repeated for one owner
/// gives one hit. The result does not depend on the order of the patterns.
///
/// Built once; find() is const and keeps no state between calls, so one finder
/// can serve many threads at once.
class MentionFinder {
 public:
  /// Drops the patterns that are not long_enough_for_mention().
  explicit MentionFinder(const std::vector<MentionPattern>& patterns);

  /// Patterns kept: distinct (folded text, owner) pairs that were long enough.
  std::size_t pattern_count() const;

  /// All occurrences in `text`, in order of begin (owners ascending at one
  /// place). Thread-safe (const, no shared mutable state).
  std::vector<MentionHit> find(std::string_view text) const;

 private:
  /// A state as the scan carries it: (index << 2) | kDense | kOutput, where
  /// index is the state's row in dense_ when kDense is set, its number
  /// otherwise. The scan reads a dense state's next state straight from its
  /// row, and sees whether a pattern ends here without touching the state.
  using Ref = std::uint32_t;
  static constexpr Ref kDense = 1, kOutput = 2;

  /// States with at least this many children get a dense row; the others
  /// keep their labels inline.
  static constexpr int kDenseChildren = 8;

  /// A state with few children. States are numbered breadth-first, so a
  /// state's children are consecutive numbers, and shallow (busy) states
  /// are close together. 16 bytes: one cache line holds four.
  struct Sparse {
    Ref fail = 0;                              ///< the longest proper suffix that is also a state
    std::int32_t first = 0;                    ///< number of the first child
    std::uint8_t count = 0;                    ///< number of children
    std::uint8_t labels[kDenseChildren - 1]{};  ///< their bytes, ascending (read as one word with count)
  };
  static_assert(sizeof(Sparse) == 16 && kDenseChildren == 8);

  /// The state after reading `byte` in `state` (goto, else failure links).
  Ref step(Ref state, unsigned char byte) const;
  /// The number of the state.
  std::int32_t node(Ref state) const;

  std::vector<Sparse> sparse_;         ///< per state (of a dense state, only fail is used)
  std::vector<Ref> dense_;             ///< 256 next states per row: a full transition table
  std::vector<std::int32_t> dense_node_;  ///< per row: the state's number
  std::vector<Ref> ref_;               ///< per state: its Ref
  std::vector<std::int32_t> out_;      ///< per state: itself or its nearest suffix that ends a pattern (-1: none)
  std::vector<std::int32_t> group_;    ///< per state: the pattern text it ends (-1: none)
  std::vector<std::int32_t> code_points_;  ///< per state: its depth in code points
  /// Per pattern text g: its owners are owners_[owner_begin_[g] .. owner_begin_[g + 1]).
  std::vector<std::int32_t> owner_begin_;
  std::vector<int> owners_;
  std::size_t pattern_count_ = 0;
  std::size_t ring_mask_ = 0;  ///< code points remembered while scanning, minus one (a power of two)
};

}  // namespace studywiki::links
