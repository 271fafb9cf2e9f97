#include "search/files.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "core/parallel.h"
#include "search/sections.h"

namespace studywiki::search {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

constexpr size_t kHashGroups = 32;

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '<':
        // "</script" never appears in a file a <script> tag loads; harmless elsewhere.
        out += (i + 1 < s.size() && s[i + 1] == '/') ? "<\\" : "<";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string note_data(const NoteInput& note, const Options& options) {
  std::string out = "{\"u\":";
  append_json_string(out, note.url);
  out += ",\"t\":";
  append_json_string(out, note.title);
  out += ",\"g\":[";
  for (size_t i = 0; i < note.tags.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(note.tags[i]);
  }
  out += "],\"f\":" + std::to_string(note.folder) + ",\"s\":[";
  for (size_t s = 0; s < note.sections.size(); ++s) {
    const SectionText& section = note.sections[s];
    out += s ? ",[" : "[";
    append_json_string(out, section.anchor);
    out += ',';
    append_json_string(out, section.heading);
    out += ',';
    append_json_string(out, cut_code_points(section.text, options.snippet_chars));
    out += ']';
  }
  out += "]}";
  return out;
}

size_t notes_per_data(size_t data_total, size_t note_count, const Options& options) {
  return note_count ? std::max<size_t>(1, options.target_data_bytes / std::max<size_t>(1, data_total / note_count)) : 1;
}

std::string data_file(size_t d, const std::vector<std::string_view>& notes) {
  std::string out = "StudywikiSearch._data(" + std::to_string(d) + ",[";
  for (size_t i = 0; i < notes.size(); ++i) {
    if (i) out += ",\n";
    out += notes[i];
  }
  out += "]);\n";
  return out;
}

std::optional<std::vector<std::string_view>> data_file_notes(std::string_view file, size_t d) {
  const std::string head = "StudywikiSearch._data(" + std::to_string(d) + ",[";
  constexpr std::string_view tail = "]);\n";
  if (file.size() < head.size() + tail.size() || file.substr(0, head.size()) != head ||
      file.substr(file.size() - tail.size()) != tail)
    return std::nullopt;
  std::string_view rest = file.substr(head.size(), file.size() - head.size() - tail.size());
  std::vector<std::string_view> notes;
  // A note's JSON has no raw line break (append_json_string escapes them): ",\n" only joins notes.
  while (!rest.empty()) {
    const size_t cut = rest.find(",\n");
    notes.push_back(rest.substr(0, cut));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 2);
  }
  return notes;
}

std::vector<std::string> data_files(const IndexInput& input, const Options& options, unsigned jobs,
                                    size_t& notes_per_data_out, std::vector<uint64_t>* note_bytes) {
  const size_t note_count = input.notes.size();
  std::vector<std::string> note_json(note_count);
  parallel_for(note_count, jobs, [&](size_t n, unsigned) { note_json[n] = note_data(input.notes[n], options); });
  size_t data_total = 0;
  for (const auto& j : note_json) data_total += j.size();
  const size_t per_data = notes_per_data(data_total, note_count, options);
  notes_per_data_out = per_data;
  const size_t data_count = (note_count + per_data - 1) / per_data;
  std::vector<std::string> data(data_count);
  parallel_for(data_count, jobs, [&](size_t d, unsigned) {
    std::vector<std::string_view> notes;
    for (size_t n = d * per_data; n < std::min(note_count, (d + 1) * per_data); ++n) notes.push_back(note_json[n]);
    data[d] = data_file(d, notes);
  });
  if (note_bytes)
    for (const std::string& j : note_json) note_bytes->push_back(j.size());
  return data;
}

std::string group_hash(const uint64_t* hashes, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  char buf[24];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hashes[i]));
    for (const char* c = buf; *c; ++c) {
      h ^= static_cast<unsigned char>(*c);
      h *= 0x100000001b3ull;
    }
  }
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 8);
}

namespace {

/// `,"key":["a","b",…]` onto the entry.
void append_list(std::string& entry, const char* key, const std::vector<std::string>& names) {
  entry += ",\"" + std::string(key) + "\":[";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) entry += ',';
    append_json_string(entry, names[i]);
  }
  entry += ']';
}

}  // namespace

std::string entry_tail(const IndexInput& input) {
  std::string entry;
  auto list = [&](const char* key, const std::vector<std::string>& names) { append_list(entry, key, names); };
  list("tags", input.tags);
  list("folders", input.folders);
  entry += ",\"folder_notes\":[";
  for (size_t i = 0; i < input.folder_notes.size(); ++i)
    entry += (i ? ",[" : "[") + std::to_string(input.folder_notes[i].first) + "," +
             std::to_string(input.folder_notes[i].second) + "]";
  entry += "]});\n";
  return entry;
}

std::string entry_file(const EntryHead& head, const std::vector<uint64_t>& shard_hashes,
                       const std::vector<uint64_t>& data_hashes, const Options& options, std::string_view tail) {
  // Files go in at most kHashGroups groups of consecutive numbers, and the entry lists each
  // group's hash, which the page asks for a file with (?v=): 2 x 32 hashes instead of one per file.
  auto groups = [](const std::vector<uint64_t>& hashes, size_t* group_size) {
    const size_t size = std::max<size_t>(1, (hashes.size() + kHashGroups - 1) / kHashGroups);
    std::vector<std::string> out;
    for (size_t g = 0; g * size < hashes.size(); ++g)
      out.push_back(group_hash(hashes.data() + g * size, std::min(hashes.size(), (g + 1) * size) - g * size));
    *group_size = size;
    return out;
  };
  size_t shard_group = 1, data_group = 1;
  const auto shard_groups = groups(shard_hashes, &shard_group);
  const auto data_groups = groups(data_hashes, &data_group);
  std::string entry = "StudywikiSearch._entry({\"version\":1,\"shards\":" + std::to_string(shard_hashes.size());
  auto list = [&](const char* key, const std::vector<std::string>& names) { append_list(entry, key, names); };
  auto numbers = [&](const char* key, auto begin, auto end) {
    entry += ",\"" + std::string(key) + "\":[";
    for (auto it = begin; it != end; ++it) {
      if (it != begin) entry += ',';
      entry += number(static_cast<double>(*it));
    }
    entry += ']';
  };
  entry += ",\"shard_group\":" + std::to_string(shard_group);
  list("shard_hashes", shard_groups);
  entry += ",\"data_count\":" + std::to_string(data_hashes.size()) + ",\"data_group\":" + std::to_string(data_group);
  list("data_hashes", data_groups);
  entry += ",\"notes_per_data\":" + std::to_string(head.notes_per_data) +
           ",\"note_count\":" + std::to_string(head.note_count) + ",\"doc_count\":" + std::to_string(head.doc_count);
  entry += ",\"fields\":[\"title\",\"heading\",\"tags\",\"links\",\"body\"]";
  numbers("avg_len", head.avg.begin(), head.avg.end());
  numbers("weights", options.weights.begin(), options.weights.end());
  numbers("b", options.b.begin(), options.b.end());
  entry += ",\"k1\":" + number(options.k1) + ",\"scale\":" + std::to_string(options.impact_scale);
  entry += tail;
  return entry;
}

std::vector<std::pair<std::string, std::string>> named_files(std::vector<std::string> shards,
                                                             std::vector<std::string> data, size_t notes_per_data,
                                                             const IndexInput& input, const SectionLengths& lengths,
                                                             const Options& options, unsigned jobs,
                                                             std::vector<uint64_t>* shard_hashes_out,
                                                             std::vector<uint64_t>* data_hashes_out) {
  std::vector<uint64_t> shard_hashes(shards.size()), data_hashes(data.size());
  parallel_for(shards.size(), jobs, [&](size_t i, unsigned) { shard_hashes[i] = fnv1a64(shards[i]); });
  parallel_for(data.size(), jobs, [&](size_t i, unsigned) { data_hashes[i] = fnv1a64(data[i]); });
  EntryHead head;
  head.notes_per_data = notes_per_data;
  head.note_count = input.notes.size();
  head.doc_count = lengths.lengths.size();
  head.avg = lengths.avg;
  std::string entry = entry_file(head, shard_hashes, data_hashes, options, entry_tail(input));
  const size_t shard_count = shards.size(), data_count = data.size();
  std::vector<std::pair<std::string, std::string>> files;
  files.reserve(1 + shard_count + data_count);
  files.emplace_back("index.js", std::move(entry));
  for (size_t s = 0; s < shard_count; ++s) files.emplace_back(shard_file_name(s), std::move(shards[s]));
  for (size_t d = 0; d < data_count; ++d) files.emplace_back(data_file_name(d), std::move(data[d]));
  if (shard_hashes_out) *shard_hashes_out = std::move(shard_hashes);
  if (data_hashes_out) *data_hashes_out = std::move(data_hashes);
  return files;
}

std::string shard_file_name(size_t s) { return "t-" + std::to_string(s) + ".js"; }
std::string data_file_name(size_t d) { return "d-" + std::to_string(d) + ".js"; }

}  // namespace studywiki::search
