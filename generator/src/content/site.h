#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/front_matter.h"
#include "markdown/document.h"

namespace studywiki {

/// One link or embed written in a note that reaches a page of the site.
struct NoteLink {
  int note = -1;         ///< the note linked to, or -1 for a folder's page
  std::string folder;    ///< the folder linked to (note == -1)
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
  int note = -1;
  std::string heading;   ///< heading id, "^id" for a block, "" for the whole note
  std::string href;      ///< to the source, from the embedding page
  std::string label;     ///< "Title" or "Title › Heading"
  int line = 0, col = 0;
};

/// One Markdown file of the wiki, from its source text to its rendered body.
struct Note {
  std::string source;         ///< relative to the source folder: "db/Redis 持久化.md" (valid UTF-8)
  std::string disk;           ///< the same path as the bytes on disk (differs for repaired names)
  std::string folder;         ///< its folder, relative: "db" ("" at the top)
  std::string stem;           ///< file name without extension: "Redis 持久化"
  std::string display_path;   ///< path used in diagnostics: "content/db/Redis 持久化.md"
  std::string out;            ///< output path: "db/redis-持久化.html"
  enum class Role { Page, FolderIndex, HomeIntro } role = Role::Page;

  FrontMatter front;
  int body_line = 1;          ///< line of the note where the Markdown body starts
  std::unique_ptr<markdown::Document> doc;
  std::string title;
  int hidden_heading = -1;

  // Filled when bodies are rendered:
  std::string body_html;
  std::vector<markdown::Heading> headings;  ///< what the page shows (the title heading removed)
  std::string summary;        ///< description, else the first paragraph, cut
  std::string date;           ///< YYYY-MM-DD
  std::string updated;        ///< YYYY-MM-DD or ""
  std::string sort_date;      ///< the later of date/updated, for "recent"
  size_t words = 0;
  bool has_math = false;
  bool ok = true;             ///< false when the file could not be read at all
  std::vector<std::string> written_tags;  ///< front matter tags, then inline #tags, as written
  std::vector<int> links_to;  ///< notes this one links to (wikilinks and Markdown links), deduplicated
  std::vector<NoteLink> outlinks;  ///< every link to a page of the site, in order
  std::vector<NoteEmbed> embeds;   ///< notes it transcludes, by marker index
  std::vector<std::string> section_summaries;  ///< first paragraph under each of `headings`
  std::string local_graph;    ///< inline SVG of its neighbourhood
  std::vector<int> related;   ///< notes ranked by shared tags and links, not linked yet
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
  int index_note = -1;                ///< index.md / README.md of the folder
  std::vector<int> notes;             ///< ordinary pages directly inside, by title
  std::vector<std::string> children;  ///< sub-folders (source paths), by name
  size_t total_notes = 0;             ///< pages at any depth below
};

/// Everything the later stages need: notes, assets, folders and the lookup
/// tables from source paths to outputs.
struct Site {
  std::vector<Note> notes;
  std::vector<Asset> assets;
  std::map<std::string, Folder> folders;               ///< by source path, sorted
  std::unordered_map<std::string, int> note_by_source;
  std::unordered_map<std::string, int> asset_by_source;
  int home_note = -1;
  /// Pages that send an alias on to its note: output path -> note index.
  std::vector<std::pair<std::string, int>> redirects;

  const Folder* folder(const std::string& source) const {
    auto it = folders.find(source);
    return it == folders.end() ? nullptr : &it->second;
  }
};

/// "db/imgs" -> "db/imgs" slugged per segment: "数据库 Notes/img" -> "数据库-notes/img".
std::string slug_folder_path(const std::string& folder);

/// The folder part of a relative path ("a/b/c.md" -> "a/b", "c.md" -> "").
std::string parent_of(const std::string& rel);

}  // namespace studywiki
