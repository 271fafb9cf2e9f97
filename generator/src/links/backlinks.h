#pragma once
#include <map>
#include <string>
#include <vector>

#include "content/site.h"
#include "core/excerpt.h"

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

/// Unlinked mentions: every note's prose (Document::prose_text) is
/// searched in one multi-pattern pass (MentionFinder) for the titles and
/// aliases of the site's pages; a hit in a note that does not link to that
/// page becomes a mention of it, with the sentence around it.
void collect_mentions(const Site& site, CrossLinks& cross, unsigned jobs);

/// Sorts references by the source note's title (as above), then path.
void sort_references(const Site& site, std::vector<Reference>& refs);

}  // namespace studywiki::links
