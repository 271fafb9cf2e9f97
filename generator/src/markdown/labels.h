// The words the Markdown layer itself writes into a note's HTML (not the
// note's own): accessible names and tooltips. They are the theme's interface
// strings in the site's language (templates/strings/LANG.yml, keys in the
// comments); the build sets them on each document (Document::set_labels)
// before it resolves links. The defaults are the built-in English strings.
#pragma once

#include <string>

namespace studywiki::markdown {

/// Each is HTML attribute text: put between double quotes as it is (no `"`
/// in it; `&` written as `&amp;`).
struct Labels {
  std::string toc = "Contents";                 // toc_inline: aria-label of a [TOC] box
  std::string broken_link = "Broken link";      // broken_link: title of a link whose target is missing
  std::string missing_image = "Missing image";  // missing_image: title of a missing image's box
  std::string missing_image_named = "Missing image: {{1}}";  // missing_image_label: its aria-label,
                                                             // {{1}} the alt text, else the path
  std::string video = "Video";                  // video: title of a video-site player given none
};

}  // namespace studywiki::markdown
