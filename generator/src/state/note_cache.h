#pragma once
// What the load and bodies stages made of each note, kept in
// OUT/.studywiki-cache/notes for the next build into that folder, so that a
// build after an edit reads and parses only the notes that changed and
// renders the bodies of only those:
//
//  - a note whose file has the stamp it had (size, mtime, ctime, inode) is
//    not read: its LoadedNote (without the parsed document) and the
//    diagnostics loading it gave come from here;
//  - a note's body (before embeds are expanded) and the diagnostics it gave
//    come from here when its bytes are the same (content hash), the sections
//    other notes embed of it are the same, and nothing a body reads of the
//    rest of the site changed: the SITE HASH, over every note's path, face
//    (note_face: title, front matter, tags, headings, block ids),
//    output path and role, every file and folder, the site's language and
//    interface words, the Markdown options. Otherwise the note is parsed (if
//    it was not) and its body rendered.
//
// Anything else (the options, the generator binary, the git commit, the time
// zone: the KEY) makes the whole cache unused. The head file is binary:
// "studywiki-notes 4\n", then varint-prefixed fields (the key, the site hash,
// each record group's checksum and count), then the checksum64 of everything
// before it (8 bytes, little-endian); the records are in kNoteGroups files
// beside it (OUT/.studywiki-cache/notes-G), a note's by its source path. A
// cache whose head or any group does not check out is ignored with a note.
// After a build, the groups whose records changed are replaced atomically,
// then the head: a build killed between the two leaves a cache not used.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "content/discovery.h"
#include "content/site.h"
#include "core/diagnostics.h"
#include "core/disk.h"
#include "markdown/labels.h"
#include <unordered_map>

namespace studywiki {

/// A file's stamp as the walk saw it.
struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0, ctime_ns = 0;
  uint64_t inode = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

/// One note as the cache keeps it. Notes of the body are named by source path
/// (NoteIds change from build to build). The body itself stays in its record's
/// bytes (`blob`) until it is taken (restore_body): an edit that other pages
/// cannot see needs the edited notes' bodies only (pipeline/early_cutoff.h).
struct CachedNote {
  LoadedNote note;       ///< without `doc` (moved out when the note is taken as it was)
  uint64_t content_hash = 0;  ///< note.content_hash, kept when `note` is moved out
  FileStamp stamp;
  std::vector<Diagnostic> load_diagnostics;
  bool has_body = false;
  uint64_t parts = 0;    ///< parts_hash() of the sections other notes embed of it
  NoteDates dates;       ///< as its page showed them
  std::vector<std::string> embed_notes;  ///< the notes its body embeds, by source path
  std::vector<Diagnostic> body_diagnostics;
  /// The body's bytes, in its group's bodies file (load_note_bodies): its HTML, its word
  /// count, its section summaries, then body_face()'s. Empty until that file is read.
  std::string_view blob;
  bool blob_loaded = false;
  bool blob_read = false;
  size_t group = 0;
  Body body;             ///< read from `blob` by restore_body; its NoteId fields are not used: see the names below
  std::vector<std::string> links_to, outlink_notes, mention_pages;  ///< "" for none
  /// The note's record in the file's bytes (NoteCache::bytes, or what was parsed):
  /// written again as it is when nothing in it changed (NoteCacheInput::same).
  std::string_view record;
};

/// The records are kept in kNoteGroups files beside the cache's own (the head:
/// the key, the site hash and each group's checksum and count), a note's by its
/// source path (note_group), so that an edit writes its note's group again,
/// not the 100 MB of ten thousand notes.
constexpr size_t kNoteGroups = 64;
size_t note_group(std::string_view source);

/// The record groups as read: their bytes (the records point into them), checksums and records.
struct NoteCacheGroups {
  std::vector<std::string> bytes;       ///< each group's records file
  std::vector<std::string> body_bytes;  ///< each group's bodies file, once read (load_note_bodies)
  std::vector<uint64_t> sums, body_sums;
  std::vector<std::vector<std::string_view>> records;
  std::vector<size_t> first, counts;  ///< each group's first note in NoteCache::notes, and how many
};

struct NoteCache {
  std::string key;
  uint64_t site_hash = 0;
  uint64_t build_id = 0;  ///< the build that wrote it (its search cache says the same: state/search_cache.h)
  std::vector<CachedNote> notes;
  NoteCacheGroups groups;
};

/// A note's record: what every build reads, and its body's blob (CachedNote::blob).
struct NoteRecord {
  std::string face, blob;
};
/// A record of the cache read, as it is: its blob when its bodies file was read.
struct SameRecord {
  std::string_view face, blob;
  bool blob_known = false;
};

/// What a build hands to serialize_note_cache: every stage result it keeps, by NoteId.
struct NoteCacheInput {
  const std::string* key = nullptr;
  uint64_t site_hash = 0;
  uint64_t build_id = 0;
  const PerNote<LoadedNote>* notes = nullptr;
  const PerNote<Body>* bodies = nullptr;  ///< before embeds are expanded
  const PerNote<NoteDates>* dates = nullptr;
  const PerNote<FileStamp>* stamps = nullptr;
  const PerNote<uint64_t>* parts = nullptr;
  const PerNote<std::vector<Diagnostic>>* load_diagnostics = nullptr;
  const PerNote<std::vector<Diagnostic>>* body_diagnostics = nullptr;
  /// Per note, when not null: a record of an earlier cache that says just what this
  /// one would (the note, its stamp, body, parts and diagnostics unchanged), written as
  /// it is instead; empty for the others.
  const PerNote<SameRecord>* same = nullptr;
};

/// The files of a note cache: its head, and the groups to write (by number): records, bodies.
struct NoteCacheFiles {
  std::string head;
  std::vector<std::tuple<size_t, std::string, std::string>> groups;
};
/// Every group is written.
NoteCacheFiles serialize_note_cache(const NoteCacheInput& input, unsigned jobs);
/// serialize_note_cache() in two steps, so that the second, which reads nothing of the
/// build, can run on a thread of its own: each note's record (empty where `input.same`
/// gives one), then the files, with the records `same` gives where a record is empty.
/// `groups`: each note's note_group(). A group of `last` (the groups read, maybe none)
/// whose records are all the same, in the same order, is not written again.
std::vector<NoteRecord> note_cache_records(const NoteCacheInput& input, unsigned jobs);
/// Each group to write goes to `write_group` (its records file, its bodies file) as soon
/// as it is put together (100 MB at 10,000 notes are never held at once); returns the
/// head, to write after them; nullopt when a group to write has a `same` record whose
/// blob is not known (nothing more is written: the groups written do not match the head).
std::optional<std::string> assemble_note_cache(
    const std::string& key, uint64_t site_hash, uint64_t build_id, std::vector<NoteRecord> records,
    const std::vector<SameRecord>& same, const std::vector<uint8_t>& groups, const NoteCacheGroups* last,
    const std::function<void(size_t, std::string, std::string)>& write_group);
/// nullopt (and `why`) when the head's bytes, or a group's records file (`read_group`;
/// nullopt: missing), are not a whole cache of this version. The bodies are not read.
std::optional<NoteCache> parse_note_cache(std::string_view head,
                                          const std::function<std::optional<std::string>(size_t)>& read_group,
                                          std::string* why);
/// Group `g`'s bodies file (`bytes`; nullopt: missing) into `cache`: its notes' blobs. False
/// when it is not the one the head names (the notes of the group then have no body to take).
bool load_note_bodies(NoteCache& cache, size_t g, std::optional<std::string> bytes);

/// What other notes and pages see of a loaded note besides its body's text:
/// its title and the heading that became it, its front matter, its tags, its
/// headings and block ids (the targets of links into it). An edit that keeps
/// it cannot change how any other note's links resolve.
uint64_t note_face(const LoadedNote& note);

/// The SITE HASH (see above).
uint64_t site_hash(const PerNote<LoadedNote>& notes, const Places& places, const std::string& language,
                   const markdown::Labels& labels);

/// Per note, whether its body has to be rendered: it is not in `cached` (by source
/// path) with the same bytes and parts (parts_hash), or has no body there. The site
/// hash must be the same. Reads no body.
std::vector<char> bodies_to_render(const std::unordered_map<std::string, CachedNote*>& cached,
                                   const PerNote<LoadedNote>& notes, const PerNote<uint64_t>& parts);

/// The cached bodies of the notes `todo` does not set, into `bodies` with what they
/// said; a note whose body cannot be restored gets `todo` set.
void take_bodies(const std::unordered_map<std::string, CachedNote*>& cached, const PerNote<LoadedNote>& notes,
                 const Places& places, std::vector<char>& todo, PerNote<Body>& bodies,
                 PerNote<std::vector<Diagnostic>>& said, unsigned jobs);

/// What other pages can see of a body (its headings, summary, links with their
/// sentences, embeds, the parts others embed, its unlinked mentions; not its HTML nor
/// its word count, which only its own page shows, nor its section summaries, which
/// the previews show only for the headings other notes link to), as bytes to compare:
/// the same for the same. Notes are named by source path.
std::string body_face(const Body& body, const PerNote<LoadedNote>& notes);
/// body_face() of a cached note's body, from its blob (nullopt when it is not read or
/// damaged); its section summaries in `section_summaries`.
std::optional<std::string_view> cached_body_face(const CachedNote& cached,
                                                 std::vector<std::string>* section_summaries);

/// The stamps the cache keeps of each note's file (`files`: the walk's, sorted by path);
/// one that changed within a clock tick's doubt of `now_ns` (build_state's recent())
/// is kept as one that never matches, so the note is read again next time.
PerNote<FileStamp> stamps_to_keep(const PerNote<LoadedNote>& notes, const std::vector<SourceFile>& files,
                                  int64_t now_ns);

/// A file's stamp from what the walk saw.
inline FileStamp stamp_of(const FileInfo& info) { return {info.size, info.mtime_ns, info.ctime_ns, info.inode}; }

/// parts_hash: of the heading ids (or "^id") other notes embed of a note.
uint64_t parts_hash(const std::vector<std::string>& parts);

/// The body of a cached note, read from its blob and moved out of it (has_body is
/// false after), with its notes named by NoteId again; nullopt, the note as it was,
/// when the blob is damaged or one of them is not a note of this build.
std::optional<Body> restore_body(CachedNote& cached,
                                 const std::unordered_map<std::string, NoteId>& note_by_source);

}  // namespace studywiki
