#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "search/index.h"
#include "search/postings.h"

// The shard files t-i.js (see ROUTING, CAPS and FILES in search/index.h):
// how many, which terms each holds, and each one's text.
namespace studywiki::search {

/// A term kept whole (tag and name terms): its key and its string of varint note gaps.
using WholeTerm = std::pair<std::string, std::string>;

/// Tag filter terms "#<i>", by tag.
std::vector<WholeTerm> tag_terms(const IndexInput& input);
/// Name terms "=<key>", by key.
std::vector<WholeTerm> name_terms(const IndexInput& input);

/// One term of a shard: its postings whole (by note and section) and their
/// POSTINGS string cut to the term budget (encode_term); shard_text cuts it
/// further when the shard is over its limit.
struct ShardTerm {
  std::string_view term;
  std::span<const CompactPosting> list;  ///< may be left empty while the shard is within its limit
  std::string encoded;
  size_t kept = 0;  ///< postings `encoded` holds
  size_t df = 0;    ///< postings in all (list.size() when it is there)
};
/// Whether shard_text() reads the terms' lists: only when the shard is over its limit.
bool shard_needs_lists(const std::vector<ShardTerm>& terms, const std::vector<const WholeTerm*>& whole,
                       const Options& options);
/// What a shard counts toward S (see shard_count): its terms' and whole terms' bytes before shard cuts.
size_t shard_weight(const std::vector<ShardTerm>& terms, const std::vector<const WholeTerm*>& whole);
/// S: options.shards, or the power of two that makes the average shard
/// about options.target_shard_bytes, of all shards' weight `total`.
uint32_t shard_count(size_t total, const Options& options);
uint32_t shard_count(const Postings& postings, const std::vector<std::string>& encoded,
                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names, const Options& options);
/// Shard s's file: `whole` (tag terms, then name terms, by key) and `terms`
/// (sorted), cut to options.max_shard_bytes (their `encoded` and `kept` change).
std::string shard_text(uint32_t s, std::vector<ShardTerm>& terms, const std::vector<const WholeTerm*>& whole,
                       const Options& options);
/// Each shard's terms (indices in postings.terms, sorted) and whole terms.
std::vector<std::vector<uint32_t>> terms_by_shard(uint32_t shards, const Postings& postings);
std::vector<std::vector<const WholeTerm*>> whole_by_shard(uint32_t shards, const std::vector<WholeTerm>& tags,
                                                          const std::vector<WholeTerm>& names);
/// The text of every shard file. The terms of a shard over
/// options.max_shard_bytes are cut further (`encoded` and Term::kept change).
std::vector<std::string> shard_files(uint32_t shards, Postings& postings, std::vector<std::string>& encoded,
                                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names,
                                     const Options& options, unsigned jobs);
}  // namespace studywiki::search
