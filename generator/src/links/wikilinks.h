#pragma once
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/site.h"
#include "core/diagnostics.h"
#include "links/suggest.h"
#include "markdown/document.h"

namespace studywiki::links {

/// Resolves Obsidian wikilinks (`[[Title]]`, `[[folder/file#Heading|text]]`,
/// `![[image.png]]`, `[[网络/]]`) against every note, folder and file of the
/// site. Order of the rules: exact path (from the linking note's folder, then
/// from the top), then title, then file name, then alias; names compare
/// without case, width (`ＩＤ` = `ID`) or surrounding spaces. When several
/// notes match equally, the one nearest the linking note wins and a warning
/// names every candidate. A target is a file only when a file of the site
/// has that name, or when nothing does and it ends in a known file extension
/// (`[[Node.js]]`, `[[v1.2]]` are notes). After the target, `#Heading`,
/// `#A#B` (heading B in section A) or `#^block-id`. Markdown links and images
/// (resolve_url) follow Obsidian too. Built once, before note bodies render
/// in parallel; read-only afterwards.
class WikiIndex {
 public:
  WikiIndex(const PerNote<LoadedNote>& notes, const Places& places);

  /// What a link reached, for backlinks and previews.
  struct Target {
    std::optional<NoteId> note;  ///< the note linked to
    std::string folder;   ///< the folder linked to by `[[folder/]]` (no note)
    bool is_folder = false;
    std::string heading;  ///< the heading id linked to, "^id" for a block, "" for the whole page
  };

  /// Resolves one wikilink written in `from`; broken, ambiguous and
  /// anchor-less links are reported as warnings at the link. A note embed
  /// (`![[Note]]`) comes back as Kind::Page with link.embed set: the caller
  /// decides whether to transclude it. `target`, when given, receives what
  /// the link reached.
  markdown::WikiResolution resolve(NoteId from, const markdown::WikiLink& link, Diagnostics& diagnostics,
                                   Target* target = nullptr) const;

  /// Resolves a Markdown link or image destination written in `from`, as
  /// Obsidian does: relative to the note, then from the top, then by path
  /// suffix anywhere (`[t](Other.md)`, `![](bases.png#interface)` by file
  /// name; `a/b.md` for any `…/a/b.md`), names compared without case; several
  /// matches by name go to the nearest, with a warning naming them all. A
  /// `#fragment` of a note (also `#` alone, the same note) is checked like a
  /// wikilink's heading (chains and `#^block-id` too) and rewritten to the
  /// element's id; an image's fragment is kept and not looked up. Returns the
  /// new URL, nullopt to keep it (external URLs, a fragment that is fine as
  /// written), or "" for a broken link (warned, with a "did you mean" of the
  /// same kind: an image is only offered images; a path is offered the file
  /// of that name sharing most of its folders).
  std::optional<std::string> resolve_url(NoteId from, const std::string& url, bool is_image, int line, int col,
                                         Diagnostics& diagnostics, Target* target = nullptr) const;

  /// The id of heading `heading` of note `note`: an id as written
  /// (`#aof`), else the heading's text compared like titles, else its
  /// slug; a chain `A#B` is heading B in A's section; `^id` is a block
  /// (its id comes back with the '^'). "" when the note has no such anchor.
  std::string anchor_id(int note, const std::string& heading) const;

  /// "Did you mean": the closest note title, file name or alias to a link
  /// target that matched nothing ("" when none is close); `note`, when
  /// given, receives the note it names (-1 with no suggestion).
  std::string suggest(const std::string& target, int* note = nullptr) const;
  /// The closest heading of note `note` to `heading` ("" when none is close).
  std::string suggest_heading(int note, const std::string& heading) const;

 private:
  struct Anchor {
    std::string key;  ///< fold_key of the heading text
    std::string id;   ///< its anchor id
    std::string text; ///< as written
    int level = 1;
  };
  /// An anchor looked up in a note.
  struct AnchorMatch {
    std::string reached;   ///< heading id, or "^id" for a block; "" when missing
    std::string id;        ///< the element id to link to; "" when missing
    std::string missing;   ///< what is not there: "heading 'B' under 'A'", "block '^x'"
    std::string near;      ///< the anchor as written with the missing part replaced by the closest one, or ""
    std::string near_id;   ///< the element id of `near`
  };
  AnchorMatch find_anchor(int note, const std::string& heading) const;
  /// A file or note reached by a Markdown path (see resolve_url).
  struct PathMatch {
    int note = -1, asset = -1;
    std::string folder;
    bool is_folder = false;
    std::vector<int> ambiguous_notes, ambiguous_assets;  ///< when several matched by name
  };
  PathMatch find_path(const LoadedNote& from, const std::string& decoded) const;
  std::string suggest_path(const LoadedNote& from, const std::string& written, bool image) const;
  std::vector<int> find_notes(const LoadedNote& from, const std::string& target, std::string* rule) const;
  std::vector<int> find_assets(const LoadedNote& from, const std::string& target) const;
  int nearest(const LoadedNote& from, const std::vector<int>& candidates, bool assets) const;

  const PerNote<LoadedNote>& notes_;
  const Places& places_;
  const LoadedNote& note_at(int i) const { return notes_[NoteId(static_cast<size_t>(i))]; }
  const std::string& out_of(int i) const { return places_.notes[NoteId(static_cast<size_t>(i))].out; }
  std::unordered_map<std::string, std::vector<int>> by_path_, by_title_, by_stem_, by_alias_;
  std::unordered_map<std::string, std::vector<int>> asset_by_path_, asset_by_name_;
  std::unordered_map<std::string, std::vector<int>> note_by_name_;  ///< fold_key of the file name with its extension
  std::unordered_map<std::string, std::string> folder_by_key_;  ///< fold_key(path) -> source path
  std::unordered_map<std::string, std::string> folder_key_;     ///< source path -> fold_key(path)
  std::vector<std::vector<Anchor>> anchors_;                    ///< per note
  std::vector<std::vector<std::string>> blocks_;                ///< block ids per note
  Suggester suggester_;                                         ///< titles, file names, aliases
  Suggester image_names_, file_names_;                          ///< file names of images, of every file
};

/// A heading as a link shows it: "A#B" -> "A › B"; a block id is not shown ("^id" -> "").
std::string anchor_label(const std::string& heading);

/// True for the extensions of the files a vault holds besides notes
/// (images, audio, video, PDF, office documents, archives, canvases): what
/// makes `[[x.png]]` a file when no file of that name exists. Not `.js`,
/// `.io`, `.2`: `[[Node.js]]` is a note.
bool is_known_file_extension(const std::string& name);

}  // namespace studywiki::links
