#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
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

/// A note's element of its data file (see FILES).
std::string note_data(const NoteInput& note, const Options& options);
/// K: about options.target_data_bytes a file, at least one note, from the notes' `data_total` bytes.
size_t notes_per_data(size_t data_total, size_t note_count, const Options& options);
/// Data file d, of these notes' elements.
std::string data_file(size_t d, const std::vector<std::string_view>& notes);
/// The elements of data file d (into `file`); nullopt when it is not one.
std::optional<std::vector<std::string_view>> data_file_notes(std::string_view file, size_t d);
/// The text of every data file, `notes_per_data` notes each (set here: about
/// options.target_data_bytes a file, at least one note); with `note_bytes`, the size of each note's element.
std::vector<std::string> data_files(const IndexInput& input, const Options& options, unsigned jobs,
                                    size_t& notes_per_data, std::vector<uint64_t>* note_bytes = nullptr);
/// A group's hash in the entry: of its files' fnv1a64s (see FILES).
std::string group_hash(const uint64_t* hashes, size_t n);
/// What the entry says besides its files and counts: its end, from `,"tags":` on.
std::string entry_tail(const IndexInput& input);
struct EntryHead {
  size_t notes_per_data = 1, note_count = 0, doc_count = 0;
  std::array<double, kFieldCount> avg{};
};
/// index.js, of every shard's and data file's fnv1a64.
std::string entry_file(const EntryHead& head, const std::vector<uint64_t>& shard_hashes,
                       const std::vector<uint64_t>& data_hashes, const Options& options, std::string_view tail);
/// index.js, then the shard files, then the data files, each with its name; each file's fnv1a64 when asked.
std::vector<std::pair<std::string, std::string>> named_files(std::vector<std::string> shards,
                                                             std::vector<std::string> data, size_t notes_per_data,
                                                             const IndexInput& input, const SectionLengths& lengths,
                                                             const Options& options, unsigned jobs,
                                                             std::vector<uint64_t>* shard_hashes = nullptr,
                                                             std::vector<uint64_t>* data_hashes = nullptr);
std::string shard_file_name(size_t s);
std::string data_file_name(size_t d);
}  // namespace studywiki::search
