#include "search/postings.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <string_view>
#include <unordered_map>

#include "core/parallel.h"
#include "search/sections.h"
#include "search/tokenizer.h"
#include "state/record_io.h"

namespace studywiki::search {

/// Per worker: its own term dictionary (ids are worker-local until merged).
class TermDictionary {
 public:
  /// The section being counted's mark on a term: `stamp` == the section's
  /// generation when the term is in it, at `slot` in the note's postings.
  struct Seen {
    uint32_t stamp = 0, slot = 0;
  };
  std::deque<std::string> terms;  // by id; stable storage for long_ids' keys
  std::vector<Seen> seen;         // by id
  uint32_t generation = 0;

  TermDictionary() : table_(1u << 14) {}

  __attribute__((always_inline)) uint32_t id(std::string_view term) {
    if (term.size() <= 8 && !term.empty()) {
      uint64_t key = 0;
      std::memcpy(&key, term.data(), term.size());
      const size_t mask = table_.size() - 1;
      size_t b = bucket(key, mask);
      while (table_[b].key) {
        if (table_[b].key == key) return table_[b].id;
        b = (b + 1) & mask;
      }
      const uint32_t id = add(term);
      table_[b] = {key, id};
      if (++used_ * 2 > table_.size()) grow();
      return id;
    }
    auto it = long_ids_.find(term);
    if (it != long_ids_.end()) return it->second;
    const uint32_t id = add(term);
    long_ids_.emplace(std::string_view(terms.back()), id);
    return id;
  }

 private:
  // Terms of up to 8 bytes (every CJK unigram and bigram, most words) are
  // keyed by their bytes packed into an integer (no term has a NUL byte),
  // in an open-addressing table; longer ones in a hash map.
  struct Entry {
    uint64_t key = 0;  // 0: empty
    uint32_t id = 0;
  };
  std::vector<Entry> table_;
  size_t used_ = 0;
  std::unordered_map<std::string_view, uint32_t> long_ids_;

  uint32_t add(std::string_view term) {
    terms.emplace_back(term);
    seen.emplace_back();
    return static_cast<uint32_t>(terms.size() - 1);
  }
  static size_t bucket(uint64_t key, size_t mask) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask; }
  void grow() {
    std::vector<Entry> old(table_.size() * 2);
    old.swap(table_);
    const size_t mask = table_.size() - 1;
    for (const Entry& e : old) {
      if (!e.key) continue;
      size_t b = bucket(e.key, mask);
      while (table_[b].key) b = (b + 1) & mask;
      table_[b] = e;
    }
  }
};

CountedNotes::CountedNotes() = default;
CountedNotes::CountedNotes(CountedNotes&&) noexcept = default;
CountedNotes::~CountedNotes() = default;

namespace {

std::vector<uint32_t> token_ids(TermDictionary& w, std::string_view text, uint32_t* length) {
  std::vector<uint32_t> out;
  for_each_term(text, [&](std::string_view term) { out.push_back(w.id(term)); });
  if (length) *length = static_cast<uint32_t>(out.size());
  return out;
}

/// Appends one section's postings (all of the same section) to `out` (CountedNotes::Note::packed).
void pack_section(RecordOut& out, const LocalPosting* postings, size_t n) {
  if (n == 0) return;
  out.u(postings[0].section);
  out.u(n);
  for (size_t i = 0; i < n; ++i) {
    const LocalPosting& p = postings[i];
    out.u(p.term);
    uint8_t mask = 0;
    for (size_t f = 0; f < kFieldCount; ++f)
      if (p.tf[f]) mask |= static_cast<uint8_t>(1u << f);
    out.s += static_cast<char>(mask);  // bytes, not varints: read back without a loop
    for (size_t f = 0; f < kFieldCount; ++f)
      if (p.tf[f]) out.s += static_cast<char>(p.tf[f]);
  }
}

/// Calls f(const LocalPosting&) for each posting packed in `packed`, in order.
template <typename F>
void for_each_posting(std::string_view packed, F&& f) {
  const auto* p = reinterpret_cast<const unsigned char*>(packed.data());
  const auto* const end = p + packed.size();
  LocalPosting posting{};
  while (p < end) {
    posting.section = static_cast<uint16_t>(read_own_varint(p));
    for (uint64_t n = read_own_varint(p); n > 0; --n) {
      posting.term = static_cast<uint32_t>(read_own_varint(p));
      const unsigned char mask = *p++;
      for (size_t k = 0; k < kFieldCount; ++k) posting.tf[k] = (mask >> k) & 1 ? *p++ : 0;
      f(static_cast<const LocalPosting&>(posting));
    }
  }
}

template <typename Count>
uint32_t count_field(TermDictionary& w, std::string_view text, Count&& count) {
  uint32_t n = 0;
  for_each_term(text, [&](std::string_view term) {
    count(w.id(term));
    ++n;
  });
  return n;
}

}  // namespace

double coarse_average(uint64_t sum, uint64_t docs) {
  if (docs == 0 || sum == 0) return 0;
  const double exact = static_cast<double>(sum) / static_cast<double>(docs);
  return std::exp2(std::round(8 * std::log2(exact)) / 8);
}

std::array<double, kFieldCount> average_lengths(const std::array<uint64_t, kFieldCount>& sums, uint64_t docs) {
  std::array<double, kFieldCount> avg{};
  for (size_t f = 0; f < kFieldCount; ++f) avg[f] = coarse_average(sums[f], docs);
  return avg;
}

CountedNotes count_terms(IndexInput& input, unsigned jobs, const Options& options, SectionLengths& lengths) {
  const size_t note_count = input.notes.size();
  lengths.first_section.resize(note_count);
  size_t docs = 0;
  for (size_t n = 0; n < note_count; ++n) {
    lengths.first_section[n] = static_cast<uint32_t>(docs);
    docs += input.notes[n].sections.size();
  }
  lengths.lengths.assign(docs, {});
  CountedNotes counted;
  for (unsigned w = 0; w < jobs; ++w) counted.dictionaries.push_back(std::make_unique<TermDictionary>());
  counted.notes.resize(note_count);
  parallel_for(note_count, jobs, [&](size_t n, unsigned w) {
    TermDictionary& worker = *counted.dictionaries[w];
    const NoteInput& note = input.notes[n];
    CountedNotes::Note& out = counted.notes[n];
    thread_local std::vector<LocalPosting> section_postings;  // the section being counted's
    RecordOut packed;
    out.worker = w;
    uint32_t title_len = 0, tags_len = 0;
    const auto title = token_ids(worker, note.title, &title_len);
    std::string tag_text;
    for (int t : note.tags) tag_text += input.tags[static_cast<size_t>(t)] + "\n";
    const auto tags = token_ids(worker, tag_text, &tags_len);
    for (size_t s = 0; s < note.sections.size(); ++s) {
      const SectionText& section = note.sections[s];
      auto& len = lengths.lengths[lengths.first_section[n] + s];
      const uint32_t generation = ++worker.generation;
      section_postings.clear();
      auto count = [&](uint32_t id, int field) {
        TermDictionary::Seen& seen = worker.seen[id];
        if (seen.stamp != generation) {
          seen.stamp = generation;
          seen.slot = static_cast<uint32_t>(section_postings.size());
          section_postings.push_back({id, static_cast<uint16_t>(std::min<size_t>(s, 65535)), {}});
        }
        auto& tf = section_postings[seen.slot].tf[static_cast<size_t>(field)];
        if (tf < 255) ++tf;
      };
      for (uint32_t id : title) count(id, kTitle);
      for (uint32_t id : tags) count(id, kTags);
      len[kTitle] = title_len;
      len[kTags] = tags_len;
      len[kHeading] = count_field(worker, section.heading, [&](uint32_t id) { count(id, kHeading); });
      std::string links;
      for (const auto& l : section.links) links += l + "\n";
      len[kLinks] = count_field(worker, links, [&](uint32_t id) { count(id, kLinks); });
      len[kBody] = count_field(worker, section.body, [&](uint32_t id) { count(id, kBody); });
      pack_section(packed, section_postings.data(), section_postings.size());
      out.count += section_postings.size();
    }
    out.packed = std::move(packed.s);
    out.packed.shrink_to_fit();
    // Only the data files need the text now, and only its start.
    for (SectionText& section : input.notes[n].sections) {
      std::string().swap(section.body);
      std::vector<std::string>().swap(section.links);
      section.text = cut_code_points(section.text, options.snippet_chars);
    }
  });
  for (size_t f = 0; f < kFieldCount; ++f) {
    uint64_t sum = 0;
    for (const auto& l : lengths.lengths) sum += l[f];
    lengths.sums[f] = sum;
  }
  lengths.avg = average_lengths(lengths.sums, docs);
  return counted;
}

Postings merge_postings(CountedNotes counted, const SectionLengths& lengths, const Options& options, unsigned jobs) {
  const size_t note_count = counted.notes.size();
  const size_t docs = lengths.lengths.size();
  std::vector<CountedNotes::Note>& note_terms = counted.notes;
  // Every worker's terms sorted (in parallel), then merged: the global id of
  // a term is its rank among the distinct terms.
  struct Ref {
    std::string_view term;
    uint32_t worker, id;
  };
  const size_t workers = counted.dictionaries.size();
  std::vector<std::vector<Ref>> sorted(workers);
  parallel_for(workers, jobs, [&](size_t w, unsigned) {
    const TermDictionary& dictionary = *counted.dictionaries[w];
    sorted[w].reserve(dictionary.terms.size());
    for (size_t i = 0; i < dictionary.terms.size(); ++i)
      sorted[w].push_back({dictionary.terms[i], static_cast<uint32_t>(w), static_cast<uint32_t>(i)});
    std::sort(sorted[w].begin(), sorted[w].end(), [](const Ref& a, const Ref& b) { return a.term < b.term; });
  });
  std::vector<Ref> refs = std::move(sorted[0]);
  for (size_t w = 1; w < workers; ++w) {
    std::vector<Ref> merged(refs.size() + sorted[w].size());
    std::merge(refs.begin(), refs.end(), sorted[w].begin(), sorted[w].end(), merged.begin(),
               [](const Ref& a, const Ref& b) { return a.term < b.term; });
    refs = std::move(merged);
    std::vector<Ref>().swap(sorted[w]);
  }
  std::vector<std::vector<uint32_t>> global(workers);
  for (size_t w = 0; w < workers; ++w) global[w].resize(counted.dictionaries[w]->terms.size());
  std::vector<std::string_view> all;
  for (const Ref& r : refs) {
    if (all.empty() || all.back() != r.term) all.push_back(r.term);
    global[r.worker][r.id] = static_cast<uint32_t>(all.size() - 1);
  }
  std::vector<Ref>().swap(refs);
  Postings postings;
  postings.terms.resize(all.size());
  // Notes are cut into `jobs` runs of about equal postings; each run writes
  // its postings at its own offsets in every term's list, so the lists come
  // out in note order without locks.
  size_t posting_total = 0;
  for (const auto& nt : note_terms) posting_total += nt.count;
  std::vector<size_t> run_start{0};
  {
    size_t seen = 0;
    for (size_t n = 0; n < note_count; ++n) {
      if (seen >= posting_total * run_start.size() / jobs && run_start.size() < jobs && n > run_start.back())
        run_start.push_back(n);
      seen += note_terms[n].count;
    }
  }
  run_start.push_back(note_count);
  const size_t runs = run_start.size() - 1;
  std::vector<std::vector<uint32_t>> run_counts(runs, std::vector<uint32_t>(all.size(), 0));
  parallel_for(runs, jobs, [&](size_t r, unsigned) {
    for (size_t n = run_start[r]; n < run_start[r + 1]; ++n) {
      const std::vector<uint32_t>& to_global = global[note_terms[n].worker];
      for_each_posting(note_terms[n].packed, [&](const LocalPosting& p) { ++run_counts[r][to_global[p.term]]; });
    }
  });
  std::vector<uint32_t> counts(all.size(), 0);
  for (size_t r = 0; r < runs; ++r)
    for (size_t t = 0; t < all.size(); ++t) {
      const uint32_t c = run_counts[r][t];
      run_counts[r][t] = counts[t];  // becomes the run's offset
      counts[t] += c;
    }
  postings.first.resize(all.size() + 1);
  for (size_t t = 0; t < all.size(); ++t) {
    postings.terms[t].term = std::string(all[t]);
    if (options.keep_postings) postings.terms[t].postings.resize(counts[t]);
    postings.terms[t].df = counts[t];
    postings.first[t + 1] = postings.first[t] + counts[t];
  }
  postings.compact.resize(postings.first.back());
  CompactPosting* const compact = postings.compact.data();
  const size_t* const first = postings.first.data();
  // q = tf~ * scale, tf~ = sum of tf_f * w_f / (1 - b_f + b_f * len_f / avg_f): the factors per section first.
  const double scale = options.impact_scale;
  std::vector<std::array<double, kFieldCount>> factor(docs);
  for (size_t d = 0; d < docs; ++d)
    for (size_t f = 0; f < kFieldCount; ++f) {
      const double avg = lengths.avg[f] > 0 ? lengths.avg[f] : 1;
      factor[d][f] = options.weights[f] / (1 - options.b[f] + options.b[f] * lengths.lengths[d][f] / avg);
    }
  parallel_for(runs, jobs, [&](size_t r, unsigned) {
    std::vector<uint32_t>& at = run_counts[r];
    for (size_t n = run_start[r]; n < run_start[r + 1]; ++n) {
      const std::vector<uint32_t>& to_global = global[note_terms[n].worker];
      for_each_posting(note_terms[n].packed, [&](const LocalPosting& p) {
        const uint32_t term = to_global[p.term];
        const auto& fa = factor[lengths.first_section[n] + p.section];
        double tf = 0;
        for (size_t f = 0; f < kFieldCount; ++f) tf += p.tf[f] * fa[f];
        const auto q = static_cast<uint16_t>(std::clamp<long>(std::lround(tf * scale), 1, 65535));
        const uint16_t named = (p.tf[kTitle] || p.tf[kHeading]) ? kNamed : 0;
        const uint32_t i = at[term]++;
        compact[first[term] + i] = {static_cast<uint32_t>(n), static_cast<uint16_t>(std::min<uint16_t>(p.section, 0x7FFF) | named), q};
        if (options.keep_postings) postings.terms[term].postings[i] = {static_cast<uint32_t>(n), p.section, p.tf, q};
      });
      std::string().swap(note_terms[n].packed);
    }
  });
  return postings;
}

namespace {

constexpr char kVarintAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// append_varint's characters, written at out[at] (or only counted); `at`
/// moves past them.
template <bool kWrite>
inline void put_varint(char* out, size_t& at, uint64_t value) {
  while (value >= 32) {
    if constexpr (kWrite) out[at] = kVarintAlphabet[32 + (value & 31)];
    ++at;
    value >>= 5;
  }
  if constexpr (kWrite) out[at] = kVarintAlphabet[value];
  ++at;
}

/// encode_postings into `out` (room for 14 characters a posting: at most 7
/// for the note gap and section, 3 for a long section, 4 for q), or only its
/// length; returns the length.
template <bool kWrite>
size_t encode_into(std::span<const CompactPosting> list, size_t keep, size_t& kept, char* out) {
  const size_t n = list.size();
  // Keep the `keep` postings where the term names the section (title or
  // heading) first, then those of highest q (ties: earlier first): a
  // threshold from a histogram of q, then one pass in (note, section) order.
  bool named_only = false;   // true: only named postings are kept (some of them)
  uint32_t threshold = 0;
  size_t at_threshold = keep;  // how many postings with q == threshold to keep
  if (keep < n) {
    size_t named = 0;
    for (const auto& p : list) named += (p.section & kNamed) ? 1 : 0;
    named_only = named >= keep;
    const size_t want = named_only ? keep : keep - named;
    uint32_t max_q = 0;
    for (const auto& p : list)
      if (((p.section & kNamed) != 0) == named_only) max_q = std::max<uint32_t>(max_q, p.q);
    std::vector<uint32_t> histogram(max_q + 1, 0);
    for (const auto& p : list)
      if (((p.section & kNamed) != 0) == named_only) ++histogram[p.q];
    size_t above = 0;
    threshold = max_q;
    while (threshold > 0 && above + histogram[threshold] < want) above += histogram[threshold--];
    at_threshold = want - above;
  }
  uint32_t previous = 0;
  size_t at = 0;
  kept = 0;
  for (const CompactPosting& p : list) {
    const bool named = (p.section & kNamed) != 0;
    if (keep < n && named == named_only) {  // the group cut at the threshold
      if (p.q < threshold) continue;
      if (p.q == threshold) {
        if (at_threshold == 0) continue;
        --at_threshold;
      }
    } else if (keep < n && !named) {        // named_only: the others go
      continue;
    }
    const uint32_t section = p.section & 0x7FFF;
    const uint32_t small = std::min<uint32_t>(section, 7);
    put_varint<kWrite>(out, at, (static_cast<uint64_t>(p.note - previous) << 3) | small);
    if (small == 7) put_varint<kWrite>(out, at, section);
    put_varint<kWrite>(out, at, p.q);
    previous = p.note;
    ++kept;
  }
  return at;
}

}  // namespace

std::string encode_postings(std::span<const CompactPosting> list, size_t keep, size_t& kept) {
  thread_local std::vector<char> buffer;
  if (buffer.size() < list.size() * 14) buffer.resize(list.size() * 14);
  return std::string(buffer.data(), encode_into<true>(list, keep, kept, buffer.data()));
}

size_t encoded_size(std::span<const CompactPosting> list, size_t keep, size_t& kept) {
  return encode_into<false>(list, keep, kept, nullptr);
}

std::string encode_term(std::span<const CompactPosting> list, const Options& options, size_t& kept_out) {
  const size_t max = options.max_term_bytes;
  const size_t total = list.size();
  // The number to keep is searched for by sizes alone; the string is made once.
  size_t keep = total, kept = total, size = 0;
  // About 2 bytes a posting: a list far over the budget starts cut.
  const size_t guess = max / 2;
  if (total <= 2 * guess) {
    std::string whole = encode_postings(list, total, kept_out);
    if (whole.size() <= max) return whole;
    size = whole.size();
  } else {
    keep = guess;
    size = encoded_size(list, keep, kept);
    while (size < max / 2 && kept < total) {
      keep = std::min(total, kept * 3 / 2 + 1);
      size = encoded_size(list, keep, kept);
      if (size > max) {
        keep = kept * 2 / 3;
        size = encoded_size(list, keep, kept);
        break;
      }
    }
  }
  while (size > max && kept > 1) {
    keep = std::min(std::max<size_t>(1, kept * max / size * 15 / 16), kept - 1);
    size = encoded_size(list, keep, kept);
  }
  return encode_postings(list, keep, kept_out);
}

std::vector<std::string> encode_terms(Postings& postings, const Options& options, unsigned jobs) {
  std::vector<std::string> encoded(postings.terms.size());
  parallel_for(postings.terms.size(), jobs, [&](size_t t, unsigned) {
    encoded[t] = encode_term(postings.list(t), options, postings.terms[t].kept);
  });
  return encoded;
}

}  // namespace studywiki::search
