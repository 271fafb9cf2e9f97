#pragma once
#include <functional>
#include "content/site.h"
#include "core/diagnostics.h"
#include "links/mentions.h"
#include "links/wikilinks.h"
#include "tags/taxonomy.h"

namespace studywiki::links {

/// The bodies stage, in parallel, once every note's title, headings, place
/// and tags are known: each note's links and tags resolved (in its parsed
/// document, which this rewrites), the title heading dropped, its HTML (with
/// a marker where a note is embedded: see links/embeds.h), and every link to
/// a page of the site recorded for backlinks and previews. What later stages
/// need from the parsed document is taken too — the sections and blocks
/// other notes embed (Body::fragments), the unlinked mentions in its prose
/// (Body::mentions, found by `mentions`) — and the document is freed right
/// there, so the site's parsed trees are never all held beside its HTML.
PerNote<Body> render_bodies(PerNote<LoadedNote>& notes, const Places& places, const WikiIndex& wiki,
                            const Taxonomy& taxonomy, const MentionFinder& mentions, Diagnostics& diagnostics,
                            unsigned jobs);

/// One note's body, as render_bodies makes it: `embedded_parts` are the
/// heading ids (or "^id") of its sections and blocks other notes embed. Its
/// parsed document is freed.
Body render_body(NoteId self, LoadedNote& note, const Places& places, const WikiIndex& wiki, const Taxonomy& taxonomy,
                 const PerNote<LoadedNote>& notes, const MentionFinder& mentions,
                 const std::vector<std::string>& embedded_parts, Diagnostics& diagnostics);

/// The heading ids (or "^id") of each note's sections and blocks other notes embed.
PerNote<std::vector<std::string>> embedded_parts(const PerNote<LoadedNote>& notes, const WikiIndex& wiki);

/// The bodies stage for the notes whose `todo` is set; the others' bodies are
/// left as they are, for the caller to fill from the last build's
/// (state/note_cache.h). A note without its parsed document is handed to
/// `parse` first (the worker's thread), and left without a body when it still
/// has none (`parse` says why in `said`). What each body said goes to `said`
/// as well as to `diagnostics`.
void render_some_bodies(PerNote<LoadedNote>& notes, const Places& places, const WikiIndex& wiki,
                        const Taxonomy& taxonomy, const MentionFinder& mentions,
                        const PerNote<std::vector<std::string>>& parts, const std::vector<char>& todo,
                        PerNote<Body>& bodies, PerNote<std::vector<Diagnostic>>& said, Diagnostics& diagnostics,
                        unsigned jobs, const std::function<void(NoteId, LoadedNote&)>& parse = {});

/// Every resolved link, one per line: source, line, col, then the note's
/// source path (or the folder's, ending in '/'), tab-separated; for
/// bench/links_agreement (STUDYWIKI_LINK_DUMP=FILE).
std::string link_dump(const Site& site);

}  // namespace studywiki::links
