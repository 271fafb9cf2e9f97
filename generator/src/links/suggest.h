#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace studywiki::links {

/// Picks the closest known name (note titles, file names, aliases, or a
/// note's headings) for a name that matched nothing: the "did you mean" of a
/// broken-link warning.
///
/// Both sides are normalized first: `fold_key()` (NFKC, case fold, trim), then
/// every separator is dropped (white space, `-`, `_` and the other dashes and
/// connectors, `·` `・` `•` and the other middle dots, invisible format
/// characters). `Redis 持久化` = `Redis持久化`, `ＩＤ生成器` = `id 生成器`. A name
/// that normalizes equal to the query is the best possible suggestion; a name
/// that normalizes to nothing is never suggested. Lengths below are counted in
/// code points of the normalized strings; "CJK" is `utf8::is_cjk` (ideographs,
/// kana, hangul).
///
/// - Latin query (no CJK) against a Latin name: Damerau–Levenshtein distance
///   (optimal string alignment) at most 1 for a query of 3–5 code points, 2 for
///   6–11, 3 for 12 or more. A Latin query shorter than 3 gets nothing unless
///   normalized-equal.
/// - Either side with CJK: Dice coefficient over the multisets of code points,
///   2·|A∩B| / (|A|+|B|), at least 0.5 and at least 2 shared code points
///   (`索引优化` -> `MySQL 索引优化`, `持久化` -> `Redis 持久化`; `数据` -/-> `算法`).
///   Because Latin letters shared in any order say little, a mixed pair must
///   also share something meaningful: when both sides have CJK they share at
///   least one CJK code point (`Redis 锁` -/-> `Redis 集群`); when only one side
///   has CJK, the Latin parts (the normalized strings without their CJK) are
///   within the Latin distance above, measured on the query's Latin part
///   (`Redis` -> `Redis 持久化`, `Redis 持久化` -> `Redis`; `nginx` -/-> `Linux 内核`).
///
/// The best candidate: normalized-equal; then, for a Latin query, the
/// smallest distance to the name's Latin part (the whole name when it has no
/// CJK), a name without CJK first on ties; then the best score (smallest
/// distance; highest Dice, ties by smaller distance between the whole
/// normalized strings); then the smaller length difference; then the smallest
/// normalized form; then the smallest name as written (bytewise). So `Reids`
/// -> `Redis` before `Redis 持久化`, `Dokcer` -> `Docker 入门` before `Rocker`.
/// The answer does not depend on the order of the names.
///
/// Lists of up to 64 distinct names are scanned; longer ones are indexed (CJK
/// code points; bigrams of the Latin parts, filtered by the q-gram bound of the
/// allowed distance), so 2,000 queries over 30,000 names stay cheap. Read-only
/// after construction: `suggest` may be called from several threads (each
/// keeps its own scratch counters, 4 bytes per name of the largest indexed
/// list it has asked, for reuse).
class Suggester {
 public:
  /// `names` as written; duplicates and empty strings are allowed.
  explicit Suggester(std::vector<std::string> names);

  /// The closest name, exactly as it was given to the constructor, or nullopt
  /// when none is close enough. Invalid UTF-8 is compared as U+FFFD.
  std::optional<std::string> suggest(std::string_view query) const;

 private:
  /// One distinct normalized form. Its code points live in `pool_`.
  struct Entry {
    std::string name;       ///< the smallest as-written name with this normalized form
    std::string key;        ///< normalized form (UTF-8)
    uint32_t begin = 0;     ///< code points of `key`
    uint32_t size = 0;
    uint32_t sorted = 0;    ///< the same code points sorted (`size` of them), for multiset intersection
    uint32_t latin = 0;     ///< the non-CJK code points in order (== begin when there is no CJK)
    uint32_t latin_size = 0;
    uint32_t cjk = 0;       ///< number of CJK code points
  };
  struct Posting {
    uint32_t entry;
    uint32_t count;  ///< occurrences of the gram / code point in the entry
    uint32_t size;   ///< length of the string indexed (Latin part, or whole key)
  };
  struct Query;
  struct Rank;
  struct Scratch;
  struct Span;

  std::optional<Rank> evaluate(const Query& q, uint32_t id, Scratch& scratch) const;
  bool better(const Rank& a, const Rank& b) const;
  void gather(Scratch& scratch) const;
  template <class Visit>
  void latin_candidates(std::u32string_view key, int limit, Scratch& scratch, Visit&& visit) const;
  template <class Visit>
  void cjk_candidates(const Query& q, Scratch& scratch, Visit&& visit) const;

  std::vector<Entry> entries_;
  std::vector<char32_t> pool_;
  std::unordered_map<std::string, uint32_t> by_key_;  ///< normalized form -> entry
  bool indexed_ = false;
  /// CJK code point -> entries with CJK, in order of size.
  std::unordered_map<char32_t, std::vector<Posting>> by_cjk_;
  /// Padded bigram of Latin parts -> entries, in order of Latin size.
  std::unordered_map<uint64_t, std::vector<Posting>> by_bigram_;
};

}  // namespace studywiki::links
