// Media as Obsidian shows it: what an image or an embed becomes when its
// target is not a picture (audio, video, PDF, a YouTube or Bilibili video),
// the width written in its alt text, and the box a missing image leaves.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "markdown/labels.h"

namespace studywiki::markdown {

/// `![alt|250](x.png)` / `![250](x.png)` / `![[x.png|250x100]]`: the alt text
/// without the size, and the size ("250", "250x100") when one is written.
struct AltAndSize {
  std::string alt;
  std::string width;   ///< digits, or ""
  std::string height;  ///< digits, or ""
};
AltAndSize split_alt_size(std::string_view alt);

enum class MediaKind { Image, Audio, Video, Pdf, YouTube, Bilibili };

/// The privacy-friendly player URL of a YouTube or Bilibili video page or
/// player (`watch?v=`, `youtu.be/`, `/shorts/`, `/embed/`, `bilibili.com/video/BV…`,
/// `player.bilibili.com/player.html?…`), keeping only its id and start time:
/// `https://www.youtube-nocookie.com/embed/ID?start=42`,
/// `https://player.bilibili.com/player.html?bvid=BV…&autoplay=0`; "" for any
/// other URL. Markdown images and raw-HTML <iframe>s both go through it.
std::string video_player_url(std::string_view url);

/// What `url` shows when it is embedded: by its extension (ignoring case, a
/// query and a fragment) or, for video sites, by its address.
MediaKind media_kind(std::string_view url);

/// The HTML of an embedded `url` (already rewritten and safe to put in an
/// attribute once escaped) that is not an image: <audio controls>, <video
/// controls>, a PDF viewer with a link to the file, a video-site player in
/// a privacy-enhanced frame (titled with the alt text, else `labels.video`).
/// nullopt for images (the caller keeps its <img>).
std::optional<std::string> media_html(std::string_view url, const AltAndSize& alt, const Labels& labels = {});

/// The box a missing image leaves: its alt text and the path it named,
/// titled `labels.missing_image`, its accessible name
/// `labels.missing_image_named` with the alt text (else the path):
///   <span class="broken-image" title="Missing image" role="img" aria-label="Missing image: ALT">
///   <span class="broken-image-alt">ALT</span><code class="broken-image-path">PATH</code></span>
/// (without alt text, no broken-image-alt span).
std::string broken_image_html(std::string_view alt, std::string_view path, const Labels& labels = {});
/// The same box as the HTML before and after its alt text, for a caller that
/// keeps the alt text as a text node (so plain text and search still see it).
std::pair<std::string, std::string> broken_image_parts(std::string_view alt, std::string_view path,
                                                       const Labels& labels = {});

}  // namespace studywiki::markdown
