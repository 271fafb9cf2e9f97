#include "search/shards.h"

#include <algorithm>

#include "core/parallel.h"
#include "search/files.h"

namespace studywiki::search {

std::vector<WholeTerm> tag_terms(const IndexInput& input) {
  std::vector<WholeTerm> terms;
  for (size_t t = 0; t < input.tags.size(); ++t) {
    std::string s;
    int previous = 0;
    for (int n : input.tag_notes[t]) {
      append_varint(s, static_cast<uint64_t>(n - previous));
      previous = n;
    }
    std::string key(1, '#');  // appended: GCC 12 warns (-Wrestrict) on "#" + a temporary
    key += std::to_string(t);
    terms.emplace_back(std::move(key), std::move(s));
  }
  return terms;
}

std::vector<WholeTerm> name_terms(const IndexInput& input) {
  std::vector<WholeTerm> terms;
  std::vector<std::pair<std::string, uint32_t>> names;  // (term, note)
  for (size_t n = 0; n < input.notes.size(); ++n) {
    const NoteInput& note = input.notes[n];
    const size_t first = names.size();
    auto add = [&](const std::string& text) {
      std::string key = name_key(text);
      if (key.empty()) return;
      key.insert(0, 1, '=');
      for (size_t i = first; i < names.size(); ++i)
        if (names[i].first == key) return;
      names.emplace_back(std::move(key), static_cast<uint32_t>(n));
    };
    add(note.title);
    for (const auto& alias : note.aliases) add(alias);
  }
  std::sort(names.begin(), names.end());
  for (size_t i = 0; i < names.size();) {
    std::string s;
    uint32_t previous = 0;
    size_t j = i;
    for (; j < names.size() && names[j].first == names[i].first; ++j) {
      append_varint(s, names[j].second - previous);
      previous = names[j].second;
    }
    terms.emplace_back(names[i].first, std::move(s));
    i = j;
  }
  return terms;
}

namespace {

/// About the bytes a term takes in its shard.
size_t entry_bytes(std::string_view term, size_t encoded_size) { return term.size() + encoded_size + 8; }
size_t whole_bytes(const WholeTerm& t) { return t.first.size() + t.second.size() + 6; }

}  // namespace

size_t shard_weight(const std::vector<ShardTerm>& terms, const std::vector<const WholeTerm*>& whole) {
  size_t n = 0;
  for (const ShardTerm& t : terms) n += entry_bytes(t.term, t.encoded.size());
  for (const WholeTerm* t : whole) n += whole_bytes(*t);
  return n;
}

uint32_t shard_count(size_t total, const Options& options) {
  uint32_t shards = options.shards;
  if (shards == 0) {
    shards = 1;
    while (shards < 65536 && total / shards > options.target_shard_bytes) shards *= 2;
  }
  return shards;
}

uint32_t shard_count(const Postings& postings, const std::vector<std::string>& encoded,
                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names, const Options& options) {
  size_t total = 0;
  for (size_t t = 0; t < postings.terms.size(); ++t) total += entry_bytes(postings.terms[t].term, encoded[t].size());
  for (const auto& t : tags) total += whole_bytes(t);
  for (const auto& t : names) total += whole_bytes(t);
  return shard_count(total, options);
}

bool shard_needs_lists(const std::vector<ShardTerm>& terms, const std::vector<const WholeTerm*>& whole,
                       const Options& options) {
  return shard_weight(terms, whole) > options.max_shard_bytes;
}

std::string shard_text(uint32_t s, std::vector<ShardTerm>& terms, const std::vector<const WholeTerm*>& whole,
                       const Options& options) {
  size_t whole_size = 0;  // tag and name terms, never cut, count against the limit too
  for (const WholeTerm* t : whole) whole_size += whole_bytes(*t);
  std::vector<size_t> sizes(terms.size());  // of the terms' strings
  for (size_t k = 0; k < terms.size(); ++k) sizes[k] = terms[k].encoded.size();
  auto size = [&] {
    size_t n = whole_size;
    for (size_t k = 0; k < terms.size(); ++k) n += entry_bytes(terms[k].term, sizes[k]);
    return n;
  };
  // Over the limit: the postings where a term is not in the title or heading
  // go first, from every term of the shard by the same fraction (found by
  // bisection, by sizes alone); only if the named ones alone are too many
  // are they cut too.
  if (size() > options.max_shard_bytes) {
    std::vector<size_t> named(terms.size()), kept(terms.size());
    for (size_t k = 0; k < terms.size(); ++k) {
      for (const auto& p : terms[k].list) named[k] += (p.section & kNamed) ? 1 : 0;
      kept[k] = terms[k].kept;
      named[k] = std::min(named[k], kept[k]);
    }
    auto keep = [&](size_t k, double f, bool named_part) {
      const double base = named_part ? 0.0 : static_cast<double>(named[k]);
      const double extra = named_part ? static_cast<double>(named[k]) : static_cast<double>(kept[k] - named[k]);
      return std::max<size_t>(1, static_cast<size_t>(base + f * extra));
    };
    auto apply = [&](double f, bool named_part) {
      size_t ignored = 0;
      for (size_t k = 0; k < terms.size(); ++k) sizes[k] = encoded_size(terms[k].list, keep(k, f, named_part), ignored);
    };
    apply(0.0, false);
    const bool named_part = size() > options.max_shard_bytes;
    double lo = 0, hi = 1;
    for (int round = 0; round < 5; ++round) {
      const double mid = (lo + hi) / 2;
      apply(mid, named_part);
      (size() > options.max_shard_bytes ? hi : lo) = mid;
    }
    for (size_t k = 0; k < terms.size(); ++k)
      terms[k].encoded = encode_postings(terms[k].list, keep(k, lo, named_part), terms[k].kept);
  }
  // Tag terms sort with the others ('#' sorts first).
  std::string out = "StudywikiSearch._shard(" + std::to_string(s) + ",{";
  bool first = true;
  auto add = [&](std::string_view key, std::string_view value, size_t kept, size_t df) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, key);
    out += ':';
    if (kept < df) {
      out += '[' + std::to_string(df) + ',';
      append_json_string(out, value);
      out += ']';
    } else {
      append_json_string(out, value);
    }
  };
  for (const WholeTerm* t : whole) add(t->first, t->second, 0, 0);
  for (const ShardTerm& t : terms) add(t.term, t.encoded, t.kept, t.df);
  out += "});\n";
  return out;
}

std::vector<std::vector<uint32_t>> terms_by_shard(uint32_t shards, const Postings& postings) {
  std::vector<std::vector<uint32_t>> shard_terms(shards);
  for (size_t t = 0; t < postings.terms.size(); ++t)
    shard_terms[shard_of(postings.terms[t].term, shards)].push_back(static_cast<uint32_t>(t));
  return shard_terms;
}

std::vector<std::vector<const WholeTerm*>> whole_by_shard(uint32_t shards, const std::vector<WholeTerm>& tags,
                                                          const std::vector<WholeTerm>& names) {
  std::vector<std::vector<const WholeTerm*>> whole(shards);
  for (const auto& t : tags) whole[shard_of(t.first, shards)].push_back(&t);  // tag terms first, then names
  for (const auto& t : names) whole[shard_of(t.first, shards)].push_back(&t);
  return whole;
}

std::vector<std::string> shard_files(uint32_t shards, Postings& postings, std::vector<std::string>& encoded,
                                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names,
                                     const Options& options, unsigned jobs) {
  const auto shard_terms = terms_by_shard(shards, postings);
  const auto whole = whole_by_shard(shards, tags, names);
  std::vector<std::string> files(shards);
  parallel_for(shards, jobs, [&](size_t s, unsigned) {
    std::vector<ShardTerm> terms;
    terms.reserve(shard_terms[s].size());
    for (uint32_t t : shard_terms[s])
      terms.push_back({postings.terms[t].term, postings.list(t), std::move(encoded[t]), postings.terms[t].kept,
                       postings.list(t).size()});
    files[s] = shard_text(static_cast<uint32_t>(s), terms, whole[s], options);
    for (size_t k = 0; k < terms.size(); ++k) {
      encoded[shard_terms[s][k]] = std::move(terms[k].encoded);
      postings.terms[shard_terms[s][k]].kept = terms[k].kept;
    }
  });
  return files;
}

}  // namespace studywiki::search
