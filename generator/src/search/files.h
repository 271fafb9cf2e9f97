#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/index.h"

// The data files d-j.js, the names of all files and the entry index.js
// (see FILES in search/index.h).
namespace studywiki::search {

/// `s` as a JSON string literal that is safe in a file a <script> tag loads
/// (no "</", U+2028 and U+2029 escaped).
void append_json_string(std::string& out, std::string_view s);

/// The text of every data file, `notes_per_data` notes each (set here: about
/// options.target_data_bytes a file, at least one note).
std::vector<std::string> data_files(const IndexInput& input, const Options& options, unsigned jobs,
                                    size_t& notes_per_data);

/// index.js, then the shard files, then the data files, each with its name.
std::vector<std::pair<std::string, std::string>> named_files(std::vector<std::string> shards,
                                                             std::vector<std::string> data, size_t notes_per_data,
                                                             const IndexInput& input, const SectionLengths& lengths,
                                                             const Options& options, unsigned jobs);

}  // namespace studywiki::search
