#include "search/update.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "core/hash.h"
#include "core/parallel.h"
#include "search/files.h"
#include "search/phase_timer.h"
#include "search/postings.h"
#include "search/shards.h"
#include "state/record_io.h"

namespace studywiki::search {

namespace {

/// A shard's record: its whole terms, then its terms, each with the string
/// encode_term() made of it (and how many postings that holds) and every
/// posting; a term no changed note is in is copied as it is, not decoded.
void put_term(RecordOut& o, const ShardTerm& t) {
  o.str(t.term);
  o.u(t.kept);
  o.str(t.encoded);
  o.u(t.list.size());
  uint32_t previous = 0;
  for (const CompactPosting& p : t.list) {
    o.u(p.note - previous);
    o.u(p.section);
    o.u(p.q);
    previous = p.note;
  }
}

void put_whole(RecordOut& o, const std::vector<const WholeTerm*>& whole) {
  o.u(whole.size());
  for (const WholeTerm* t : whole) {
    o.str(t->first);
    o.str(t->second);
  }
}

std::string record_of(const std::vector<const WholeTerm*>& whole, const std::vector<ShardTerm>& terms) {
  RecordOut o;
  put_whole(o, whole);
  o.u(terms.size());
  for (const ShardTerm& t : terms) put_term(o, t);
  return std::move(o.s);
}

/// A term of a record as it is in the bytes.
struct RawTerm {
  std::string_view term, encoded;
  size_t kept = 0, df = 0;
  std::string_view postings;  ///< df postings' varints
  std::string_view bytes;     ///< the whole entry, to copy
  bool changed = false;       ///< a changed note has a posting in it
};

struct ShardRecord {
  std::vector<WholeTerm> whole;
  std::vector<RawTerm> terms;  ///< sorted by term
};

std::optional<ShardRecord> read_record(std::string_view bytes, const std::vector<char>& is_changed) {
  RecordIn in;
  in.s = bytes;
  ShardRecord r;
  r.whole.resize(in.count());
  for (auto& [k, v] : r.whole) {
    k = in.str();
    v = in.str();
  }
  auto view = [&]() -> std::string_view {
    const size_t n = in.count();
    const std::string_view v = bytes.substr(in.pos, n);
    in.pos += n;
    return v;
  };
  r.terms.resize(in.count());
  for (RawTerm& t : r.terms) {
    const size_t start = in.pos;
    t.term = view();
    t.kept = in.u();
    t.encoded = view();
    t.df = in.count();
    const size_t first = in.pos;
    uint64_t note = 0;
    for (size_t k = 0; k < t.df && in.ok; ++k) {
      note += in.u();
      in.u();
      in.u();
      if (note < is_changed.size() && is_changed[note]) t.changed = true;
    }
    t.postings = bytes.substr(first, in.pos - first);
    t.bytes = bytes.substr(start, in.pos - start);
  }
  if (!in.ok || in.pos != bytes.size()) return std::nullopt;
  return r;
}

std::vector<CompactPosting> decode(const RawTerm& t) {
  std::vector<CompactPosting> list(t.df);
  RecordIn in;
  in.s = t.postings;
  uint32_t note = 0;
  for (CompactPosting& p : list) {
    note += static_cast<uint32_t>(in.u());
    p.note = note;
    p.section = static_cast<uint16_t>(in.u());
    p.q = static_cast<uint16_t>(in.u());
  }
  return list;
}

bool same_face(const CachedNote& c, const NoteInput& n) {
  return c.url == n.url && c.title == n.title && c.aliases == n.aliases && c.folder == n.folder && c.tags == n.tags;
}

}  // namespace

size_t record_group_size(uint32_t shards) {
  return std::max<size_t>(1, (shards + kRecordGroups - 1) / kRecordGroups);
}

namespace {

/// A record group's bytes: each of its shards' records.
template <typename Records>
std::string group_bytes(const Records& records) {
  RecordOut o;
  size_t n = 0;
  for (const auto& r : records) n += r.size() + 5;
  o.s.reserve(n);
  for (const auto& r : records) o.str(r);
  return std::move(o.s);
}

/// The records of a group of `count` shards, into `bytes`.
std::optional<std::vector<std::string_view>> group_records(std::string_view bytes, size_t count) {
  std::vector<std::string_view> records;
  RecordIn in;
  in.s = bytes;
  for (size_t i = 0; i < count; ++i) {
    const size_t n = in.count();
    if (!in.ok) return std::nullopt;
    records.push_back(bytes.substr(in.pos, n));
    in.pos += n;
  }
  if (in.pos != bytes.size()) return std::nullopt;
  return records;
}

}  // namespace

uint64_t sections_hash(const std::vector<SectionText>& sections) {
  RecordOut o;
  o.u(sections.size());
  for (const SectionText& s : sections) {
    o.str(s.anchor);
    o.str(s.heading);
    o.str(s.body);
    o.strs(s.links);
    o.str(s.text);
  }
  return checksum64(o.s) ^ o.s.size();
}

void fill_index_cache(IndexCache& cache, const IndexInput& input, const std::vector<uint64_t>& hashes,
                      const SectionLengths& lengths, const Postings& postings,
                      const std::vector<std::string>& encoded, const std::vector<WholeTerm>& tags,
                      const std::vector<WholeTerm>& names, uint32_t shards, unsigned jobs, const GroupSink& sink) {
  cache.shards = shards;
  cache.docs = lengths.lengths.size();
  cache.sums = lengths.sums;
  cache.tags = input.tags;
  cache.entry_tail = entry_tail(input);
  const size_t note_count = input.notes.size();
  cache.notes.assign(note_count, {});
  // The shards each note's terms route to: a bit per shard and note.
  const size_t words = (shards + 63) / 64;
  std::vector<uint64_t> bits(note_count * words, 0);
  const auto shard_terms = terms_by_shard(shards, postings);
  for (uint32_t s = 0; s < shards; ++s)
    for (uint32_t t : shard_terms[s])
      for (const CompactPosting& p : postings.list(t)) bits[p.note * words + s / 64] |= 1ull << (s % 64);
  parallel_for(note_count, jobs, [&](size_t n, unsigned) {
    const NoteInput& in = input.notes[n];
    CachedNote& c = cache.notes[n];
    c.url = in.url;
    c.title = in.title;
    c.aliases = in.aliases;
    c.folder = in.folder;
    c.tags = in.tags;
    c.sections_hash = hashes[n];
    c.source_hash = in.source_hash;
    c.sections = static_cast<uint32_t>(in.sections.size());
    for (uint32_t s = 0; s < c.sections; ++s)
      for (size_t f = 0; f < kFieldCount; ++f) c.sums[f] += lengths.lengths[lengths.first_section[n] + s][f];
    std::vector<uint32_t> list;
    for (size_t w = 0; w < words; ++w)
      for (uint64_t b = bits[n * words + w]; b; b &= b - 1)
        list.push_back(static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(b))));
    c.shards = pack_shards(list);
  });
  std::vector<uint64_t>().swap(bits);
  const auto whole = whole_by_shard(shards, tags, names);
  cache.shard_weight.assign(shards, 0);
  // A group at a time, handed on as soon as it is made: never all the records at once.
  const size_t group_size = record_group_size(shards);
  cache.groups.assign((shards + group_size - 1) / group_size, 0);
  parallel_for(cache.groups.size(), jobs, [&](size_t g, unsigned) {
    std::vector<std::string> records;
    for (size_t s = g * group_size; s < std::min<size_t>(shards, (g + 1) * group_size); ++s) {
      std::vector<ShardTerm> terms;
      for (uint32_t t : shard_terms[s])
        terms.push_back({postings.terms[t].term, postings.list(t), encoded[t], postings.terms[t].kept,
                         postings.list(t).size()});
      cache.shard_weight[s] = shard_weight(terms, whole[s]);
      records.push_back(record_of(whole[s], terms));
    }
    std::string bytes = group_bytes(records);
    cache.groups[g] = checksum64(bytes);
    sink(g, std::move(bytes));  // from either worker: a file of its own
  });
  cache.weight_total = 0;
  for (uint64_t w : cache.shard_weight) cache.weight_total += w;
}

void fill_index_files(IndexCache& cache, const std::vector<uint64_t>& note_bytes, size_t notes_per_data,
                      const std::vector<uint64_t>& shard_hashes, const std::vector<uint64_t>& data_hashes,
                      const std::string& entry) {
  cache.notes_per_data = notes_per_data;
  cache.data_total = 0;
  for (size_t n = 0; n < note_bytes.size(); ++n) {
    cache.notes[n].data_bytes = note_bytes[n];
    cache.data_total += note_bytes[n];
  }
  cache.shard_files.assign(shard_hashes.size(), {});
  for (size_t s = 0; s < shard_hashes.size(); ++s) cache.shard_files[s].hash = shard_hashes[s];
  cache.data_files.assign(data_hashes.size(), {});
  for (size_t d = 0; d < data_hashes.size(); ++d) cache.data_files[d].hash = data_hashes[d];
  cache.entry.hash = fnv1a64(entry);
}

namespace {

/// A shard made again: its file's text, its record, its weight (shard_weight).
struct MadeShard {
  std::string text, record;
  uint64_t weight = 0;
  bool same = false;  ///< no posting changed: the record, the weight and the file are as they were (left empty)
};

/// Shard `s` made again from its `record` as kept: the terms with a changed note's postings,
/// or a new one's (`fresh`: indices in `postings`, the changed notes' new postings, note k
/// being changed[k]), made again, the changed notes' old postings out; the others copied.
/// nullopt when the record does not read.
std::optional<MadeShard> remake_shard(uint32_t s, std::string_view bytes, const std::vector<uint32_t>& fresh,
                                      const Postings& postings, const std::vector<uint32_t>& changed,
                                      const std::vector<char>& is_changed, const Options& options) {
  const auto by_place = [](const CompactPosting& x, const CompactPosting& y) {
    return x.note != y.note ? x.note < y.note : (x.section & 0x7FFF) < (y.section & 0x7FFF);
  };
  auto record = read_record(bytes, is_changed);
  if (!record) return std::nullopt;
  std::deque<std::vector<CompactPosting>> lists;  // the lists the terms point at (stable addresses)
  std::vector<ShardTerm> terms;
  std::vector<const RawTerm*> raw;  // per term: its entry when it is copied as it was
  bool any_changed = false;
  size_t a = 0, b = 0;
  while (a < record->terms.size() || b < fresh.size()) {
    const int order = a == record->terms.size() ? 1
                      : b == fresh.size()       ? -1
                                                : record->terms[a].term.compare(postings.terms[fresh[b]].term);
    if (order < 0 && !record->terms[a].changed) {  // untouched: its string, its entry
      const RawTerm& t = record->terms[a++];
      terms.push_back({t.term, {}, std::string(t.encoded), t.kept, t.df});
      raw.push_back(&t);
      continue;
    }
    std::vector<CompactPosting> old_list, new_list, old_changed;
    std::string_view term;
    const RawTerm* was = nullptr;
    if (order <= 0) {
      was = &record->terms[a];
      term = was->term;
      for (const CompactPosting& p : decode(*was)) (is_changed[p.note] ? old_changed : old_list).push_back(p);
      ++a;
    } else {
      term = postings.terms[fresh[b]].term;
    }
    if (order >= 0) {
      for (const CompactPosting& p : postings.list(fresh[b])) new_list.push_back({changed[p.note], p.section, p.q});
      ++b;
    }
    // The changed notes' postings of this term as they were: the term as it was.
    if (was && std::equal(old_changed.begin(), old_changed.end(), new_list.begin(), new_list.end(),
                          [](const CompactPosting& x, const CompactPosting& y) {
                            return x.note == y.note && x.section == y.section && x.q == y.q;
                          })) {
      terms.push_back({was->term, {}, std::string(was->encoded), was->kept, was->df});
      raw.push_back(was);
      continue;
    }
    any_changed = true;
    std::vector<CompactPosting>& list = lists.emplace_back(old_list.size() + new_list.size());
    std::merge(old_list.begin(), old_list.end(), new_list.begin(), new_list.end(), list.begin(), by_place);
    if (list.empty()) continue;
    ShardTerm t{term, list, {}, 0, list.size()};
    t.encoded = encode_term(t.list, options, t.kept);
    terms.push_back(std::move(t));
    raw.push_back(nullptr);
  }
  MadeShard made;
  if (!any_changed) {  // every term as it was: the same record, so the same file
    made.same = true;
    return made;
  }
  std::vector<const WholeTerm*> whole;
  for (const WholeTerm& w : record->whole) whole.push_back(&w);
  made.weight = shard_weight(terms, whole);
  RecordOut out;
  put_whole(out, whole);
  out.u(terms.size());
  for (size_t k = 0; k < terms.size(); ++k) {
    if (raw[k])
      out.s += raw[k]->bytes;
    else
      put_term(out, terms[k]);
  }
  made.record = std::move(out.s);
  // Over its limit, the shard is cut from every term's list: the others' too.
  if (shard_needs_lists(terms, whole, options))
    for (size_t k = 0; k < terms.size(); ++k)
      if (raw[k]) terms[k].list = lists.emplace_back(decode(*raw[k]));
  made.text = shard_text(s, terms, whole, options);
  return made;
}

}  // namespace

std::optional<IndexUpdate> update_index(IndexCache& cache, const IndexInput& input, const Options& options, unsigned jobs,
                                        const std::function<std::optional<std::string>(const std::string&)>& read,
                                        const GroupSource& groups) {
  const size_t note_count = input.notes.size();
  if (note_count != cache.notes.size() || input.tags != cache.tags || entry_tail(input) != cache.entry_tail ||
      options.shards != 0)
    return std::nullopt;
  std::vector<uint32_t> changed;
  for (size_t n = 0; n < note_count; ++n) {
    if (!same_face(cache.notes[n], input.notes[n])) return std::nullopt;
    if (input.notes[n].sections_left_out) {
      // Sections not made: the cached ones, if they are made of the same.
      if (input.notes[n].as_cached) continue;  // the caller checked
      if (input.notes[n].source_hash == 0 || input.notes[n].source_hash != cache.notes[n].source_hash)
        return std::nullopt;
      continue;
    }
    if (sections_hash(input.notes[n].sections) != cache.notes[n].sections_hash) changed.push_back(static_cast<uint32_t>(n));
  }
  PhaseTimer step("  ");
  step("compare");
  IndexUpdate update;
  update.notes_counted = changed.size();
  if (changed.size() * 8 > note_count + 8) return std::nullopt;  // as fast from scratch
  // The changed notes counted as a site of their own, with the site's tags.
  IndexInput part;
  part.tags = input.tags;
  std::vector<uint64_t> hashes;
  for (uint32_t n : changed) {
    hashes.push_back(sections_hash(input.notes[n].sections));
    part.notes.push_back(input.notes[n]);
  }
  SectionLengths lengths;
  CountedNotes counted = count_terms(part, jobs, options, lengths);
  // The averages of the whole site: where they were, or build from scratch.
  uint64_t docs = cache.docs;
  std::array<uint64_t, kFieldCount> sums = cache.sums;
  std::vector<std::array<uint64_t, kFieldCount>> note_sums(changed.size());
  for (size_t k = 0; k < changed.size(); ++k) {
    const CachedNote& was = cache.notes[changed[k]];
    docs = docs - was.sections + part.notes[k].sections.size();
    for (size_t s = 0; s < part.notes[k].sections.size(); ++s)
      for (size_t f = 0; f < kFieldCount; ++f) note_sums[k][f] += lengths.lengths[lengths.first_section[k] + s][f];
    for (size_t f = 0; f < kFieldCount; ++f) sums[f] = sums[f] - was.sums[f] + note_sums[k][f];
  }
  if (average_lengths(sums, docs) != average_lengths(cache.sums, cache.docs)) return std::nullopt;
  lengths.avg = average_lengths(sums, docs);
  Options keep = options;
  keep.keep_postings = false;
  Postings postings = merge_postings(std::move(counted), lengths, keep, jobs);
  step("count");
  // The new postings by shard; the shards touched, now or before.
  const uint32_t shards = cache.shards;
  std::vector<std::vector<uint32_t>> new_shards(changed.size());
  std::unordered_map<uint32_t, std::vector<uint32_t>> terms_of_shard;  // shard -> terms (ascending)
  for (uint32_t t = 0; t < postings.terms.size(); ++t) {
    const uint32_t s = shard_of(postings.terms[t].term, shards);
    terms_of_shard[s].push_back(t);
    for (const CompactPosting& p : postings.list(t)) new_shards[p.note].push_back(s);
  }
  std::vector<uint32_t> touched;
  for (size_t k = 0; k < changed.size(); ++k) {
    std::sort(new_shards[k].begin(), new_shards[k].end());
    new_shards[k].erase(std::unique(new_shards[k].begin(), new_shards[k].end()), new_shards[k].end());
    touched.insert(touched.end(), new_shards[k].begin(), new_shards[k].end());
    const std::vector<uint32_t> old = unpack_shards(cache.notes[changed[k]].shards);
    touched.insert(touched.end(), old.begin(), old.end());
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  std::vector<char> is_changed(note_count, 0);
  for (uint32_t n : changed) is_changed[n] = 1;
  // The record groups of the shards touched, as kept.
  const size_t group_size = record_group_size(shards);
  std::unordered_map<size_t, std::string> group_bytes_of;  // group -> its bytes
  std::unordered_map<size_t, std::vector<std::string_view>> records_of;  // group -> its shards' records
  for (uint32_t s : touched) {
    const size_t g = s / group_size;
    if (group_bytes_of.count(g)) continue;
    auto bytes = g < cache.groups.size() ? groups(g) : std::nullopt;
    if (!bytes || checksum64(*bytes) != cache.groups[g]) return std::nullopt;
    std::string& kept = group_bytes_of[g] = std::move(*bytes);
    auto records = group_records(kept, std::min<size_t>(group_size, shards - g * group_size));
    if (!records) return std::nullopt;
    records_of[g] = std::move(*records);
  }
  step("groups");
  std::vector<std::optional<MadeShard>> made(touched.size());
  const std::vector<uint32_t> none;
  parallel_for(touched.size(), jobs, [&](size_t i, unsigned) {
    const uint32_t s = touched[i];
    const auto it = terms_of_shard.find(s);
    const std::vector<uint32_t>& fresh = it == terms_of_shard.end() ? none : it->second;
    made[i] = remake_shard(s, records_of.at(s / group_size)[s % group_size], fresh, postings, changed, is_changed,
                           options);
  });
  step("shards");
  uint64_t weight_total = cache.weight_total;
  for (size_t i = 0; i < touched.size(); ++i) {
    if (!made[i]) return std::nullopt;
    if (!made[i]->same) weight_total = weight_total - cache.shard_weight[touched[i]] + made[i]->weight;
  }
  if (shard_count(weight_total, options) != shards) return std::nullopt;
  // The data files of the changed notes.
  uint64_t data_total = cache.data_total;
  std::vector<std::string> json(changed.size());
  for (size_t k = 0; k < changed.size(); ++k) {
    json[k] = note_data(part.notes[k], options);
    data_total = data_total - cache.notes[changed[k]].data_bytes + json[k].size();
  }
  const uint64_t per_data = cache.notes_per_data;
  if (notes_per_data(data_total, note_count, options) != per_data) return std::nullopt;
  std::vector<std::pair<size_t, std::string>> data;  // (file, bytes)
  for (size_t k = 0; k < changed.size();) {
    const size_t d = changed[k] / per_data;
    const std::string name = data_file_name(d);
    const auto old = d < cache.data_files.size() ? read(name) : std::nullopt;
    if (!old || fnv1a64(*old) != cache.data_files[d].hash) return std::nullopt;
    auto notes = data_file_notes(*old, d);
    if (!notes || notes->size() != std::min<size_t>(per_data, note_count - d * per_data)) return std::nullopt;
    for (; k < changed.size() && changed[k] / per_data == d; ++k) (*notes)[changed[k] - d * per_data] = json[k];
    data.emplace_back(d, data_file(d, *notes));
  }
  // Everything checked: the files, and the cache brought up to date.
  for (size_t k = 0; k < changed.size(); ++k) {
    CachedNote& c = cache.notes[changed[k]];
    c.sections_hash = hashes[k];
    c.source_hash = part.notes[k].source_hash;
    c.sections = static_cast<uint32_t>(part.notes[k].sections.size());
    c.data_bytes = json[k].size();
    c.sums = note_sums[k];
    c.shards = pack_shards(new_shards[k]);
  }
  for (size_t n = 0; n < note_count; ++n)  // made of other HTML, to the same sections
    if (!input.notes[n].sections_left_out) cache.notes[n].source_hash = input.notes[n].source_hash;
  cache.docs = docs;
  cache.sums = sums;
  cache.weight_total = weight_total;
  cache.data_total = data_total;
  step("data");
  // The groups with a shard made again, made again of their records (the new ones of those shards).
  std::unordered_map<size_t, std::vector<std::string_view>> new_records;  // views, not copies
  for (size_t i = 0; i < touched.size(); ++i) {
    if (made[i]->same) continue;
    const size_t g = touched[i] / group_size;
    if (!new_records.count(g)) new_records[g] = records_of.at(g);
    new_records[g][touched[i] % group_size] = made[i]->record;
  }
  std::vector<size_t> group_order;
  for (const auto& [g, records] : new_records) group_order.push_back(g);
  std::sort(group_order.begin(), group_order.end());
  update.groups.resize(group_order.size());
  parallel_for(group_order.size(), jobs, [&](size_t k, unsigned) {
    const size_t g = group_order[k];
    update.groups[k] = {g, group_bytes(new_records.at(g))};
  });
  for (const auto& [g, bytes] : update.groups) cache.groups[g] = checksum64(bytes);
  for (size_t i = 0; i < touched.size(); ++i) {
    if (made[i]->same) continue;
    const uint32_t s = touched[i];
    cache.shard_weight[s] = made[i]->weight;
    const uint64_t h = fnv1a64(made[i]->text);
    if (h != cache.shard_files[s].hash) {
      cache.shard_files[s] = {h, {}};
      update.files.emplace_back(shard_file_name(s), std::move(made[i]->text));
    }
  }
  for (auto& [d, bytes] : data) {
    const uint64_t h = fnv1a64(bytes);
    if (h == cache.data_files[d].hash) continue;
    cache.data_files[d] = {h, {}};
    update.files.emplace_back(data_file_name(d), std::move(bytes));
  }
  std::vector<uint64_t> shard_hashes, data_hashes;
  for (const CachedFile& f : cache.shard_files) shard_hashes.push_back(f.hash);
  for (const CachedFile& f : cache.data_files) data_hashes.push_back(f.hash);
  EntryHead head;
  head.notes_per_data = per_data;
  head.note_count = note_count;
  head.doc_count = docs;
  head.avg = lengths.avg;
  std::string entry = entry_file(head, shard_hashes, data_hashes, options, cache.entry_tail);
  step("files");
  if (const uint64_t h = fnv1a64(entry); h != cache.entry.hash) {
    cache.entry = {h, {}};
    update.files.emplace(update.files.begin(), "index.js", std::move(entry));
  }
  return update;
}

}  // namespace studywiki::search
