#include "markdown/media.h"

#include <algorithm>

#include "markdown/internal.h"

namespace studywiki::markdown {

namespace {

using detail::escape_html;

/// One to `max` ASCII digits.
bool digits_up_to(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

/// A video id: letters, digits, '-' and '_' only (it goes into a URL we build).
bool is_id(std::string_view id, std::size_t min, std::size_t max) {
  if (id.size() < min || id.size() > max) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
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
  if (digits_up_to(w, 5) && (x == std::string_view::npos || digits_up_to(h, 5))) {
    out.alt = detail::trim_spaces(text);
    out.width = std::string(w);
    out.height = std::string(h);
  } else {
    out.alt = std::string(alt);
  }
  return out;
}

std::string video_player_url(std::string_view src) {
  std::string url = detail::trim_spaces(src);
  const std::string l = lower_ascii(url);
  std::size_t i = 0;
  if (l.rfind("https:", 0) == 0) i = 6;
  else if (l.rfind("http:", 0) == 0) i = 5;
  if (l.compare(i, 2, "//") != 0) return "";
  i += 2;
  const std::size_t host_end = std::min(l.find_first_of("/?#", i), l.size());
  const std::string host = l.substr(i, host_end - i);
  const std::size_t query_at = url.find('?', host_end);
  const std::size_t hash_at = url.find('#', host_end);
  const std::string path = url.substr(host_end, std::min(query_at, hash_at) - host_end);
  std::string query;
  if (query_at != std::string::npos)
    query = url.substr(query_at + 1,
                       (hash_at == std::string::npos || hash_at < query_at ? url.size() : hash_at) - query_at - 1);
  auto param = [&](std::string_view name) -> std::string {
    for (std::size_t p = 0; p <= query.size();) {
      std::size_t amp = query.find('&', p);
      if (amp == std::string::npos) amp = query.size();
      const std::string_view kv = std::string_view(query).substr(p, amp - p);
      if (kv.size() > name.size() && kv.substr(0, name.size()) == name && kv[name.size()] == '=')
        return std::string(kv.substr(name.size() + 1));
      p = amp + 1;
    }
    return "";
  };
  auto seconds = [](std::string t) {
    if (!t.empty() && t.back() == 's') t.pop_back();
    return digits_up_to(t, 6) ? t : std::string();
  };
  std::string id;
  if (host == "youtube.com" || host == "www.youtube.com" || host == "m.youtube.com" ||
      host == "music.youtube.com" || host == "youtube-nocookie.com" || host == "www.youtube-nocookie.com") {
    if (path == "/watch") id = param("v");
    for (const char* prefix : {"/embed/", "/shorts/", "/live/"})
      if (path.rfind(prefix, 0) == 0) id = path.substr(std::string_view(prefix).size());
  } else if (host == "youtu.be") {
    id = path.substr(std::min<std::size_t>(1, path.size()));
  } else if (host == "player.bilibili.com" && path == "/player.html") {
    std::string out = "https://player.bilibili.com/player.html?";
    const std::string bvid = param("bvid");
    const std::string aid = param("aid");
    if (is_id(bvid, 10, 14)) out += "bvid=" + bvid;
    else if (digits_up_to(aid, 12)) out += "aid=" + aid;
    else return "";
    if (const std::string cid = param("cid"); digits_up_to(cid, 15)) out += "&cid=" + cid;
    if (const std::string page = param("page"); digits_up_to(page, 4)) out += "&page=" + page;
    if (const std::string t = seconds(param("t")); !t.empty()) out += "&t=" + t;
    return out + "&autoplay=0";
  } else if ((host == "www.bilibili.com" || host == "bilibili.com" || host == "m.bilibili.com") &&
             path.rfind("/video/", 0) == 0) {
    std::string bvid = path.substr(7);
    if (!bvid.empty() && bvid.back() == '/') bvid.pop_back();
    if (!is_id(bvid, 10, 14)) return "";
    return "https://player.bilibili.com/player.html?bvid=" + bvid + "&autoplay=0";
  } else {
    return "";
  }
  if (!id.empty() && id.back() == '/') id.pop_back();
  if (!is_id(id, 6, 20)) return "";
  std::string out = "https://www.youtube-nocookie.com/embed/" + id;
  std::string start = seconds(param("start"));
  if (start.empty()) start = seconds(param("t"));
  if (!start.empty()) out += "?start=" + start;
  return out;
}

MediaKind media_kind(std::string_view url) {
  const std::string player = video_player_url(url);
  if (player.rfind("https://www.youtube-nocookie.com/", 0) == 0) return MediaKind::YouTube;
  if (!player.empty()) return MediaKind::Bilibili;
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

std::optional<std::string> media_html(std::string_view url, const AltAndSize& alt, const Labels& labels) {
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
    case MediaKind::YouTube:  // from youtube-nocookie.com: no cookie until the reader plays it
    case MediaKind::Bilibili:
      // A frame needs a name (its title) to be announced: the alt text, else the theme's word.
      return video_site_html(escape_html(video_player_url(url)), src, label,
                             title.empty() ? " title=\"" + labels.video + "\"" : title, alt);
  }
  return std::nullopt;
}

std::pair<std::string, std::string> broken_image_parts(std::string_view alt, std::string_view path,
                                                       const Labels& labels) {
  std::string name = labels.missing_image_named;
  if (const size_t at = name.find("{{1}}"); at != std::string::npos)
    name.replace(at, 5, escape_html(alt.empty() ? path : alt));
  std::string open = "<span class=\"broken-image\" title=\"" + labels.missing_image + "\" role=\"img\" aria-label=\"" +
                     name + "\">";
  std::string close = "<code class=\"broken-image-path\">" + escape_html(path) + "</code></span>";
  if (!alt.empty()) {
    open += "<span class=\"broken-image-alt\">";
    close = "</span>" + close;
  }
  return {open, close};
}

std::string broken_image_html(std::string_view alt, std::string_view path, const Labels& labels) {
  auto [open, close] = broken_image_parts(alt, path, labels);
  return open + escape_html(alt) + close;
}

}  // namespace studywiki::markdown
