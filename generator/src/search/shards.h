#pragma once
#include <cstdint>
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

/// S: options.shards, or the power of two that makes the average shard
/// about options.target_shard_bytes.
uint32_t shard_count(const Postings& postings, const std::vector<std::string>& encoded,
                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names, const Options& options);

/// The text of every shard file. The terms of a shard over
/// options.max_shard_bytes are cut further (`encoded` and Term::kept change).
std::vector<std::string> shard_files(uint32_t shards, Postings& postings, std::vector<std::string>& encoded,
                                     const std::vector<WholeTerm>& tags, const std::vector<WholeTerm>& names,
                                     const Options& options, unsigned jobs);

}  // namespace studywiki::search
