#include "links/suggest.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "content/slug.h"
#include "core/utf8.h"

namespace studywiki::links {

namespace {

/// Up to this many distinct names are compared one by one; more are indexed.
constexpr size_t kScanLimit = 64;

/// Bigram padding: code points no text contains.
constexpr char32_t kStart = 0x110000;
constexpr char32_t kEnd = 0x110001;

/// utf8::is_cjk, without the call for the code points below every CJK block.
inline bool is_cjk(char32_t cp) { return cp >= 0x1100 && utf8::is_cjk(cp); }

/// CJK Unified Ideographs and Extension A: unchanged by NFKC and case
/// folding, never composed with what precedes them, never separators.
inline bool is_plain_ideograph(char32_t cp) { return cp >= 0x3400 && cp <= 0x9FFF; }

bool is_separator(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == '-' || cp == '_';
  if (is_plain_ideograph(cp)) return false;
  switch (cp) {
    case 0x00B7:  // · middle dot
    case 0x0387:  // Greek ano teleia
    case 0x2022:  // • bullet
    case 0x2027:  // ‧ hyphenation point
    case 0x2219:  // ∙ bullet operator
    case 0x22C5:  // ⋅ dot operator
    case 0x2E31:  // ⸱ word separator middle dot
    case 0x30FB:  // ・ katakana middle dot (NFKC of ･)
      return true;
    default:
      break;
  }
  const UChar32 c = static_cast<UChar32>(cp);
  if (u_isUWhiteSpace(c)) return true;
  const int8_t type = u_charType(c);
  if (type == U_DASH_PUNCTUATION || type == U_CONNECTOR_PUNCTUATION) return true;
  return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/// fold_key, then separators dropped. Appends the code points to `cps`.
std::string normalize(std::string_view text, std::vector<char32_t>& cps) {
  // Text of only ASCII and plain ideographs (most names) is its own NFKC, and
  // its case folding is ASCII lowercasing: fold_key's ICU round trips are
  // skipped for it, with the same result.
  bool plain = true;
  for (size_t pos = 0; pos < text.size() && plain;) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    plain = is_plain_ideograph(utf8::next(text, pos));
  }
  const std::string folded = plain ? std::string() : fold_key(text);
  const std::string_view source = plain ? text : std::string_view(folded);
  std::string out;
  out.reserve(source.size());
  size_t pos = 0;
  while (pos < source.size()) {
    char32_t cp = utf8::next(source, pos);
    if (is_separator(cp)) continue;
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';  // only on the plain path: fold_key has folded the rest
    utf8::append(out, cp);
    cps.push_back(cp);
  }
  return out;
}

/// The largest allowed distance for a Latin string of `length` code points;
/// -1 when only equality counts.
int latin_limit(size_t length) {
  if (length < 3) return -1;
  if (length <= 5) return 1;
  if (length <= 11) return 2;
  return 3;
}

size_t abs_diff(size_t a, size_t b) { return a > b ? a - b : b - a; }

/// Optimal string alignment distance (Damerau–Levenshtein where a transposed
/// pair is not edited again) when it is at most `limit`, else limit + 1. Only
/// the band |i - j| <= limit is computed, and it stops once no row can come
/// back under the limit. `rows` is scratch space.
int osa(std::u32string_view a, std::u32string_view b, int limit, std::vector<int>& rows) {
  const int cap = limit + 1;
  const size_t n = a.size(), m = b.size();
  const size_t k = static_cast<size_t>(limit);
  if (abs_diff(n, m) > k) return cap;
  if (n == 0 || m == 0) return static_cast<int>(n + m);
  rows.assign(3 * (m + 1), cap);
  int* before = rows.data();  // row i-2
  int* prev = before + (m + 1);
  int* cur = prev + (m + 1);
  for (size_t j = 0; j <= std::min(m, k); ++j) prev[j] = static_cast<int>(j);
  // A row's minimum is at least min(the previous row's minimum, the one
  // before's + 1): once a row is over the limit and the one before at it, so is the end.
  int prev_min = 0;
  for (size_t i = 1; i <= n; ++i) {
    const size_t lo = i > k ? i - k : 1;
    const size_t hi = std::min(m, i + k);
    cur[lo - 1] = lo == 1 ? std::min(static_cast<int>(i), cap) : cap;
    int row_min = cur[lo - 1];
    for (size_t j = lo; j <= hi; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, before[j - 2] + 1);
      cur[j] = std::min(v, cap);
      row_min = std::min(row_min, cur[j]);
    }
    if (hi < m) cur[hi + 1] = cap;  // read by the next row as out of band
    if (row_min > limit && prev_min >= limit) return cap;
    prev_min = row_min;
    int* spare = before;
    before = prev;
    prev = cur;
    cur = spare;
  }
  return prev[m];
}

/// The whole distance, for ranking.
int osa(std::u32string_view a, std::u32string_view b, std::vector<int>& rows) {
  return osa(a, b, static_cast<int>(std::max(a.size(), b.size())), rows);
}

struct Shared {
  uint32_t all = 0;  ///< |A∩B| over multisets
  uint32_t cjk = 0;  ///< how many of those are CJK
};

Shared shared_of(std::u32string_view a, std::u32string_view b) {  // both sorted
  // Branch-free steps: which side advances is data, not a jump to mispredict.
  Shared s;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const char32_t x = a[i], y = b[j];
    const bool equal = x == y;
    s.all += equal;
    if (equal && x >= 0x1100) s.cjk += is_cjk(x);
    i += x <= y;
    j += y <= x;
  }
  return s;
}

/// Sorted padded bigrams of `s`, as (gram, count) runs.
void bigrams(std::u32string_view s, std::vector<uint64_t>& grams, std::vector<std::pair<uint64_t, uint32_t>>& runs) {
  grams.clear();
  runs.clear();
  char32_t last = kStart;
  for (char32_t cp : s) {
    grams.push_back(static_cast<uint64_t>(last) << 32 | cp);
    last = cp;
  }
  grams.push_back(static_cast<uint64_t>(last) << 32 | kEnd);
  std::sort(grams.begin(), grams.end());
  for (uint64_t g : grams) {
    if (!runs.empty() && runs.back().first == g) ++runs.back().second;
    else runs.emplace_back(g, 1);
  }
}

}  // namespace

struct Suggester::Query {
  std::u32string cps;
  std::u32string sorted;
  std::u32string latin;  ///< non-CJK code points, in order
  size_t cjk = 0;
  int limit = -1;  ///< latin_limit(latin.size())
};

struct Suggester::Rank {
  uint32_t entry = 0;
  int latin_distance = 0;  ///< Latin query: OSA to the entry's Latin part (0 for a CJK query)
  bool dice = false;       ///< scored by Dice (either side has CJK), else by distance
  uint32_t shared = 0;     ///< Dice = 2·shared / total
  uint32_t total = 0;
  int distance = 0;        ///< OSA between the normalized strings
  size_t length_diff = 0;
};

struct Suggester::Span {
  const Posting* begin;
  const Posting* end;
  uint32_t count;  ///< occurrences in the query
};

struct Suggester::Scratch {
  std::vector<int> rows;
  std::vector<uint32_t> count;  ///< per entry, while collecting candidates from the index
  std::vector<std::pair<uint32_t, uint32_t>> touched;  ///< entries counted, with the size their posting recorded
  std::vector<Span> spans;
  std::vector<uint64_t> grams;
  std::vector<std::pair<uint64_t, uint32_t>> runs;
};

Suggester::Suggester(std::vector<std::string> names) {
  entries_.reserve(names.size());
  by_key_.reserve(names.size());
  std::vector<char32_t> cps;
  for (std::string& name : names) {
    cps.clear();
    std::string key = normalize(name, cps);
    if (key.empty()) continue;
    auto [it, inserted] = by_key_.try_emplace(key, static_cast<uint32_t>(entries_.size()));
    if (!inserted) {
      Entry& e = entries_[it->second];
      if (name < e.name) e.name = std::move(name);
      continue;
    }
    Entry e;
    e.name = std::move(name);
    e.key = std::move(key);
    e.begin = static_cast<uint32_t>(pool_.size());
    e.size = static_cast<uint32_t>(cps.size());
    pool_.insert(pool_.end(), cps.begin(), cps.end());
    e.sorted = static_cast<uint32_t>(pool_.size());
    pool_.insert(pool_.end(), cps.begin(), cps.end());
    std::sort(pool_.begin() + e.sorted, pool_.end());
    for (char32_t cp : cps)
      if (is_cjk(cp)) ++e.cjk;
    if (e.cjk == 0) {
      e.latin = e.begin;
      e.latin_size = e.size;
    } else {
      e.latin = static_cast<uint32_t>(pool_.size());
      for (char32_t cp : cps)
        if (!is_cjk(cp)) pool_.push_back(cp);
      e.latin_size = static_cast<uint32_t>(pool_.size()) - e.latin;
    }
    entries_.push_back(std::move(e));
  }

  indexed_ = entries_.size() > kScanLimit;
  if (!indexed_) return;
  // Every posting list is in order of the size it records, so a query walks
  // only the sizes that can match.
  std::vector<uint32_t> order(entries_.size());
  for (uint32_t id = 0; id < order.size(); ++id) order[id] = id;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return entries_[a].size < entries_[b].size; });
  for (uint32_t id : order) {
    const Entry& e = entries_[id];
    if (e.cjk == 0) continue;
    // Runs of equal code points in the sorted copy give the multiplicities.
    const char32_t* s = pool_.data() + e.sorted;
    for (uint32_t i = 0; i < e.size;) {
      uint32_t j = i;
      while (j < e.size && s[j] == s[i]) ++j;
      if (is_cjk(s[i])) by_cjk_[s[i]].push_back({id, j - i, e.size});
      i = j;
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return entries_[a].latin_size < entries_[b].latin_size; });
  std::vector<uint64_t> grams;
  std::vector<std::pair<uint64_t, uint32_t>> runs;
  for (uint32_t id : order) {
    const Entry& e = entries_[id];
    if (e.latin_size == 0) continue;
    bigrams(std::u32string_view(pool_.data() + e.latin, e.latin_size), grams, runs);
    for (const auto& [gram, n] : runs) by_bigram_[gram].push_back({id, n, e.latin_size});
  }
}

std::optional<Suggester::Rank> Suggester::evaluate(const Query& q, uint32_t id, Scratch& scratch) const {
  const Entry& e = entries_[id];
  const std::u32string_view cps(pool_.data() + e.begin, e.size);
  const Shared s = shared_of(q.sorted, std::u32string_view(pool_.data() + e.sorted, e.size));
  Rank r;
  r.entry = id;
  r.length_diff = abs_diff(q.cps.size(), e.size);

  if (q.cjk == 0 && e.cjk == 0) {  // both Latin: the distance is the score
    if (q.limit < 0) return std::nullopt;
    // Only a substitution or a deletion loses a code point the two have in common.
    if (s.all + static_cast<size_t>(q.limit) < std::max(q.cps.size(), cps.size())) return std::nullopt;
    r.distance = osa(q.cps, cps, q.limit, scratch.rows);
    if (r.distance > q.limit) return std::nullopt;
    r.latin_distance = r.distance;
    return r;
  }

  r.dice = true;
  r.shared = s.all;
  r.total = static_cast<uint32_t>(q.cps.size() + e.size);
  if (r.shared < 2 || 4 * static_cast<uint64_t>(r.shared) < r.total) return std::nullopt;
  if (q.cjk > 0 && e.cjk > 0) {
    if (s.cjk == 0) return std::nullopt;
  } else {  // only one side has CJK: the Latin parts must be close
    const std::u32string_view latin(pool_.data() + e.latin, e.latin_size);
    if (q.limit < 0) {
      if (std::u32string_view(q.latin) != latin) return std::nullopt;
    } else {
      const int d = osa(q.latin, latin, q.limit, scratch.rows);
      if (d > q.limit) return std::nullopt;
      if (q.cjk == 0) r.latin_distance = d;
    }
  }
  r.distance = osa(q.cps, cps, scratch.rows);
  return r;
}

bool Suggester::better(const Rank& a, const Rank& b) const {
  if (a.latin_distance != b.latin_distance) return a.latin_distance < b.latin_distance;
  if (a.dice != b.dice) return !a.dice;
  if (a.dice) {
    const uint64_t lhs = static_cast<uint64_t>(a.shared) * b.total;
    const uint64_t rhs = static_cast<uint64_t>(b.shared) * a.total;
    if (lhs != rhs) return lhs > rhs;
  }
  if (a.distance != b.distance) return a.distance < b.distance;
  if (a.length_diff != b.length_diff) return a.length_diff < b.length_diff;
  const Entry& ea = entries_[a.entry];
  const Entry& eb = entries_[b.entry];
  if (ea.key != eb.key) return ea.key < eb.key;
  return ea.name < eb.name;
}

// Counts, for every entry in `scratch.spans`, how many of the query's grams
// it has (a gram counted at most as often as both have it), and lists those
// entries in `scratch.touched`.
void Suggester::gather(Scratch& scratch) const {
  for (const Span& span : scratch.spans) {
    for (const Posting* p = span.begin; p != span.end; ++p) {
      if (scratch.count[p->entry] == 0) scratch.touched.emplace_back(p->entry, p->size);
      scratch.count[p->entry] += std::min(span.count, p->count);
    }
  }
}

// Entries whose Latin part may be within `limit` of `key` (length >= 3). An
// edit touches at most 2 padded bigrams and a transposition 3, so strings
// within distance k share at least max(|x|,|y|) + 1 - 3k bigrams, which is
// at least 1 for every limit latin_limit() gives.
template <class Visit>
void Suggester::latin_candidates(std::u32string_view key, int limit, Scratch& scratch, Visit&& visit) const {
  const size_t k = static_cast<size_t>(limit);
  if (key.size() + 1 <= 3 * k) {  // the bound says nothing: scan (never happens with latin_limit)
    for (uint32_t id = 0; id < entries_.size(); ++id) visit(id);
    return;
  }
  bigrams(key, scratch.grams, scratch.runs);
  scratch.spans.clear();
  for (const auto& [gram, n] : scratch.runs) {
    auto it = by_bigram_.find(gram);
    if (it == by_bigram_.end()) continue;
    // Postings are in order of length: only those within k of the key's.
    const Posting* first = it->second.data();
    const Posting* last = first + it->second.size();
    first = std::lower_bound(first, last, key.size() - std::min(key.size(), k),
                             [](const Posting& x, size_t size) { return x.size < size; });
    last = std::upper_bound(first, last, key.size() + k, [](size_t size, const Posting& x) { return size < x.size; });
    if (first != last) scratch.spans.push_back({first, last, n});
  }
  gather(scratch);
  for (const auto& [id, size] : scratch.touched) {
    const size_t need = std::max(key.size(), static_cast<size_t>(size)) + 1 - 3 * k;
    if (scratch.count[id] >= need) visit(id);
    scratch.count[id] = 0;
  }
  scratch.touched.clear();
}

// Entries with CJK that share a CJK code point with the query and could still
// reach Dice 0.5 with 2 shared if every non-CJK code point were shared too.
// Since shared <= min(|q|, |e|), Dice >= 0.5 needs |q|/3 <= |e| <= 3·|q|.
template <class Visit>
void Suggester::cjk_candidates(const Query& q, Scratch& scratch, Visit&& visit) const {
  const size_t least = (q.cps.size() + 2) / 3, most = 3 * q.cps.size();
  scratch.spans.clear();
  for (size_t i = 0; i < q.sorted.size();) {
    size_t j = i;
    while (j < q.sorted.size() && q.sorted[j] == q.sorted[i]) ++j;
    if (is_cjk(q.sorted[i])) {
      auto it = by_cjk_.find(q.sorted[i]);
      if (it != by_cjk_.end()) {
        const Posting* first = it->second.data();
        const Posting* last = first + it->second.size();
        first = std::lower_bound(first, last, least, [](const Posting& x, size_t size) { return x.size < size; });
        last = std::upper_bound(first, last, most, [](size_t size, const Posting& x) { return size < x.size; });
        if (first != last) scratch.spans.push_back({first, last, static_cast<uint32_t>(j - i)});
      }
    }
    i = j;
  }
  gather(scratch);
  const uint64_t q_other = q.cps.size() - q.cjk;
  for (const auto& [id, size] : scratch.touched) {
    // Non-CJK code points can add at most min(q_other, the entry's); 0 for a query that is all CJK.
    const uint64_t other = q_other == 0 ? 0 : std::min<uint64_t>(q_other, entries_[id].size - entries_[id].cjk);
    const uint64_t bound = scratch.count[id] + other;
    if (bound >= 2 && 4 * bound >= q.cps.size() + size) visit(id);
    scratch.count[id] = 0;
  }
  scratch.touched.clear();
}

std::optional<std::string> Suggester::suggest(std::string_view query) const {
  if (entries_.empty()) return std::nullopt;
  std::vector<char32_t> cps;
  const std::string key = normalize(query, cps);
  if (key.empty()) return std::nullopt;
  if (auto it = by_key_.find(key); it != by_key_.end()) return entries_[it->second].name;

  Query q;
  q.cps.assign(cps.begin(), cps.end());
  q.sorted = q.cps;
  std::sort(q.sorted.begin(), q.sorted.end());
  for (char32_t cp : q.cps) {
    if (is_cjk(cp)) ++q.cjk;
    else q.latin.push_back(cp);
  }
  q.limit = latin_limit(q.latin.size());
  if (q.cjk == 0 && q.limit < 0) return std::nullopt;  // short Latin query

  // Per thread, reused: the counts are all zero between calls (the guard
  // restores that should anything throw), so a query over a large list does
  // not clear one counter per name.
  thread_local Scratch scratch;
  struct Reset {
    Scratch& s;
    ~Reset() {
      for (const auto& touched : s.touched) s.count[touched.first] = 0;
      s.touched.clear();
    }
  } reset{scratch};
  std::optional<Rank> best;
  auto consider = [&](uint32_t id) {
    std::optional<Rank> r = evaluate(q, id, scratch);
    if (r && (!best || better(*r, *best))) best = r;
  };

  if (!indexed_) {
    for (uint32_t id = 0; id < entries_.size(); ++id) consider(id);
  } else {
    if (scratch.count.size() < entries_.size()) scratch.count.resize(entries_.size(), 0);
    if (q.cjk == 0) {
      latin_candidates(q.latin, q.limit, scratch, consider);
    } else {
      cjk_candidates(q, scratch, consider);
      // Names without CJK: their whole key is Latin and must match the query's Latin part.
      auto latin_only = [&](uint32_t id) {
        if (entries_[id].cjk == 0) consider(id);
      };
      if (q.limit >= 0) {
        latin_candidates(q.latin, q.limit, scratch, latin_only);
      } else if (!q.latin.empty()) {
        std::string latin_key;
        for (char32_t cp : q.latin) utf8::append(latin_key, cp);
        if (auto it = by_key_.find(latin_key); it != by_key_.end()) latin_only(it->second);
      }
    }
  }
  if (!best) return std::nullopt;
  return entries_[best->entry].name;
}

}  // namespace studywiki::links
