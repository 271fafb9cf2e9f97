#pragma once
#include "config/ui_strings.h"
#include "content/site.h"
#include "core/diagnostics.h"

namespace studywiki {

/// The embeds stage, after every note's body is rendered: replaces each
/// `<!--sw-embed:N-->` marker in the notes' body HTML by the note, section
/// or block (`^id`) it names (Body::embeds[N]), rendered, with a link to the source:
///
///   <div class="embed"><p class="embed-title"><a class="internal" href="HREF">LABEL</a></p>
///   <div class="embed-body">…</div></div>
///
/// The embedded HTML has its links rebased to the embedding page and its
/// `id` attributes dropped (the page's own ids stay unique; anchors inside
/// point to the source page). Embeds nest. An embed that closes a cycle
/// (a note that, through its embeds, embeds itself) is an error naming the
/// cycle, reported once at that embed, which then renders as
/// `<div class="embed embed-error">` with the link and no content. Nesting
/// deeper than 8, or an embed that would take a page (or an embedded note)
/// past 4 MiB, shows that box too, saying it was not expanded, in the
/// theme's words (`embed_cycle`, `embed_too_deep`, `embed_too_long`).
void expand_embeds(const PerNote<LoadedNote>& notes, const Places& places, PerNote<Body>& bodies,
                   Diagnostics& diagnostics, const UiStrings& strings = UiStrings::builtin_english());

}  // namespace studywiki
