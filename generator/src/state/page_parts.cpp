#include "state/page_parts.h"

#include <algorithm>
#include <set>

#include "core/hash.h"
#include "core/parallel.h"
#include "graph/site_graphs.h"
#include "links/backlinks.h"
#include "render/page_data.h"
#include "state/note_cache.h"
#include "state/record_io.h"

namespace studywiki {

namespace {

constexpr std::string_view kMagic = "studywiki page parts 2\n";

std::string group_path(const std::string& path, size_t g) { return path + "-" + std::to_string(g); }

struct Head {
  uint64_t build_id = 0;
  std::vector<uint64_t> sums;  ///< per group
};

std::string head_bytes(const Head& head) {
  RecordOut o;
  o.s = kMagic;
  o.u(head.build_id);
  o.u(head.sums.size());
  for (uint64_t s : head.sums) o.u(s);
  return with_checksum(std::move(o.s));
}

std::optional<Head> read_head(const Disk& disk, const std::string& path) {
  const auto bytes = disk.read_file(path, nullptr);
  if (!bytes) return std::nullopt;
  auto in = open_records(*bytes, kMagic, "page parts file", nullptr);
  if (!in) return std::nullopt;
  Head head;
  head.build_id = in->u();
  head.sums.resize(in->count());
  for (uint64_t& s : head.sums) s = in->u();
  if (!in->ok || in->pos != in->s.size() || head.sums.size() != kNoteGroups) return std::nullopt;
  return head;
}

void put_refs(RecordOut& o, const Site& site, const std::vector<links::Reference>& refs) {
  o.u(refs.size());
  for (const links::Reference& r : refs) {
    o.str(site.notes[r.source].source);
    o.u(r.contexts.size());
    for (const Excerpt& e : r.contexts) {
      o.str(e.before);
      o.str(e.match);
      o.str(e.after);
    }
  }
}

std::vector<PageParts::Ref> get_refs(RecordIn& in) {
  std::vector<PageParts::Ref> refs(in.count());
  for (PageParts::Ref& r : refs) {
    r.source = in.str();
    r.contexts.resize(in.count());
    for (Excerpt& e : r.contexts) {
      e.before = in.str();
      e.match = in.str();
      e.after = in.str();
    }
  }
  return refs;
}

}  // namespace

void write_page_parts(Disk& disk, const std::string& path, uint64_t build_id, const Site& site,
                      const links::CrossLinks& cross, const SiteGraphs& graphs, const PageData& page_data,
                      unsigned jobs) {
  // A group: its pages' records, each its source path then its parts, in path order.
  std::vector<std::vector<NoteId>> members(kNoteGroups);
  for (NoteId id : site.notes.ids())
    if (site.role(id) == Place::Role::Page) members[note_group(site.notes[id].source)].push_back(id);
  // The headings links point to, as render/page_data.cpp finds them for the previews.
  PerNote<std::set<std::string>> linked(site.notes.size());
  for (const Body& b : site.bodies)
    for (const NoteLink& l : b.outlinks)
      if (l.note && !l.heading.empty()) linked[*l.note].insert(l.heading);
  Head head;
  head.build_id = build_id;
  head.sums.resize(kNoteGroups);
  const std::optional<Head> last = read_head(disk, path);
  // Each group written as it is made (when its bytes are not the ones the last head names)
  // and let go: never all of them at once.
  parallel_for(kNoteGroups, jobs, [&](size_t g, unsigned) {
    std::sort(members[g].begin(), members[g].end(),
              [&](NoteId a, NoteId b) { return site.notes[a].source < site.notes[b].source; });
    RecordOut o;
    o.u(members[g].size());
    for (NoteId id : members[g]) {
      o.str(site.notes[id].source);
      put_refs(o, site, cross.backlinks[id]);
      put_refs(o, site, cross.mentions[id]);
      o.u(graphs.related(id).size());
      for (NoteId r : graphs.related(id)) o.str(site.notes[r].source);
      o.str(page_data.local_graph(id));
      o.strs(std::vector<std::string>(linked[id].begin(), linked[id].end()));
    }
    head.sums[g] = checksum64(o.s);
    const std::string file = group_path(path, g);
    if (!last || last->sums[g] != head.sums[g] || disk.stat(file).type != FileInfo::Type::File)
      disk.replace_file(file, o.s, "", nullptr);  // a failure costs a later build time only
  });
  disk.replace_file(path, head_bytes(head), "", nullptr);
}

std::optional<std::vector<PageParts>> read_page_parts(const Disk& disk, const std::string& path, uint64_t build_id,
                                                      const std::vector<std::string>& sources) {
  const std::optional<Head> head = read_head(disk, path);
  if (!head || head->build_id != build_id) return std::nullopt;
  std::vector<PageParts> parts(sources.size());
  for (size_t k = 0; k < sources.size(); ++k) {
    const size_t g = note_group(sources[k]);
    const auto bytes = disk.read_file(group_path(path, g), nullptr);
    if (!bytes || checksum64(*bytes) != head->sums[g]) return std::nullopt;
    RecordIn in;
    in.s = *bytes;
    bool found = false;
    for (size_t n = in.count(); n > 0 && in.ok && !found; --n) {
      const std::string source = in.str();
      PageParts p;
      p.backlinks = get_refs(in);
      p.mentions = get_refs(in);
      p.related = in.strs();
      p.local_graph = in.str();
      p.linked_headings = in.strs();
      if (source == sources[k]) {
        parts[k] = std::move(p);
        found = in.ok;
      }
    }
    if (!found) return std::nullopt;
  }
  return parts;
}

bool renew_page_parts(Disk& disk, const std::string& path, uint64_t from_build, uint64_t build_id) {
  std::optional<Head> head = read_head(disk, path);
  if (!head || head->build_id != from_build) return false;
  head->build_id = build_id;
  return disk.replace_file(path, head_bytes(*head), "", nullptr);
}

}  // namespace studywiki
