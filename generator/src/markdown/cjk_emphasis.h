// CJK-friendly emphasis (tats-u/markdown-cjk-friendly, the CommonMark
// amendment that markdig and GitLab adopted) on top of cmark-gfm, which
// cannot be patched: a pass over the parsed inline tree.
//
// CommonMark's flanking rule fails when a delimiter run sits between CJK
// punctuation and a CJK letter (`**提倡并促进信息分享文化。**组织中的`,
// `这是**（括号）**文字`, `~~删除。~~后面`): the asterisks stay text. The
// amendment changes only what counts as left-/right-flanking when a CJK
// character (East Asian Width W/F/H and not an emoji, or Hangul; a
// variation selector after one; an ideographic variation selector) is next
// to the run, so text without CJK characters parses exactly as before.
//
// How: for each inline container (paragraph, heading, table cell, link
// text, image alt), the children are flattened back into what cmark's
// delimiter algorithm saw — text, `*`/`_`/`~` delimiter runs (also those
// cmark already paired into <em>, <strong>, <del>, turned back into runs),
// and opaque inlines (code spans, math, raw HTML, links, breaks) — with the
// characters the runs touched in the raw text (a code span's '`', a link's
// ')', an escape's '\\', a line start). When a run's can-open/can-close
// differ under the amended rule, the container is rebuilt by running
// cmark-gfm's own process_emphasis (mirrored here, including GFM's `~`
// strikethrough and the skipping of `~` around `*`) with the amended
// flags; otherwise the container is left exactly as cmark made it. Link
// text is its own container, as in cmark, so emphasis never crosses a
// link's brackets; code, math and URLs are opaque and never searched.
#pragma once

#include <string_view>

#include "markdown/internal.h"

namespace studywiki::markdown::detail {

/// The specification's "CJK character": East Asian Width W, F or H and not
/// an emoji presentation character, or Hangul script.
bool is_cjk_character(char32_t cp);

enum class EmphasisRule {
  CjkFriendly,  // the amended rule, applied where it changes something
  CommonMark,   // rebuild every container with CommonMark's rule (tests: equals cmark's output)
};

/// Cheap check on a whole note: could any container need the pass?
bool may_need_cjk_emphasis(std::string_view source);

/// Re-pairs delimiter runs under `rule`. `source` is the text cmark parsed
/// (positions of text and emphasis nodes refer to it); `starts` gets the
/// start of every text node the pass makes.
void apply_cjk_emphasis(cmark_node* root, const LineIndex& source, StartOverrides& starts,
                        EmphasisRule rule = EmphasisRule::CjkFriendly);

}  // namespace studywiki::markdown::detail
