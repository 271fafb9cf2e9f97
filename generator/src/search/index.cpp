#include "search/index.h"

#include <algorithm>
#include <stdexcept>

#include "core/parallel.h"
#include "core/utf8.h"
#include "search/files.h"
#include "search/phase_timer.h"
#include "search/postings.h"
#include "search/shards.h"
#include "search/update.h"

namespace studywiki::search {

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

}  // namespace

uint32_t fnv1a32(std::string_view bytes) {
  uint32_t h = 0x811c9dc5u;
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x01000193u;
  }
  return h;
}

uint64_t fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string_view route_key(std::string_view term) {
  if (term.empty() || term[0] == '#') return term;
  // The first two code points: a word's 2-letter prefix, a CJK unigram or
  // bigram whole; of a name term, its key's (the shard of its first word or bigram).
  const size_t start = term[0] == '=' ? 1 : 0;
  size_t pos = start;
  if (pos < term.size()) utf8::next(term, pos);
  if (pos < term.size()) utf8::next(term, pos);
  return term.substr(start, pos - start);
}

std::string name_key(std::string_view text) {
  std::string key;
  uint32_t word_end = 0;
  bool any_word = false;
  for (const Token& t : tokenize(text)) {
    if (t.kind == TokenKind::Word) {
      if (any_word && t.byte_end <= word_end) continue;  // a camelCase part of the word just taken
      any_word = true;
      word_end = t.byte_end;
      key += t.term;
    } else if (t.kind == TokenKind::CjkUnigram) {
      key += t.term;
    }
  }
  return key;
}

uint32_t shard_of(std::string_view term, uint32_t shards) {
  return shards <= 1 ? 0 : fnv1a32(route_key(term)) % shards;
}

void append_varint(std::string& out, uint64_t value) {
  while (value >= 32) {
    out += kAlphabet[32 + (value & 31)];
    value >>= 5;
  }
  out += kAlphabet[value];
}

const Term* Index::find(std::string_view term) const {
  auto it = std::lower_bound(terms_.begin(), terms_.end(), term,
                             [](const Term& t, std::string_view v) { return t.term < v; });
  return it != terms_.end() && it->term == term ? &*it : nullptr;
}

uint32_t Index::length(uint32_t note, uint32_t section, int field) const {
  return lengths_.lengths[lengths_.first_section[note] + section][static_cast<size_t>(field)];
}

double Index::pseudo_tf(const Posting& p) const {
  double tf = 0;
  for (int f = 0; f < kFieldCount; ++f) {
    if (!p.tf[static_cast<size_t>(f)]) continue;
    const double avg = lengths_.avg[static_cast<size_t>(f)] > 0 ? lengths_.avg[static_cast<size_t>(f)] : 1;
    const double b = options_.b[static_cast<size_t>(f)];
    const double norm = 1 - b + b * length(p.note, p.section, f) / avg;
    tf += options_.weights[static_cast<size_t>(f)] * p.tf[static_cast<size_t>(f)] / norm;
  }
  return tf;
}

size_t Index::total_bytes() const {
  size_t n = 0;
  for (const auto& [name, bytes] : files_) n += bytes.size();
  return n;
}

// The phases, in the order they run.
Index Index::build(IndexInput input, unsigned jobs, const Options& options, IndexCache* cache,
                   const std::function<void(size_t, std::string)>* sink) {
  PhaseTimer phase;
  jobs = std::max(1u, jobs);
  Index index;
  index.options_ = options;
  for (const NoteInput& n : input.notes)
    if (n.sections_left_out) throw std::logic_error("search: Index::build given a note without its sections");
  std::vector<uint64_t> hashes;  // of each note's sections, for the cache (before phase 1 frees them)
  if (cache) {
    hashes.resize(input.notes.size());
    parallel_for(input.notes.size(), jobs, [&](size_t n, unsigned) { hashes[n] = sections_hash(input.notes[n].sections); });
  }
  // 1. Terms per section and field, counted; the fields' lengths.
  CountedNotes counted = count_terms(input, jobs, options, index.lengths_);
  phase("tokens");
  // 2. One sorted dictionary; every posting's impact q.
  Postings postings = merge_postings(std::move(counted), index.lengths_, options, jobs);
  phase("merge");
  // 3. Every term's postings encoded, cut to the term budget.
  std::vector<std::string> encoded = encode_terms(postings, options, jobs);
  phase("encode");
  // 4. Shards: S from the size, then no shard over the limit.
  const std::vector<WholeTerm> tags = tag_terms(input), names = name_terms(input);
  index.shards_ = shard_count(postings, encoded, tags, names, options);
  if (cache)
    fill_index_cache(*cache, input, hashes, index.lengths_, postings, encoded, tags, names, index.shards_, jobs,
                     sink ? *sink : GroupSink([](size_t, std::string) {}));
  std::vector<std::string> shards = shard_files(index.shards_, postings, encoded, tags, names, options, jobs);
  index.terms_ = std::move(postings.terms);
  std::vector<CompactPosting>().swap(postings.compact);  // 92 MB at 10,000 notes: not held through the data files
  std::vector<size_t>().swap(postings.first);
  std::vector<std::string>().swap(encoded);
  phase("shards");
  // 5. Data files: K notes each.
  size_t notes_per_data = 1;
  std::vector<uint64_t> note_bytes;
  std::vector<std::string> data = data_files(input, options, jobs, notes_per_data, cache ? &note_bytes : nullptr);
  phase("data");
  // 6. Names and the entry.
  std::vector<uint64_t> shard_hashes, data_hashes;
  index.files_ = named_files(std::move(shards), std::move(data), notes_per_data, input, index.lengths_, options, jobs,
                             &shard_hashes, &data_hashes);
  if (cache) fill_index_files(*cache, note_bytes, notes_per_data, shard_hashes, data_hashes, index.files_[0].second);
  phase("entry");
  return index;
}

}  // namespace studywiki::search
