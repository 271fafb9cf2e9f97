#include "links/urls.h"
#include "links/wikilinks.h"

#include <doctest/doctest.h>

#include "../test_site.h"

using namespace studywiki;

TEST_CASE("relative hrefs work at any depth") {
  CHECK(links::root_prefix("index.html") == "");
  CHECK(links::root_prefix("a/b/c.html") == "../../");
  CHECK(links::relative_href("db/a.html", "db/b.html") == "b.html");
  CHECK(links::relative_href("db/a.html", "index.html") == "../index.html");
  CHECK(links::relative_href("index.html", "数据库/index.html") == "数据库/index.html");
  CHECK(links::relative_href("db/x/a.html", "db/y/b.html") == "../y/b.html");
  CHECK(links::relative_href("dbx/a.html", "db/b.html") == "../db/b.html");
}

TEST_CASE("external URLs") {
  CHECK(links::is_external("https://x.org"));
  CHECK(links::is_external("mailto:a@b"));
  CHECK(links::is_external("//cdn/x.js"));
  CHECK_FALSE(links::is_external("a/b.md"));
  CHECK_FALSE(links::is_external("../Redis 持久化.md"));
}

namespace {
Site small_site() {
  Site site;
  test::add_note(site, "db/Redis 持久化.md", "", "db/redis-持久化.html", "## RDB\n\n## 持久化 方式\n");
  test::add_note(site, "net/TCP.md", "", "net/tcp.html", "x\n");
  site.places.assets.push_back({"net/imgs/a b.png", "net/imgs/a b.png", "net/imgs/a b.png"});
  site.places.asset_by_source["net/imgs/a b.png"] = 0;
  site.places.folders["db"] = Folder{"db", "db", "db/index.html", std::nullopt, {}, {}, 1};
  return site;
}
}  // namespace

TEST_CASE("Markdown links to notes, files and folders are rewritten") {
  Site site = small_site();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  const NoteId tcp(1);
  CHECK(index.resolve_url(tcp, "../db/Redis%20持久化.md#rdb", false, 3, 5, d) ==
        "../db/redis-持久化.html#rdb");
  CHECK(index.resolve_url(tcp, "../db/Redis 持久化.md", false, 3, 5, d) ==
        "../db/redis-持久化.html");
  CHECK(index.resolve_url(tcp, "imgs/a%20b.png", true, 3, 5, d) == "imgs/a%20b.png");
  CHECK(index.resolve_url(tcp, "../db/", false, 3, 5, d) == "../db/index.html");
  CHECK(index.resolve_url(tcp, "https://x.org/a.md", false, 3, 5, d) == std::nullopt);
  // A heading's fragment points at its id; a file's is kept, percent-encoded
  // where an href cannot hold it raw.
  CHECK(index.resolve_url(tcp, "../db/Redis 持久化.md#持久化 方式", false, 3, 5, d) ==
        "../db/redis-持久化.html#持久化-方式");
  CHECK(index.resolve_url(tcp, "imgs/a%20b.png?v=1#持久化 方式", true, 3, 5, d) ==
        "imgs/a%20b.png?v=1#%E6%8C%81%E4%B9%85%E5%8C%96%20%E6%96%B9%E5%BC%8F");
  links::WikiIndex::Target t;
  t.note = NoteId(5);
  CHECK(index.resolve_url(tcp, "../db/", false, 3, 5, d, &t) == "../db/index.html");
  CHECK_FALSE(t.note.has_value());
  CHECK(t.folder == "db");
  CHECK(t.is_folder);
  CHECK(index.resolve_url(tcp, "../db/Redis%20持久化.md#RDB", false, 3, 5, d, &t) ==
        "../db/redis-持久化.html#rdb");
  CHECK(t.note == NoteId(0));
  CHECK(t.heading == "rdb");
  CHECK(d.sorted().empty());
}

TEST_CASE("rebase_href moves an href from one page to another") {
  CHECK(links::rebase_href("../db/redis.html", "net/tcp.html", "a/b/c.html") == "../../db/redis.html");
  CHECK(links::rebase_href("imgs/x%20y.png", "net/tcp.html", "index.html") == "net/imgs/x%20y.png");
  CHECK(links::rebase_href("#aof", "db/redis.html", "net/tcp.html") == "../db/redis.html#aof");
  CHECK(links::rebase_href("redis.html#aof", "db/a.html", "db/b.html") == "redis.html#aof");
  CHECK(links::rebase_href("https://x.org/a", "db/a.html", "b.html") == "https://x.org/a");
  CHECK(links::rebase_href("", "db/a.html", "b.html") == "");
  CHECK(links::rebase_href("../../../x.html", "db/a.html", "b.html") == "../../../x.html");
}

TEST_CASE("broken and escaping links are warnings with file:line:col, and rewritten to \"\" (shown as broken)") {
  Site site = small_site();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  CHECK(index.resolve_url(NoteId(1), "missing.md", false, 7, 3, d) == std::string());
  CHECK(index.resolve_url(NoteId(1), "../../etc/passwd", false, 8, 1, d) == std::string());
  auto all = d.sorted();
  REQUIRE(all.size() == 2);
  CHECK(all[0].to_string() == "content/net/TCP.md:7:3: warning: broken link 'missing.md': no such file in the site");
  CHECK(all[1].to_string() == "content/net/TCP.md:8:1: warning: link '../../etc/passwd' points outside the site");
}
