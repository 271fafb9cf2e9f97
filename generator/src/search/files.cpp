#include "search/files.h"

#include <algorithm>
#include <cstdio>

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

std::vector<std::string> data_files(const IndexInput& input, const Options& options, unsigned jobs,
                                    size_t& notes_per_data) {
  const size_t note_count = input.notes.size();
  std::vector<std::string> note_json(note_count);
  parallel_for(note_count, jobs, [&](size_t n, unsigned) {
    const NoteInput& note = input.notes[n];
    std::string& out = note_json[n];
    out += "{\"u\":";
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
  });
  size_t data_total = 0;
  for (const auto& j : note_json) data_total += j.size();
  const size_t per_data =
      note_count ? std::max<size_t>(1, options.target_data_bytes / std::max<size_t>(1, data_total / note_count)) : 1;
  notes_per_data = per_data;
  const size_t data_count = (note_count + per_data - 1) / per_data;
  std::vector<std::string> data(data_count);
  parallel_for(data_count, jobs, [&](size_t d, unsigned) {
    std::string out = "StudywikiSearch._data(" + std::to_string(d) + ",[";
    for (size_t n = d * per_data; n < std::min(note_count, (d + 1) * per_data); ++n) {
      if (n != d * per_data) out += ",\n";
      out += note_json[n];
    }
    out += "]);\n";
    data[d] = std::move(out);
  });
  return data;
}

std::vector<std::pair<std::string, std::string>> named_files(std::vector<std::string> shards,
                                                             std::vector<std::string> data, size_t notes_per_data,
                                                             const IndexInput& input, const SectionLengths& lengths,
                                                             const Options& options, unsigned jobs) {
  // Names stay (t-i.js, d-j.js); files go in at most kHashGroups groups of
  // consecutive numbers, and the entry lists each group's hash, which the page
  // asks for a file with (?v=): 2 x 32 hashes instead of one per file.
  auto group_hashes = [&](const std::vector<std::string>& files, size_t* group_size) {
    const size_t size = std::max<size_t>(1, (files.size() + kHashGroups - 1) / kHashGroups);
    std::vector<std::string> hashes((files.size() + size - 1) / size);
    parallel_for(hashes.size(), jobs, [&](size_t g, unsigned) {
      uint64_t h = 0xcbf29ce484222325ull;
      for (size_t i = g * size; i < std::min(files.size(), (g + 1) * size); ++i)
        for (unsigned char c : files[i]) {
          h ^= c;
          h *= 0x100000001b3ull;
        }
      char buf[24];
      std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
      hashes[g] = std::string(buf, 8);
    });
    *group_size = size;
    return hashes;
  };
  size_t shard_group = 1, data_group = 1;
  const auto shard_hashes = group_hashes(shards, &shard_group);
  const auto data_hashes = group_hashes(data, &data_group);
  const size_t shard_count = shards.size(), data_count = data.size();
  std::vector<std::string> shard_names(shard_count), data_names(data_count);
  for (size_t i = 0; i < shard_count; ++i) shard_names[i] = "t-" + std::to_string(i) + ".js";
  for (size_t i = 0; i < data_count; ++i) data_names[i] = "d-" + std::to_string(i) + ".js";
  std::string entry = "StudywikiSearch._entry({\"version\":1,\"shards\":" + std::to_string(shard_count);
  auto list = [&](const char* key, const std::vector<std::string>& names) {
    entry += ",\"" + std::string(key) + "\":[";
    for (size_t i = 0; i < names.size(); ++i) {
      if (i) entry += ',';
      append_json_string(entry, names[i]);
    }
    entry += ']';
  };
  auto numbers = [&](const char* key, auto begin, auto end) {
    entry += ",\"" + std::string(key) + "\":[";
    for (auto it = begin; it != end; ++it) {
      if (it != begin) entry += ',';
      entry += number(static_cast<double>(*it));
    }
    entry += ']';
  };
  entry += ",\"shard_group\":" + std::to_string(shard_group);
  list("shard_hashes", shard_hashes);
  entry += ",\"data_count\":" + std::to_string(data_count) + ",\"data_group\":" + std::to_string(data_group);
  list("data_hashes", data_hashes);
  entry += ",\"notes_per_data\":" + std::to_string(notes_per_data) + ",\"note_count\":" + std::to_string(input.notes.size()) +
           ",\"doc_count\":" + std::to_string(lengths.lengths.size());
  entry += ",\"fields\":[\"title\",\"heading\",\"tags\",\"links\",\"body\"]";
  numbers("avg_len", lengths.avg.begin(), lengths.avg.end());
  numbers("weights", options.weights.begin(), options.weights.end());
  numbers("b", options.b.begin(), options.b.end());
  entry += ",\"k1\":" + number(options.k1) + ",\"scale\":" + std::to_string(options.impact_scale);
  list("tags", input.tags);
  list("folders", input.folders);
  entry += ",\"folder_notes\":[";
  for (size_t i = 0; i < input.folder_notes.size(); ++i)
    entry += (i ? ",[" : "[") + std::to_string(input.folder_notes[i].first) + "," +
             std::to_string(input.folder_notes[i].second) + "]";
  entry += "]});\n";

  std::vector<std::pair<std::string, std::string>> files;
  files.reserve(1 + shard_count + data_count);
  files.emplace_back("index.js", std::move(entry));
  for (size_t s = 0; s < shard_count; ++s) files.emplace_back(shard_names[s], std::move(shards[s]));
  for (size_t d = 0; d < data_count; ++d) files.emplace_back(data_names[d], std::move(data[d]));
  return files;
}

}  // namespace studywiki::search
