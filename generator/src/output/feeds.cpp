#include "output/feeds.h"

#include <algorithm>

#include "content/slug.h"
#include "core/escape.h"

namespace studywiki {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)  // control characters other than tab and newlines are not allowed in XML
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t' || c == '\r') out += c;
  return html_escape(out);
}

namespace {
std::string url_for(const std::string& out, const SiteConfig& config) {
  std::string path = out == "index.html" ? "" : percent_encode_path(out);
  if (config.base_url.empty()) return path.empty() ? "./" : path;
  return config.base_url + path;
}

/// "2024-03-05" -> "Tue, 05 Mar 2024 00:00:00 +0000" (RFC 822, as RSS wants).
std::string rfc822(const std::string& date) {
  if (date.size() < 10) return "";
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  // Sakamoto's day-of-week.
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  int yy = m < 3 ? y - 1 : y;
  int dow = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d 00:00:00 +0000", days[dow], d, months[m - 1], y);
  return buf;
}
}  // namespace

std::string render_sitemap(std::vector<SitemapEntry> entries, const SiteConfig& config) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.out < b.out; });
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& e : entries) {
    xml += "  <url><loc>" + xml_escape(url_for(e.out, config)) + "</loc>";
    if (!e.lastmod.empty()) xml += "<lastmod>" + e.lastmod + "</lastmod>";
    xml += "</url>\n";
  }
  xml += "</urlset>\n";
  return xml;
}

std::string render_feed(const Site& site, const SiteConfig& config) {
  std::vector<NoteId> notes = pages_newest_first(site);
  if (notes.size() > config.recent_count) notes.resize(config.recent_count);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n";
  xml += "  <title>" + xml_escape(config.title) + "</title>\n";
  xml += "  <link>" + xml_escape(url_for("index.html", config)) + "</link>\n";
  xml += "  <description>" + xml_escape(config.description.empty() ? config.title : config.description) +
         "</description>\n";
  xml += "  <language>" + xml_escape(config.language) + "</language>\n";
  xml += "  <generator>studywiki</generator>\n";
  for (NoteId id : notes) {
    const std::string url = url_for(site.out(id), config);
    const std::string& date = site.dates[id].sort_date;
    xml += "  <item>\n    <title>" + xml_escape(site.notes[id].title) + "</title>\n";
    xml += "    <link>" + xml_escape(url) + "</link>\n";
    xml += "    <guid>" + xml_escape(url) + "</guid>\n";
    if (!date.empty()) xml += "    <pubDate>" + rfc822(date) + "</pubDate>\n";
    xml += "    <description>" + xml_escape(site.bodies[id].summary) + "</description>\n  </item>\n";
  }
  xml += "</channel>\n</rss>\n";
  return xml;
}

}  // namespace studywiki
