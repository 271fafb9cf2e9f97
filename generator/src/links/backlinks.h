#pragma once
#include <map>
#include <string>
#include <vector>

#include "content/site.h"
#include "core/excerpt.h"
#include "links/mentions.h"

namespace studywiki::links {

/// A note that links to (or mentions) a page, with the sentences it does so in.
struct Reference {
  NoteId source;                  ///< the linking note
  std::vector<Excerpt> contexts;  ///< at most kMaxContexts, in the order written
};

/// Who links to what, for the "反向链接" and "未链接的提及" lists.
/// Lists are sorted by the linking note's title (ICU's Chinese collation:
/// pinyin for Chinese, letters ignoring case for Latin), then its path. A note's links to itself do not count.
struct CrossLinks {
  static constexpr size_t kMaxContexts = 3;
  PerNote<std::vector<Reference>> backlinks;              ///< by note
  std::map<std::string, std::vector<Reference>> folder_backlinks;  ///< by folder source: links to the folder's page
  PerNote<std::vector<Reference>> mentions;               ///< by note: unlinked mentions
};

/// Backlinks from every note's outlinks. A link to a folder's index note
/// counts as a link to the folder's page, and the other way round.
CrossLinks collect_backlinks(const Site& site);

/// Unlinked mentions: the bodies stage searches every note's prose
/// (Document::prose_text) in one multi-pattern pass (mention_finder()) for
/// the titles and aliases of the site's pages; a hit in a note that does not
/// link to that page is a mention of it, with the sentence around it
/// (Body::mentions, find_mentions()). This gathers them by page.
void collect_mentions(const Site& site, CrossLinks& cross, unsigned jobs);

/// The automaton for the titles and aliases of the site's pages.
MentionFinder mention_finder(const PerNote<LoadedNote>& notes, const Places& places);

/// The pages `prose` names without `self` linking to them (`links_to`, sorted).
std::vector<Body::Mention> find_mentions(const MentionFinder& finder, const markdown::Document::Prose& prose,
                                         NoteId self, const std::vector<NoteId>& links_to);

/// Sorts references by the source note's title (as above), then path.
void sort_references(const Site& site, std::vector<Reference>& refs);

}  // namespace studywiki::links
