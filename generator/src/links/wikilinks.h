#pragma once
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
/// names every candidate. Built once, before note bodies render in parallel;
/// read-only afterwards.
class WikiIndex {
 public:
  explicit WikiIndex(const Site& site);

  /// What a link reached, for backlinks and previews.
  struct Target {
    int note = -1;        ///< the note linked to, else -1
    std::string folder;   ///< the folder linked to by `[[folder/]]` (note == -1)
    bool is_folder = false;
    std::string heading;  ///< the heading id linked to, "" for the whole page
  };

  /// Resolves one wikilink written in `from`; broken, ambiguous and
  /// anchor-less links are reported as warnings at the link. A note embed
  /// (`![[Note]]`) comes back as Kind::Page with link.embed set: the caller
  /// decides whether to transclude it. `target`, when given, receives what
  /// the link reached.
  markdown::WikiResolution resolve(const Note& from, const markdown::WikiLink& link, Diagnostics& diagnostics,
                                   Target* target = nullptr) const;

  /// The id of heading `heading` of note `note`: an id as written
  /// (`#aof`), else the heading's text compared like titles, else its
  /// slug. "" when the note has no such heading.
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
  };
  std::vector<int> find_notes(const Note& from, const std::string& target, std::string* rule) const;
  std::vector<int> find_assets(const Note& from, const std::string& target) const;
  int nearest(const Note& from, const std::vector<int>& candidates, bool assets) const;

  const Site& site_;
  std::unordered_map<std::string, std::vector<int>> by_path_, by_title_, by_stem_, by_alias_;
  std::unordered_map<std::string, std::vector<int>> asset_by_path_, asset_by_name_;
  std::unordered_map<std::string, std::string> folder_by_key_;  ///< fold_key(path) -> source path
  std::unordered_map<std::string, std::string> folder_key_;     ///< source path -> fold_key(path)
  std::vector<std::vector<Anchor>> anchors_;                    ///< per note
  Suggester suggester_;                                         ///< titles, file names, aliases
};

}  // namespace studywiki::links
