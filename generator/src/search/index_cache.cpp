#include "search/update.h"

#include "state/record_io.h"

// The search cache's head file (search/update.h IndexCache): its byte format.
namespace studywiki::search {

namespace {

constexpr std::string_view kMagic = "studywiki search cache 2\n";

void put_file(RecordOut& o, const CachedFile& f) {
  o.u(f.hash);
  o.u(f.stamp.size);
  o.i(f.stamp.mtime_ns);
  o.u(f.stamp.inode);
}

CachedFile get_file(RecordIn& in) {
  CachedFile f;
  f.hash = in.u();
  f.stamp.type = FileInfo::Type::File;
  f.stamp.size = in.u();
  f.stamp.mtime_ns = in.i();
  f.stamp.inode = in.u();
  return f;
}

}  // namespace

std::string pack_shards(const std::vector<uint32_t>& shards) {
  RecordOut o;
  uint32_t previous = 0;
  for (uint32_t s : shards) {
    o.u(s - previous);
    previous = s;
  }
  return std::move(o.s);
}

std::vector<uint32_t> unpack_shards(std::string_view packed) {
  std::vector<uint32_t> shards;
  RecordIn in;
  in.s = packed;
  uint32_t shard = 0;
  while (in.ok && in.pos < packed.size()) shards.push_back(shard += static_cast<uint32_t>(in.u()));
  return shards;
}

std::string serialize_index_cache(const IndexCache& c) {
  RecordOut o;
  o.s = kMagic;
  o.str(c.key);
  o.u(c.build_id);
  o.u(c.shards);
  o.u(c.notes_per_data);
  o.u(c.docs);
  o.u(c.data_total);
  o.u(c.weight_total);
  for (uint64_t s : c.sums) o.u(s);
  o.strs(c.tags);
  o.str(c.entry_tail);
  o.u(c.notes.size());
  for (const CachedNote& n : c.notes) {
    o.str(n.url);
    o.str(n.title);
    o.strs(n.aliases);
    o.i(n.folder);
    o.u(n.tags.size());
    for (int t : n.tags) o.i(t);
    o.u(n.sections_hash);
    o.u(n.source_hash);
    o.u(n.sections);
    o.u(n.data_bytes);
    for (uint64_t s : n.sums) o.u(s);
    o.str(n.shards);
  }
  o.u(c.shard_files.size());
  for (size_t s = 0; s < c.shard_files.size(); ++s) {
    o.u(c.shard_weight[s]);
    put_file(o, c.shard_files[s]);
  }
  o.u(c.data_files.size());
  for (const CachedFile& f : c.data_files) put_file(o, f);
  put_file(o, c.entry);
  o.u(c.groups.size());
  for (uint64_t g : c.groups) o.u(g);
  return with_checksum(std::move(o.s));
}

std::optional<IndexCache> parse_index_cache(std::string_view bytes, std::string* why) {
  auto opened = open_records(bytes, kMagic, "search cache", why);
  if (!opened) return std::nullopt;
  RecordIn& in = *opened;
  IndexCache c;
  c.key = in.str();
  c.build_id = in.u();
  c.shards = static_cast<uint32_t>(in.u());
  c.notes_per_data = in.u();
  c.docs = in.u();
  c.data_total = in.u();
  c.weight_total = in.u();
  for (uint64_t& s : c.sums) s = in.u();
  c.tags = in.strs();
  c.entry_tail = in.str();
  c.notes.resize(in.count());
  for (CachedNote& n : c.notes) {
    n.url = in.str();
    n.title = in.str();
    n.aliases = in.strs();
    n.folder = in.i32();
    n.tags.resize(in.count());
    for (int& t : n.tags) t = in.i32();
    n.sections_hash = in.u();
    n.source_hash = in.u();
    n.sections = static_cast<uint32_t>(in.u());
    n.data_bytes = in.u();
    for (uint64_t& s : n.sums) s = in.u();
    n.shards = in.str();
  }
  const size_t shards = in.count();
  c.shard_weight.resize(shards);
  c.shard_files.resize(shards);
  for (size_t s = 0; s < shards; ++s) {
    c.shard_weight[s] = in.u();
    c.shard_files[s] = get_file(in);
  }
  c.data_files.resize(in.count());
  for (CachedFile& f : c.data_files) f = get_file(in);
  c.entry = get_file(in);
  c.groups.resize(in.count());
  for (uint64_t& g : c.groups) g = in.u();
  const size_t group_size = record_group_size(c.shards);
  if (!in.ok || in.pos != in.s.size() || shards != c.shards ||
      c.groups.size() != (shards + group_size - 1) / group_size) {
    if (why) *why = "damaged (records)";
    return std::nullopt;
  }
  return c;
}

}  // namespace studywiki::search
