#pragma once
#include <string>
#include <vector>

#include "config/site_config.h"
#include "content/site.h"

namespace studywiki {

struct SitemapEntry {
  std::string out;      ///< output path, e.g. "db/redis.html"
  std::string lastmod;  ///< YYYY-MM-DD or ""
};

/// sitemap.xml; URLs are absolute from base_url when set, else relative.
std::string render_sitemap(std::vector<SitemapEntry> entries, const SiteConfig& config);

/// feed.xml (RSS 2.0) of the newest notes.
std::string render_feed(const Site& site, const SiteConfig& config);

std::string xml_escape(const std::string& text);

}  // namespace studywiki
