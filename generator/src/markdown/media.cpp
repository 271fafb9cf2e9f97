#include "markdown/media.h"

#include "markdown/internal.h"

namespace studywiki::markdown {

namespace {

using detail::escape_html;

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// The path part of a URL: without its query and fragment.
std::string_view path_of(std::string_view url) {
  const size_t cut = url.find_first_of("?#");
  return cut == std::string_view::npos ? url : url.substr(0, cut);
}

/// The host of an absolute http(s) URL, lower-cased, without "www." and "m.".
std::string host_of(std::string_view url) {
  const std::string lower = lower_ascii(url.substr(0, 12));
  size_t start;
  if (lower.rfind("https://", 0) == 0) start = 8;
  else if (lower.rfind("http://", 0) == 0) start = 7;
  else return "";
  const size_t end = url.find_first_of("/?#", start);
  std::string host = lower_ascii(url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  for (const char* prefix : {"www.", "m."})
    if (host.rfind(prefix, 0) == 0) host = host.substr(std::string_view(prefix).size());
  return host;
}

/// A video id: letters, digits, '-' and '_' only (it goes into a URL we build).
bool is_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

std::string query_value(std::string_view url, std::string_view key) {
  const size_t q = url.find('?');
  if (q == std::string_view::npos) return "";
  std::string_view query = url.substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.size() > key.size() && pair.substr(0, key.size()) == key && pair[key.size()] == '=')
      return std::string(pair.substr(key.size() + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

/// youtube.com/watch?v=ID, youtu.be/ID, youtube.com/shorts/ID, youtube.com/embed/ID.
std::string youtube_id(std::string_view url) {
  const std::string host = host_of(url);
  std::string_view path = path_of(url);
  const size_t after_host = path.find('/', path.find("//") + 2);
  path = after_host == std::string_view::npos ? std::string_view() : path.substr(after_host);
  std::string id;
  if (host == "youtu.be") {
    id = std::string(path.substr(path.empty() ? 0 : 1));
  } else if (host == "youtube.com" || host == "youtube-nocookie.com" || host == "music.youtube.com") {
    if (path == "/watch") id = query_value(url, "v");
    for (const char* prefix : {"/shorts/", "/embed/", "/live/"})
      if (path.rfind(prefix, 0) == 0) id = std::string(path.substr(std::string_view(prefix).size()));
  }
  if (const size_t slash = id.find('/'); slash != std::string::npos) id.resize(slash);
  return is_id(id) ? id : "";
}

/// bilibili.com/video/BV…
std::string bilibili_id(std::string_view url) {
  if (host_of(url) != "bilibili.com") return "";
  std::string_view path = path_of(url);
  const size_t at = path.find("/video/");
  if (at == std::string_view::npos) return "";
  std::string id(path.substr(at + 7));
  if (const size_t slash = id.find('/'); slash != std::string::npos) id.resize(slash);
  return is_id(id) && (id.rfind("BV", 0) == 0 || id.rfind("av", 0) == 0) ? id : "";
}

std::string size_attributes(const AltAndSize& a) {
  std::string out;
  if (!a.width.empty()) out += " width=\"" + a.width + "\"";
  if (!a.height.empty()) out += " height=\"" + a.height + "\"";
  return out;
}

/// A video site's player in a lazy, sandboxed frame, with a link to the video.
std::string video_site_html(const std::string& player, const std::string& src, const std::string& label,
                            const std::string& title, const AltAndSize& alt) {
  return "<span class=\"media-embed video-site\"><iframe src=\"" + player + "\"" + title +
         " loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\" allowfullscreen"
         " sandbox=\"allow-scripts allow-same-origin allow-presentation\"" +
         size_attributes(alt) + "></iframe><a href=\"" + src + "\">" + (label.empty() ? src : label) + "</a></span>";
}

}  // namespace

AltAndSize split_alt_size(std::string_view alt) {
  AltAndSize out;
  std::string_view text = alt, size;
  if (const size_t bar = alt.rfind('|'); bar != std::string_view::npos) {
    text = alt.substr(0, bar);
    size = alt.substr(bar + 1);
  } else {
    size = alt;  // ![250](x.png): the whole alt is the size
    text = {};
  }
  while (!size.empty() && size.front() == ' ') size.remove_prefix(1);
  while (!size.empty() && size.back() == ' ') size.remove_suffix(1);
  const size_t x = size.find('x');
  const std::string_view w = size.substr(0, x), h = x == std::string_view::npos ? std::string_view() : size.substr(x + 1);
  if (all_digits(w) && (x == std::string_view::npos || all_digits(h))) {
    out.alt = detail::trim_spaces(text);
    out.width = std::string(w);
    out.height = std::string(h);
  } else {
    out.alt = std::string(alt);
  }
  return out;
}

MediaKind media_kind(std::string_view url) {
  if (!youtube_id(url).empty()) return MediaKind::YouTube;
  if (!bilibili_id(url).empty()) return MediaKind::Bilibili;
  const std::string path = lower_ascii(path_of(url));
  auto ends = [&](std::string_view ext) {
    return path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  };
  for (const char* ext : {".mp3", ".ogg", ".wav", ".m4a", ".flac", ".oga", ".opus", ".3gp"})
    if (ends(ext)) return MediaKind::Audio;
  for (const char* ext : {".mp4", ".webm", ".ogv", ".mov", ".mkv"})
    if (ends(ext)) return MediaKind::Video;
  if (ends(".pdf")) return MediaKind::Pdf;
  return MediaKind::Image;
}

std::optional<std::string> media_html(std::string_view url, const AltAndSize& alt) {
  const std::string src = escape_html(url);
  const std::string label = escape_html(alt.alt);
  const std::string title = alt.alt.empty() ? "" : " title=\"" + label + "\"";
  switch (media_kind(url)) {
    case MediaKind::Image:
      return std::nullopt;
    case MediaKind::Audio:
      return "<audio class=\"media-embed\" controls preload=\"metadata\" src=\"" + src + "\"" + title + "></audio>";
    case MediaKind::Video:
      return "<video class=\"media-embed\" controls preload=\"metadata\" src=\"" + src + "\"" + title +
             size_attributes(alt) + "></video>";
    case MediaKind::Pdf: {
      std::string name = alt.alt;
      if (name.empty()) {
        const std::string_view path = path_of(url);
        const size_t slash = path.rfind('/');
        name = std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
      }
      return "<span class=\"media-embed pdf-embed\"><object data=\"" + src + "\" type=\"application/pdf\"" +
             size_attributes(alt) + "></object><a href=\"" + src + "\">" + escape_html(name) + "</a></span>";
    }
    case MediaKind::YouTube:
      // youtube-nocookie.com: no cookie is set until the reader plays it.
      return video_site_html("https://www.youtube-nocookie.com/embed/" + youtube_id(url), src, label, title, alt);
    case MediaKind::Bilibili:
      return video_site_html("https://player.bilibili.com/player.html?bvid=" + bilibili_id(url) + "&amp;autoplay=0",
                             src, label, title, alt);
  }
  return std::nullopt;
}

std::pair<std::string, std::string> broken_image_parts(std::string_view alt, std::string_view path) {
  std::string open = "<span class=\"broken-image\" title=\"missing image\" role=\"img\" aria-label=\"" +
                     escape_html(alt.empty() ? path : alt) + "\">";
  std::string close = "<code class=\"broken-image-path\">" + escape_html(path) + "</code></span>";
  if (!alt.empty()) {
    open += "<span class=\"broken-image-alt\">";
    close = "</span>" + close;
  }
  return {open, close};
}

std::string broken_image_html(std::string_view alt, std::string_view path) {
  auto [open, close] = broken_image_parts(alt, path);
  return open + escape_html(alt) + close;
}

}  // namespace studywiki::markdown
