#pragma once
// The site as the stages of the pipeline produce it. Each stage returns its
// own result, indexed by NoteId, and never changes another stage's:
//
//   load      content/load.h     LoadedNotes   identity, front matter, title, headings, tags
//                                              (the parsed document only when asked to keep it)
//                                              (unpublished notes set aside with their reason)
//   places    content/places.h   Places        output paths, roles, folders, assets, redirects
//   dates     content/dates.h    NoteDates     date, updated
//   bodies    links/bodies.h     Body          HTML, headings, summary, outgoing links, embeds
//
// `Site` bundles them, read-only, for the stages after bodies (cross links,
// graphs, pages, search, feeds).
#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/front_matter.h"
#include "core/excerpt.h"
#include "markdown/document.h"

namespace studywiki {

/// A published note: its index in every stage's results.
struct NoteId {
  std::uint32_t value = 0;
  constexpr NoteId() = default;
  constexpr explicit NoteId(std::size_t v) : value(static_cast<std::uint32_t>(v)) {}
  constexpr std::size_t index() const { return value; }
  friend constexpr auto operator<=>(NoteId, NoteId) = default;
};

/// One T per published note, indexed by NoteId.
template <class T>
class PerNote {
 public:
  PerNote() = default;
  explicit PerNote(std::size_t n) : items_(n) {}
  T& operator[](NoteId id) { return items_[id.index()]; }
  const T& operator[](NoteId id) const { return items_[id.index()]; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void resize(std::size_t n) { items_.resize(n); }
  void push_back(T item) { items_.push_back(std::move(item)); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  /// Every id, in order: `for (NoteId id : notes.ids())`.
  struct Ids {
    std::size_t n;
    struct It {
      std::size_t i;
      NoteId operator*() const { return NoteId(i); }
      It& operator++() { ++i; return *this; }
      bool operator!=(const It& o) const { return i != o.i; }
    };
    It begin() const { return {0}; }
    It end() const { return {n}; }
  };
  Ids ids() const { return {items_.size()}; }

 private:
  std::vector<T> items_;
};

// ---- load -----------------------------------------------------------------

/// A note read, split and parsed: what it is and what it says.
struct LoadedNote {
  std::string source;         ///< relative to the source folder: "db/Redis 持久化.md" (valid UTF-8)
  std::string disk;           ///< the same path as the bytes on disk (differs for repaired names)
  std::string folder;         ///< its folder, relative: "db" ("" at the top)
  std::string stem;           ///< file name without extension: "Redis 持久化"
  std::string display_path;   ///< path used in diagnostics: "content/db/Redis 持久化.md"
  FrontMatter front;
  int body_line = 1;          ///< line of the note where the Markdown body starts
  /// The parsed body, null unless the loader was asked to keep it
  /// (LoadOptions::keep_documents): a build frees it after loading and the
  /// bodies stage parses the note again, resolves its links in place,
  /// renders it and frees it.
  std::unique_ptr<markdown::Document> doc;
  std::string title;
  int hidden_heading = -1;    ///< the heading that became the title, removed when the body renders
  std::vector<std::string> written_tags;  ///< front matter tags, then inline #tags, as written
  // Taken from the parsed document when it is loaded, for the stages that
  // need them of every note, whether it was parsed in this build or its
  // results come from the last build's (state/note_cache.h):
  std::vector<markdown::Heading> headings;  ///< every heading, the title heading too (link targets)
  std::vector<std::string> block_ids;       ///< `^id`s (link targets)
  std::vector<markdown::WikiLink> section_embeds;  ///< `![[Note#Heading]]`, `![[Note#^id]]` as written
  size_t cjk = 0, letters = 0;              ///< of its prose, for the site's language
  uint64_t content_hash = 0;                ///< fnv1a64 of its bytes as read
};

/// A note that is not published, and why.
struct Unpublished {
  enum class Reason { Draft, Unreadable, Binary, TooLarge };
  std::string source;
  std::string display_path;
  Reason reason = Reason::Unreadable;
};

// ---- places ---------------------------------------------------------------

/// Where a note's page goes and what it is.
struct Place {
  enum class Role { Page, FolderIndex, HomeIntro };
  std::string out;            ///< output path: "db/redis-持久化.html"
  Role role = Role::Page;
};

/// A non-note file copied next to the pages.
struct Asset {
  std::string source;  ///< "db/imgs/a b.png" (valid UTF-8)
  std::string out;     ///< "db/imgs/a b.png" with folder names slugged
  std::string disk;    ///< the same path as the bytes on disk
};

/// A folder that holds notes somewhere below it.
struct Folder {
  std::string source;                 ///< "db" ("" is the root)
  std::string name;                   ///< last segment as written: "数据库"
  std::string out;                    ///< "数据库/index.html" ("index.html" for the root)
  std::optional<NoteId> index_note;   ///< index.md / README.md of the folder
  std::vector<NoteId> notes;          ///< ordinary pages directly inside, by title
  std::vector<std::string> children;  ///< sub-folders (source paths), by name
  size_t total_notes = 0;             ///< pages at any depth below
};

/// Pages the generator writes besides the pages of notes, folders and tags.
inline constexpr const char* kTagIndexPage = "tags/index.html";
inline constexpr const char* kGraphPage = "graph.html";
/// Every note, by folder (README "Output").
inline constexpr const char* kAllNotesPage = "all.html";

/// The places stage's result: every output path of notes, folders and files.
struct Places {
  PerNote<Place> notes;
  std::vector<Asset> assets;
  std::map<std::string, Folder> folders;               ///< by source path, sorted
  std::unordered_map<std::string, NoteId> note_by_source;
  std::unordered_map<std::string, int> asset_by_source;
  std::optional<NoteId> home_note;
  /// Pages that send an alias on to its note: output path -> note.
  std::vector<std::pair<std::string, NoteId>> redirects;

  const Folder* folder(const std::string& source) const {
    auto it = folders.find(source);
    return it == folders.end() ? nullptr : &it->second;
  }
};

// ---- dates ----------------------------------------------------------------

struct NoteDates {
  std::string date;           ///< YYYY-MM-DD
  std::string updated;        ///< YYYY-MM-DD or ""
  std::string sort_date;      ///< the later of date/updated, for "recent"
  bool from_mtime = false;    ///< `date` is the file's modification time (no front matter date, no commit)
};

// ---- bodies ---------------------------------------------------------------

/// One link or embed written in a note that reaches a page of the site.
struct NoteLink {
  std::optional<NoteId> note;  ///< the note linked to; none for a folder's page
  std::string folder;    ///< the folder linked to (no note)
  std::string heading;   ///< the heading id linked to, "^id" for a block, "" for the whole page
  std::string href;      ///< as it stands in the linking page's HTML
  bool embed = false;    ///< ![[Note]]
  int line = 0, col = 0; ///< where it is written
  Excerpt context;       ///< the sentence around it
};

/// A note transcluded by `![[Note]]`, `![[Note#Heading]]` or `![[Note#^block]]`. Its place in
/// the body HTML is the marker `<!--sw-embed:INDEX-->` until embeds are
/// expanded.
struct NoteEmbed {
  NoteId note;
  std::string heading;   ///< heading id, "^id" for a block, "" for the whole note
  std::string href;      ///< to the source, from the embedding page
  std::string label;     ///< "Title" or "Title › Heading"
  int line = 0, col = 0;
};

/// The bodies stage's result for one note.
struct Body {
  std::string html;           ///< with `<!--sw-embed:N-->` markers until embeds are expanded
  std::vector<markdown::Heading> headings;  ///< what the page shows (the title heading removed)
  std::vector<std::string> section_summaries;  ///< first paragraph under each of `headings`
  std::string summary;        ///< description, else the first paragraph, cut
  size_t words = 0;
  bool has_math = false;
  bool has_mermaid = false;   ///< a ```mermaid block, its own or an embedded note's
  std::vector<NoteId> links_to;    ///< notes this one links to (wikilinks and Markdown links), sorted, unique
  std::vector<NoteLink> outlinks;  ///< every link to a page of the site, in order
  std::vector<NoteEmbed> embeds;   ///< notes it transcludes, by marker index
  /// The sections and blocks of this note other notes embed (`![[This#Heading]]`,
  /// `![[This#^id]]`), rendered as the page shows them, by heading id or "^id":
  /// taken before the parsed document goes, which is right after this body.
  std::map<std::string, std::string> fragments;
  /// Unlinked mentions in this note's prose: the pages whose title or alias it
  /// names without linking to them, with the sentence around each.
  struct Mention {
    NoteId page;
    Excerpt context;
  };
  std::vector<Mention> mentions;
};

// ---- the site -------------------------------------------------------------

/// Every stage's result up to the bodies, for the stages after them.
struct Site {
  PerNote<LoadedNote> notes;
  Places places;
  PerNote<NoteDates> dates;
  PerNote<Body> bodies;

  const std::string& out(NoteId id) const { return places.notes[id].out; }
  Place::Role role(NoteId id) const { return places.notes[id].role; }
  const Folder* folder(const std::string& source) const { return places.folder(source); }
};

/// Ordinary pages (not home or folder introductions), the latest date
/// (written, updated, committed) first, then by source path: "recent notes".
std::vector<NoteId> pages_newest_first(const Site& site);

/// "db/imgs" -> "db/imgs" slugged per segment: "数据库 Notes/img" -> "数据库-notes/img".
std::string slug_folder_path(const std::string& folder);

/// The folder part of a relative path ("a/b/c.md" -> "a/b", "c.md" -> "").
std::string parent_of(const std::string& rel);

}  // namespace studywiki
