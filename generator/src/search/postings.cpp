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

namespace studywiki::search {

/// Per worker: its own term dictionary (ids are worker-local until merged).
class TermDictionary {
 public:
  // Terms of up to 8 bytes (every CJK unigram and bigram, most words) are
  // keyed by their bytes packed into an integer (no term has a NUL byte),
  // in an open-addressing table; longer ones in a hash map.
  std::vector<uint64_t> keys;
  std::vector<uint32_t> values;
  size_t used = 0;
  std::unordered_map<std::string_view, uint32_t> long_ids;
  std::deque<std::string> terms;  // by id; stable storage for long_ids' keys
  std::vector<uint32_t> stamp, slot;
  uint32_t generation = 0;

  TermDictionary() : keys(1u << 14, 0), values(1u << 14, 0) {}

  uint32_t add(std::string_view term) {
    terms.emplace_back(term);
    stamp.push_back(0);
    slot.push_back(0);
    return static_cast<uint32_t>(terms.size() - 1);
  }
  static size_t bucket(uint64_t key, size_t mask) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask; }
  void grow() {
    std::vector<uint64_t> old_keys(keys.size() * 2, 0);
    std::vector<uint32_t> old_values(values.size() * 2, 0);
    old_keys.swap(keys);
    old_values.swap(values);
    const size_t mask = keys.size() - 1;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (!old_keys[i]) continue;
      size_t b = bucket(old_keys[i], mask);
      while (keys[b]) b = (b + 1) & mask;
      keys[b] = old_keys[i];
      values[b] = old_values[i];
    }
  }
  __attribute__((always_inline)) uint32_t id(std::string_view term) {
    if (term.size() <= 8 && !term.empty()) {
      uint64_t key = 0;
      std::memcpy(&key, term.data(), term.size());
      size_t mask = keys.size() - 1, b = bucket(key, mask);
      while (keys[b]) {
        if (keys[b] == key) return values[b];
        b = (b + 1) & mask;
      }
      const uint32_t id = add(term);
      keys[b] = key;
      values[b] = id;
      if (++used * 2 > keys.size()) grow();
      return id;
    }
    auto it = long_ids.find(term);
    if (it != long_ids.end()) return it->second;
    const uint32_t id = add(term);
    long_ids.emplace(std::string_view(terms.back()), id);
    return id;
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
    size_t text_bytes = 0;
    for (const auto& section : note.sections) text_bytes += section.body.size();
    out.postings.reserve(64 + text_bytes / 3);
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
      const size_t first = out.postings.size();
      auto count = [&](uint32_t id, int field) {
        if (worker.stamp[id] != generation) {
          worker.stamp[id] = generation;
          worker.slot[id] = static_cast<uint32_t>(out.postings.size() - first);
          out.postings.push_back({id, static_cast<uint16_t>(std::min<size_t>(s, 65535)), {}});
        }
        auto& tf = out.postings[first + worker.slot[id]].tf[static_cast<size_t>(field)];
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
    }
    // Only the data files need the text now, and only its start.
    for (SectionText& section : input.notes[n].sections) {
      std::string().swap(section.body);
      std::vector<std::string>().swap(section.links);
      section.text = cut_code_points(section.text, options.snippet_chars);
    }
  });
  for (int f = 0; f < kFieldCount; ++f) {
    double sum = 0;
    for (const auto& l : lengths.lengths) sum += l[static_cast<size_t>(f)];
    lengths.avg[static_cast<size_t>(f)] = docs ? sum / static_cast<double>(docs) : 0;
  }
  return counted;
}

Postings merge_postings(CountedNotes counted, const SectionLengths& lengths, const Options& options, unsigned jobs) {
  const size_t note_count = counted.notes.size();
  const size_t docs = lengths.lengths.size();
  std::vector<CountedNotes::Note>& note_terms = counted.notes;
  std::vector<std::string> all;
  for (const auto& w : counted.dictionaries) all.insert(all.end(), w->terms.begin(), w->terms.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::vector<std::vector<uint32_t>> global(counted.dictionaries.size());
  parallel_for(counted.dictionaries.size(), jobs, [&](size_t w, unsigned) {
    const TermDictionary& dictionary = *counted.dictionaries[w];
    global[w].resize(dictionary.terms.size());
    for (size_t i = 0; i < dictionary.terms.size(); ++i)
      global[w][i] = static_cast<uint32_t>(std::lower_bound(all.begin(), all.end(), dictionary.terms[i]) - all.begin());
  });
  Postings postings;
  postings.terms.resize(all.size());
  // Notes are cut into `jobs` runs of about equal postings; each run writes
  // its postings at its own offsets in every term's list, so the lists come
  // out in note order without locks.
  size_t posting_total = 0;
  for (const auto& nt : note_terms) posting_total += nt.postings.size();
  std::vector<size_t> run_start{0};
  {
    size_t seen = 0;
    for (size_t n = 0; n < note_count; ++n) {
      if (seen >= posting_total * run_start.size() / jobs && run_start.size() < jobs && n > run_start.back())
        run_start.push_back(n);
      seen += note_terms[n].postings.size();
    }
  }
  run_start.push_back(note_count);
  const size_t runs = run_start.size() - 1;
  std::vector<std::vector<uint32_t>> run_counts(runs, std::vector<uint32_t>(all.size(), 0));
  parallel_for(runs, jobs, [&](size_t r, unsigned) {
    for (size_t n = run_start[r]; n < run_start[r + 1]; ++n)
      for (auto& p : note_terms[n].postings) {
        p.term = global[note_terms[n].worker][p.term];
        ++run_counts[r][p.term];
      }
  });
  std::vector<uint32_t> counts(all.size(), 0);
  for (size_t r = 0; r < runs; ++r)
    for (size_t t = 0; t < all.size(); ++t) {
      const uint32_t c = run_counts[r][t];
      run_counts[r][t] = counts[t];  // becomes the run's offset
      counts[t] += c;
    }
  std::vector<std::vector<CompactPosting>>& compact = postings.compact;
  compact.resize(all.size());
  for (size_t t = 0; t < all.size(); ++t) {
    postings.terms[t].term = std::move(all[t]);
    if (options.keep_postings) postings.terms[t].postings.resize(counts[t]);
    compact[t].resize(counts[t]);
    postings.terms[t].df = counts[t];
  }
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
      for (const auto& p : note_terms[n].postings) {
        const auto& fa = factor[lengths.first_section[n] + p.section];
        double tf = 0;
        for (size_t f = 0; f < kFieldCount; ++f) tf += p.tf[f] * fa[f];
        const auto q = static_cast<uint16_t>(std::clamp<long>(std::lround(tf * scale), 1, 65535));
        const uint16_t named = (p.tf[kTitle] || p.tf[kHeading]) ? kNamed : 0;
        const uint32_t i = at[p.term]++;
        compact[p.term][i] = {static_cast<uint32_t>(n), static_cast<uint16_t>(std::min<uint16_t>(p.section, 0x7FFF) | named), q};
        if (options.keep_postings) postings.terms[p.term].postings[i] = {static_cast<uint32_t>(n), p.section, p.tf, q};
      }
      std::vector<LocalPosting>().swap(note_terms[n].postings);
    }
  });
  return postings;
}

std::string encode_postings(const std::vector<CompactPosting>& list, size_t keep, size_t& kept) {
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
  std::string s;
  s.reserve(std::min(n, keep) * 3);
  uint32_t previous = 0;
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
    append_varint(s, (static_cast<uint64_t>(p.note - previous) << 3) | small);
    if (small == 7) append_varint(s, section);
    append_varint(s, p.q);
    previous = p.note;
    ++kept;
  }
  return s;
}

std::vector<std::string> encode_terms(Postings& postings, const Options& options, unsigned jobs) {
  std::vector<std::string> encoded(postings.terms.size());
  auto encode = [&](size_t t, size_t keep) { return encode_postings(postings.compact[t], keep, postings.terms[t].kept); };
  parallel_for(postings.terms.size(), jobs, [&](size_t t, unsigned) {
    Term& term = postings.terms[t];
    const size_t total = postings.compact[t].size();
    // About 2 bytes a posting: a list far over the budget starts cut.
    const size_t guess = options.max_term_bytes / 2;
    encoded[t] = encode(t, total > 2 * guess ? guess : total);
    while (encoded[t].size() < options.max_term_bytes / 2 && term.kept < total) {
      encoded[t] = encode(t, std::min(total, term.kept * 3 / 2 + 1));
      if (encoded[t].size() > options.max_term_bytes) {
        encoded[t] = encode(t, term.kept * 2 / 3);
        break;
      }
    }
    while (encoded[t].size() > options.max_term_bytes && term.kept > 1) {
      const size_t keep = std::max<size_t>(1, term.kept * options.max_term_bytes / encoded[t].size() * 15 / 16);
      encoded[t] = encode(t, std::min(keep, term.kept - 1));
    }
  });
  return encoded;
}

}  // namespace studywiki::search
