#include "state/note_cache.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/parallel.h"
#include "state/build_state.h"
#include "state/record_io.h"

namespace studywiki {

namespace {

constexpr std::string_view kMagic = "studywiki-notes 7\n";

// ---- writing ------------------------------------------------------------------

struct Out : RecordOut {
  void front(const FrontMatter& f) {
    b(f.title.has_value());
    str(f.title.value_or(""));
    strs(f.tags);
    strs(f.aliases);
    str(f.date);
    str(f.updated);
    b(f.draft);
    str(f.description);
    str(f.params.dump());
  }
  void excerpt(const Excerpt& e) {
    str(e.before);
    str(e.match);
    str(e.after);
  }
  void headings(const std::vector<markdown::Heading>& hs) {
    u(hs.size());
    for (const auto& h : hs) {
      i(h.level);
      str(h.text);
      str(h.id);
      i(h.line);
    }
  }
  void diagnostics(const std::vector<Diagnostic>& ds) {
    u(ds.size());
    for (const auto& d : ds) {
      str(d.path);
      i(d.line);
      i(d.col);
      b(d.severity == Severity::Error);
      str(d.message);
    }
  }
};

// ---- reading ------------------------------------------------------------------

struct In : RecordIn {
  /// False when the parameters are not JSON.
  bool front(FrontMatter& f) {
    const bool has_title = b();
    std::string title = str();
    if (has_title) f.title = std::move(title);
    f.tags = strs();
    f.aliases = strs();
    f.date = str();
    f.updated = str();
    f.draft = b();
    f.description = str();
    const std::string params = str();
    if (!ok) return false;
    f.params = nlohmann::json::parse(params, nullptr, /*allow_exceptions=*/false);
    return !f.params.is_discarded();
  }
  Excerpt excerpt() {
    Excerpt e;
    e.before = str();
    e.match = str();
    e.after = str();
    return e;
  }
  std::vector<markdown::Heading> headings() {
    std::vector<markdown::Heading> hs(count());
    for (auto& h : hs) {
      h.level = i32();
      h.text = str();
      h.id = str();
      h.line = i32();
    }
    return hs;
  }
  std::vector<Diagnostic> diagnostics() {
    std::vector<Diagnostic> ds(count());
    for (auto& d : ds) {
      d.path = str();
      d.line = i32();
      d.col = i32();
      d.severity = b() ? Severity::Error : Severity::Warning;
      d.message = str();
    }
    return ds;
  }
};

/// Everything of a body but its HTML, word count (which only its own page shows) and
/// section summaries (shown only for the headings other notes link to), its notes by
/// source path: the blob's tail.
void write_body_face(Out& o, const Body& body, const PerNote<LoadedNote>& notes) {
  auto name = [&](std::optional<NoteId> to) { o.str(to ? notes[*to].source : std::string()); };
  o.headings(body.headings);
  o.str(body.summary);
  o.b(body.has_math);
  o.b(body.has_mermaid);
  o.u(body.links_to.size());
  for (NoteId to : body.links_to) name(to);
  o.u(body.outlinks.size());
  for (const NoteLink& l : body.outlinks) {
    name(l.note);
    o.str(l.folder);
    o.str(l.heading);
    o.str(l.href);
    o.b(l.embed);
    o.i(l.line);
    o.i(l.col);
    o.excerpt(l.context);
  }
  o.u(body.embeds.size());
  for (const NoteEmbed& e : body.embeds) {
    name(e.note);
    o.str(e.heading);
    o.str(e.href);
    o.str(e.label);
    o.i(e.line);
    o.i(e.col);
  }
  o.u(body.fragments.size());
  for (const auto& [part, html] : body.fragments) {
    o.str(part);
    o.str(html);
  }
  o.u(body.mentions.size());
  for (const Body::Mention& m : body.mentions) {
    name(m.page);
    o.excerpt(m.context);
  }
}

void write_note(Out& o, Out& blob, NoteId id, const NoteCacheInput& in) {
  const PerNote<LoadedNote>& notes = *in.notes;
  const LoadedNote& n = notes[id];
  o.str(n.source);
  o.str(n.disk);
  o.str(n.folder);
  o.str(n.stem);
  o.str(n.display_path);
  o.front(n.front);
  o.i(n.body_line);
  o.str(n.title);
  o.i(n.hidden_heading);
  o.strs(n.written_tags);
  o.headings(n.headings);
  o.strs(n.block_ids);
  o.u(n.section_embeds.size());
  for (const auto& l : n.section_embeds) {
    o.str(l.raw);
    o.str(l.target);
    o.str(l.heading);
    o.str(l.label);
    o.b(l.embed);
    o.str(l.size);
    o.i(l.line);
    o.i(l.col);
  }
  o.u(n.cjk);
  o.u(n.letters);
  o.u(n.content_hash);
  const FileStamp& st = (*in.stamps)[id];
  o.u(st.size);
  o.i(st.mtime_ns);
  o.i(st.ctime_ns);
  o.u(st.inode);
  o.diagnostics((*in.load_diagnostics)[id]);
  // The body, before embeds are expanded: here what a build reads of every note; the
  // rest in `blob`, which goes to the group's bodies file, read only when a body is taken (read_blob).
  const Body& body = (*in.bodies)[id];
  o.b(true);
  o.u((*in.parts)[id]);
  const NoteDates& d = (*in.dates)[id];
  o.str(d.date);
  o.str(d.updated);
  o.str(d.sort_date);
  o.b(d.from_mtime);
  o.u(body.embeds.size());
  for (const NoteEmbed& e : body.embeds) o.str(notes[e.note].source);
  o.diagnostics((*in.body_diagnostics)[id]);
  blob.str(body.html);
  blob.u(body.words);
  blob.strs(body.section_summaries);
  write_body_face(blob, body, notes);
}

bool read_note(In& r, CachedNote& c) {
  LoadedNote& n = c.note;
  n.source = r.str();
  n.disk = r.str();
  n.folder = r.str();
  n.stem = r.str();
  n.display_path = r.str();
  if (!r.front(n.front)) return false;
  n.body_line = r.i32();
  n.title = r.str();
  n.hidden_heading = r.i32();
  n.written_tags = r.strs();
  n.headings = r.headings();
  n.block_ids = r.strs();
  n.section_embeds.resize(r.count());
  for (auto& l : n.section_embeds) {
    l.raw = r.str();
    l.target = r.str();
    l.heading = r.str();
    l.label = r.str();
    l.embed = r.b();
    l.size = r.str();
    l.line = r.i32();
    l.col = r.i32();
  }
  n.cjk = r.u();
  n.letters = r.u();
  n.content_hash = r.u();
  c.content_hash = n.content_hash;
  c.stamp.size = r.u();
  c.stamp.mtime_ns = r.i();
  c.stamp.ctime_ns = r.i();
  c.stamp.inode = r.u();
  c.load_diagnostics = r.diagnostics();
  c.has_body = r.b();
  if (!c.has_body) return r.ok;
  c.parts = r.u();
  c.dates.date = r.str();
  c.dates.updated = r.str();
  c.dates.sort_date = r.str();
  c.dates.from_mtime = r.b();
  c.embed_notes = r.strs();
  c.body_diagnostics = r.diagnostics();
  return r.ok;
}

/// The body in a cached note's blob, into c.body (NoteIds left empty: restore_body names them).
bool read_blob(CachedNote& c) {
  In r;
  r.s = c.blob;
  Body& body = c.body;
  body.html = r.str();
  body.words = r.u();
  body.section_summaries = r.strs();
  body.headings = r.headings();
  body.summary = r.str();
  body.has_math = r.b();
  body.has_mermaid = r.b();
  c.links_to = r.strs();
  body.outlinks.resize(r.count());
  c.outlink_notes.resize(body.outlinks.size());
  for (size_t k = 0; k < body.outlinks.size(); ++k) {
    NoteLink& l = body.outlinks[k];
    c.outlink_notes[k] = r.str();
    l.folder = r.str();
    l.heading = r.str();
    l.href = r.str();
    l.embed = r.b();
    l.line = r.i32();
    l.col = r.i32();
    l.context = r.excerpt();
  }
  body.embeds.resize(r.count());
  std::vector<std::string> embed_notes(body.embeds.size());
  for (size_t k = 0; k < body.embeds.size(); ++k) {
    NoteEmbed& e = body.embeds[k];
    embed_notes[k] = r.str();
    e.heading = r.str();
    e.href = r.str();
    e.label = r.str();
    e.line = r.i32();
    e.col = r.i32();
  }
  for (size_t k = r.count(); k > 0 && r.ok; --k) {
    std::string part = r.str();
    body.fragments.emplace(std::move(part), r.str());
  }
  body.mentions.resize(r.count());
  c.mention_pages.resize(body.mentions.size());
  for (size_t k = 0; k < body.mentions.size(); ++k) {
    c.mention_pages[k] = r.str();
    body.mentions[k].context = r.excerpt();
  }
  return r.ok && r.pos == r.s.size() && embed_notes == c.embed_notes;
}

}  // namespace

uint64_t note_face(const LoadedNote& n) {
  Out o;
  o.str(n.title);
  o.i(n.hidden_heading);
  o.front(n.front);
  o.strs(n.written_tags);
  o.u(n.headings.size());
  for (const markdown::Heading& h : n.headings) {  // not their lines: text added above moves them
    o.i(h.level);
    o.str(h.text);
    o.str(h.id);
  }
  o.strs(n.block_ids);
  return fnv1a64(o.s);
}

uint64_t site_hash(const PerNote<LoadedNote>& notes, const Places& places, const std::string& language,
                   const markdown::Labels& labels) {
  Out o;
  o.u(notes.size());
  for (NoteId id : notes.ids()) {
    o.str(notes[id].source);
    o.u(note_face(notes[id]));
    o.str(places.notes[id].out);
    o.u(static_cast<uint64_t>(places.notes[id].role));
  }
  o.u(places.assets.size());
  for (const Asset& a : places.assets) {
    o.str(a.source);
    o.str(a.out);
  }
  o.u(places.folders.size());
  for (const auto& [source, folder] : places.folders) {
    o.str(source);
    o.str(folder.out);
  }
  o.str(language);
  for (const std::string* s : {&labels.toc, &labels.broken_link, &labels.missing_image, &labels.missing_image_named,
                               &labels.video})
    o.str(*s);
  return fnv1a64(o.s);
}

uint64_t parts_hash(const std::vector<std::string>& parts) {
  Out o;
  o.strs(parts);
  return fnv1a64(o.s);
}

std::vector<NoteRecord> note_cache_records(const NoteCacheInput& in, unsigned jobs) {
  const size_t count = in.notes->size();
  std::vector<NoteRecord> records(count);
  parallel_for(count, jobs, [&](size_t i, unsigned) {
    if (in.same && !(*in.same)[NoteId(i)].face.empty()) return;  // assemble_note_cache takes it from there
    Out o, blob;
    write_note(o, blob, NoteId(i), in);
    records[i] = {std::move(o.s), std::move(blob.s)};
  });
  return records;
}

size_t note_group(std::string_view source) { return checksum64(source) % kNoteGroups; }

std::optional<std::string> assemble_note_cache(
    const std::string& key, uint64_t site_hash, uint64_t build_id, std::vector<NoteRecord> records,
    const std::vector<SameRecord>& same, const std::vector<uint8_t>& groups, const NoteCacheGroups* last,
    const std::function<void(size_t, std::string, std::string)>& write_group) {
  auto is_same = [&](size_t i) { return records[i].face.empty() && i < same.size() && !same[i].face.empty(); };
  std::vector<std::vector<size_t>> members(kNoteGroups);
  for (size_t i = 0; i < records.size(); ++i) members[groups[i]].push_back(i);
  Out head;
  head.s = kMagic;
  head.str(key);
  head.u(site_hash);
  head.u(build_id);
  head.u(kNoteGroups);
  for (size_t g = 0; g < kNoteGroups; ++g) {
    // The last build's group, when every record is one of its own, in its order.
    bool kept = last && g < last->records.size() && last->records[g].size() == members[g].size();
    for (size_t k = 0; kept && k < members[g].size(); ++k) {
      const size_t i = members[g][k];
      kept = is_same(i) && same[i].face.data() == last->records[g][k].data() &&
             same[i].face.size() == last->records[g][k].size();
    }
    if (kept) {
      head.u(last->sums[g]);
      head.u(last->body_sums[g]);
      head.u(members[g].size());
      continue;
    }
    std::string faces, bodies;
    size_t face_bytes = 0, body_bytes = 0;
    for (size_t i : members[g]) {
      face_bytes += (is_same(i) ? same[i].face.size() : records[i].face.size()) + 10;
      body_bytes += (is_same(i) ? same[i].blob.size() : records[i].blob.size()) + 10;
    }
    faces.reserve(face_bytes);
    bodies.reserve(body_bytes);
    for (size_t i : members[g]) {
      if (is_same(i) && !same[i].blob_known) return std::nullopt;
      const std::string_view face = is_same(i) ? same[i].face : std::string_view(records[i].face);
      const std::string_view blob = is_same(i) ? same[i].blob : std::string_view(records[i].blob);
      Out len;
      len.u(face.size());
      faces += len.s;
      faces += face;
      len.s.clear();
      len.u(blob.size());
      bodies += len.s;
      bodies += blob;
    }
    for (size_t i : members[g]) records[i] = NoteRecord();  // their memory back as the groups go
    head.u(checksum64(faces));
    head.u(checksum64(bodies));
    head.u(members[g].size());
    write_group(g, std::move(faces), std::move(bodies));
  }
  return with_checksum(std::move(head.s));
}

NoteCacheFiles serialize_note_cache(const NoteCacheInput& in, unsigned jobs) {
  std::vector<SameRecord> same;
  if (in.same) same.assign(in.same->begin(), in.same->end());
  std::vector<uint8_t> groups;
  for (const LoadedNote& n : *in.notes) groups.push_back(static_cast<uint8_t>(note_group(n.source)));
  NoteCacheFiles files;
  files.head = assemble_note_cache(*in.key, in.site_hash, in.build_id, note_cache_records(in, jobs), same, groups,
                                   nullptr,
                                   [&](size_t g, std::string records, std::string bodies) {
                                     files.groups.emplace_back(g, std::move(records), std::move(bodies));
                                   })
                   .value_or(std::string());
  return files;
}

std::optional<NoteCache> parse_note_cache(std::string_view head,
                                          const std::function<std::optional<std::string>(size_t)>& read_group,
                                          std::string* why) {
  auto bad = [&](const char* reason) -> std::optional<NoteCache> {
    if (why) *why = reason;
    return std::nullopt;
  };
  const auto opened = open_records(head, kMagic, "note cache", why);
  if (!opened) return std::nullopt;
  In r;
  r.s = opened->s;
  r.pos = opened->pos;
  NoteCache cache;
  cache.key = r.str();
  cache.site_hash = r.u();
  cache.build_id = r.u();
  const size_t group_count = r.u();
  if (!r.ok || group_count != kNoteGroups) return bad("damaged (header)");
  std::vector<size_t>& counts = cache.groups.counts;
  counts.resize(group_count);
  cache.groups.sums.resize(group_count);
  cache.groups.body_sums.resize(group_count);
  for (size_t g = 0; g < group_count; ++g) {
    cache.groups.sums[g] = r.u();
    cache.groups.body_sums[g] = r.u();
    counts[g] = r.u();
  }
  if (!r.ok || r.pos != r.s.size()) return bad("damaged (header)");
  cache.groups.bytes.resize(group_count);
  cache.groups.body_bytes.resize(group_count);
  cache.groups.records.resize(group_count);
  cache.groups.first.resize(group_count);
  std::vector<std::string_view> records;
  std::vector<size_t> group_of;
  for (size_t g = 0; g < group_count; ++g) {
    auto bytes = read_group(g);
    if (!bytes) return bad("damaged (a record group is missing)");
    if (checksum64(*bytes) != cache.groups.sums[g]) return bad("damaged (a record group's checksum)");
    cache.groups.bytes[g] = std::move(*bytes);
    const std::string_view body = cache.groups.bytes[g];
    In in;
    in.s = body;
    for (size_t k = 0; k < counts[g]; ++k) {
      const uint64_t len = in.u();
      if (!in.ok || len > body.size() - in.pos) return bad("damaged (record)");
      cache.groups.records[g].push_back(body.substr(in.pos, len));
      in.pos += len;
    }
    if (in.pos != body.size()) return bad("damaged (trailing bytes)");
    cache.groups.first[g] = records.size();
    records.insert(records.end(), cache.groups.records[g].begin(), cache.groups.records[g].end());
    group_of.resize(records.size(), g);
  }
  const size_t count = records.size();
  cache.notes.resize(count);
  std::vector<char> good(count, 0);
  parallel_for(count, default_jobs(), [&](size_t i, unsigned) {
    In one;
    one.s = records[i];
    good[i] = read_note(one, cache.notes[i]) && one.pos == records[i].size();
    cache.notes[i].record = records[i];
    cache.notes[i].group = group_of[i];
  });
  for (char g : good)
    if (!g) return bad("damaged (note record)");
  return cache;
}

bool load_note_bodies(NoteCache& cache, size_t g, std::optional<std::string> bytes) {
  NoteCacheGroups& groups = cache.groups;
  if (g >= groups.counts.size()) return false;
  if (cache.notes.size() > groups.first[g] && cache.notes[groups.first[g]].blob_loaded) return true;
  if (!bytes || checksum64(*bytes) != groups.body_sums[g]) return false;
  groups.body_bytes[g] = std::move(*bytes);
  const std::string_view all = groups.body_bytes[g];
  In in;
  in.s = all;
  std::vector<std::string_view> blobs;
  for (size_t k = 0; k < groups.counts[g]; ++k) {
    const uint64_t len = in.u();
    if (!in.ok || len > all.size() - in.pos) return false;
    blobs.push_back(all.substr(in.pos, len));
    in.pos += len;
  }
  if (in.pos != all.size()) return false;
  for (size_t k = 0; k < blobs.size(); ++k) {
    CachedNote& c = cache.notes[groups.first[g] + k];
    c.blob = blobs[k];
    c.blob_loaded = true;
  }
  return true;
}

std::vector<char> bodies_to_render(const std::unordered_map<std::string, CachedNote*>& cached,
                                   const PerNote<LoadedNote>& notes, const PerNote<uint64_t>& parts) {
  std::vector<char> todo(notes.size(), 1);
  for (NoteId id : notes.ids()) {
    const auto it = cached.find(notes[id].source);
    todo[id.index()] = it == cached.end() || !it->second->has_body ||
                       it->second->content_hash != notes[id].content_hash || it->second->parts != parts[id];
  }
  return todo;
}

void take_bodies(const std::unordered_map<std::string, CachedNote*>& cached, const PerNote<LoadedNote>& notes,
                 const Places& places, std::vector<char>& todo, PerNote<Body>& bodies,
                 PerNote<std::vector<Diagnostic>>& said, unsigned jobs) {
  parallel_for(notes.size(), jobs, [&](size_t i, unsigned) {
    if (todo[i]) return;
    const NoteId id(i);
    const auto it = cached.find(notes[id].source);
    std::optional<Body> body;
    if (it != cached.end()) body = restore_body(*it->second, places.note_by_source);
    if (!body) {
      todo[i] = 1;
      return;
    }
    bodies[id] = std::move(*body);
    said[id] = std::move(it->second->body_diagnostics);
  });
}

std::string body_face(const Body& body, const PerNote<LoadedNote>& notes) {
  Out o;
  write_body_face(o, body, notes);
  return std::move(o.s);
}

std::optional<std::string_view> cached_body_face(const CachedNote& c, std::vector<std::string>* section_summaries) {
  if (!c.has_body || !c.blob_loaded || c.blob_read) return std::nullopt;
  In r;
  r.s = c.blob;
  r.view();  // the HTML
  r.u();     // the word count
  std::vector<std::string> summaries = r.strs();
  if (!r.ok) return std::nullopt;
  if (section_summaries) *section_summaries = std::move(summaries);
  return c.blob.substr(r.pos);
}

PerNote<FileStamp> stamps_to_keep(const PerNote<LoadedNote>& notes, const std::vector<SourceFile>& files,
                                  int64_t now_ns) {
  PerNote<FileStamp> stamps(notes.size());
  for (NoteId id : notes.ids()) {
    const auto f = std::lower_bound(files.begin(), files.end(), notes[id].source,
                                    [](const SourceFile& a, const std::string& rel) { return a.rel < rel; });
    if (f != files.end() && f->rel == notes[id].source && !recent(f->info.mtime_ns, f->info.ctime_ns, now_ns))
      stamps[id] = stamp_of(f->info);
    else
      stamps[id].size = UINT64_MAX;  // never matches: read again next time
  }
  return stamps;
}

std::optional<Body> restore_body(CachedNote& c, const std::unordered_map<std::string, NoteId>& note_by_source) {
  if (!c.has_body || !c.blob_loaded) return std::nullopt;
  if (!c.blob_read) {
    c.blob_read = true;
    if (!read_blob(c)) {
      c.has_body = false;
      return std::nullopt;
    }
  }
  bool ok = true;
  auto id_of = [&](const std::string& source) -> std::optional<NoteId> {
    if (source.empty()) return std::nullopt;
    const auto it = note_by_source.find(source);
    if (it == note_by_source.end()) {
      ok = false;
      return std::nullopt;
    }
    return it->second;
  };
  // Every name resolved before anything is moved: a body that cannot be restored stays as it was.
  std::vector<NoteId> links_to;
  for (const std::string& s : c.links_to)
    if (const auto id = id_of(s)) links_to.push_back(*id);
  std::vector<std::optional<NoteId>> outlinks(c.body.outlinks.size());
  for (size_t k = 0; k < outlinks.size(); ++k) outlinks[k] = id_of(c.outlink_notes[k]);
  std::vector<NoteId> embeds(c.body.embeds.size());
  for (size_t k = 0; k < embeds.size(); ++k)
    if (const auto id = id_of(c.embed_notes[k])) embeds[k] = *id;
    else ok = false;
  std::vector<NoteId> mentions(c.body.mentions.size());
  for (size_t k = 0; k < mentions.size(); ++k)
    if (const auto id = id_of(c.mention_pages[k])) mentions[k] = *id;
    else ok = false;
  if (!ok) return std::nullopt;
  Body body = std::move(c.body);  // the cache's copy is not read again (the record's bytes are)
  c.has_body = false;
  body.links_to = std::move(links_to);
  std::sort(body.links_to.begin(), body.links_to.end());
  for (size_t k = 0; k < outlinks.size(); ++k) body.outlinks[k].note = outlinks[k];
  for (size_t k = 0; k < embeds.size(); ++k) body.embeds[k].note = embeds[k];
  for (size_t k = 0; k < mentions.size(); ++k) body.mentions[k].page = mentions[k];
  return body;
}

}  // namespace studywiki
