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
size_t entry_bytes(const Term& term, size_t encoded_size) { return term.term.size() + encoded_size + 8; }

}  // namespace

uint32_t shard_count(const Postings& postings, const std::vector<std::string>& encoded,
                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names, const Options& options) {
  size_t total = 0;
  for (size_t t = 0; t < postings.terms.size(); ++t) total += entry_bytes(postings.terms[t], encoded[t].size());
  for (const auto& [k, v] : tags) total += k.size() + v.size() + 6;
  for (const auto& [k, v] : names) total += k.size() + v.size() + 6;
  uint32_t shards = options.shards;
  if (shards == 0) {
    shards = 1;
    while (shards < 65536 && total / shards > options.target_shard_bytes) shards *= 2;
  }
  return shards;
}

std::vector<std::string> shard_files(uint32_t shards, Postings& postings, std::vector<std::string>& encoded,
                                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names,
                                     const Options& options, unsigned jobs) {
  std::vector<std::vector<uint32_t>> shard_terms(shards);
  for (size_t t = 0; t < postings.terms.size(); ++t)
    shard_terms[shard_of(postings.terms[t].term, shards)].push_back(static_cast<uint32_t>(t));
  std::vector<std::vector<uint32_t>> shard_tags(shards);
  for (size_t t = 0; t < tags.size(); ++t) shard_tags[shard_of(tags[t].first, shards)].push_back(
      static_cast<uint32_t>(t));
  std::vector<std::vector<uint32_t>> shard_name_terms(shards);
  for (size_t t = 0; t < names.size(); ++t)
    shard_name_terms[shard_of(names[t].first, shards)].push_back(static_cast<uint32_t>(t));
  std::vector<std::string> files(shards);
  parallel_for(shards, jobs, [&](size_t s, unsigned) {
    size_t whole = 0;  // tag and name terms, never cut, count against the limit too
    for (uint32_t t : shard_tags[s]) whole += tags[t].first.size() + tags[t].second.size() + 6;
    for (uint32_t t : shard_name_terms[s]) whole += names[t].first.size() + names[t].second.size() + 6;
    const std::vector<uint32_t>& terms = shard_terms[s];
    std::vector<size_t> sizes(terms.size());  // of the terms' strings
    for (size_t k = 0; k < terms.size(); ++k) sizes[k] = encoded[terms[k]].size();
    auto size = [&] {
      size_t n = whole;
      for (size_t k = 0; k < terms.size(); ++k) n += entry_bytes(postings.terms[terms[k]], sizes[k]);
      return n;
    };
    // Over the limit: the postings where a term is not in the title or heading
    // go first, from every term of the shard by the same fraction (found by
    // bisection, by sizes alone); only if the named ones alone are too many
    // are they cut too.
    if (size() > options.max_shard_bytes) {
      std::vector<size_t> named(terms.size()), kept(terms.size());
      for (size_t k = 0; k < terms.size(); ++k) {
        for (const auto& p : postings.list(terms[k])) named[k] += (p.section & kNamed) ? 1 : 0;
        kept[k] = postings.terms[terms[k]].kept;
        named[k] = std::min(named[k], kept[k]);
      }
      auto keep = [&](size_t k, double f, bool named_part) {
        const double base = named_part ? 0.0 : static_cast<double>(named[k]);
        const double extra = named_part ? static_cast<double>(named[k]) : static_cast<double>(kept[k] - named[k]);
        return std::max<size_t>(1, static_cast<size_t>(base + f * extra));
      };
      auto apply = [&](double f, bool named_part) {
        size_t ignored = 0;
        for (size_t k = 0; k < terms.size(); ++k)
          sizes[k] = encoded_size(postings.list(terms[k]), keep(k, f, named_part), ignored);
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
        encoded[terms[k]] = encode_postings(postings.list(terms[k]), keep(k, lo, named_part), postings.terms[terms[k]].kept);
    }
    // Tag terms sort with the others ('#' sorts first).
    std::string out = "StudywikiSearch._shard(" + std::to_string(s) + ",{";
    bool first = true;
    auto add = [&](std::string_view key, const std::string& value, const Term* term) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, key);
      out += ':';
      if (term && term->kept < term->df) {
        out += '[' + std::to_string(term->df) + ',';
        append_json_string(out, value);
        out += ']';
      } else {
        append_json_string(out, value);
      }
    };
    for (uint32_t t : shard_tags[s]) add(tags[t].first, tags[t].second, nullptr);
    for (uint32_t t : shard_name_terms[s]) add(names[t].first, names[t].second, nullptr);
    for (uint32_t t : shard_terms[s]) add(postings.terms[t].term, encoded[t], &postings.terms[t]);
    out += "});\n";
    files[s] = std::move(out);
  });
  return files;
}

}  // namespace studywiki::search
