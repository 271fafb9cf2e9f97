#include "links/wikilinks.h"

#include <doctest/doctest.h>

#include "../test_site.h"

using namespace studywiki;
using Kind = markdown::WikiResolution::Kind;

namespace {

void add_note(Site& site, const std::string& source, const std::string& title, const std::string& out,
              const std::string& markdown, std::vector<std::string> aliases = {}) {
  test::add_note(site, source, title, out, markdown, std::move(aliases));
}

/// A vault where a note and a folder share a name, two notes share a title,
/// and titles differ only in width or case.
Site vault() {
  Site site;
  add_note(site, "网络.md", "网络", "网络.html", "# 网络\n");
  add_note(site, "网络/TCP.md", "TCP 三次握手", "网络/tcp.html", "## 为什么是三次？\n\n## TIME_WAIT\n", {"握手"});
  add_note(site, "db/Redis 持久化.md", "Redis 持久化", "db/redis-持久化.html", "## AOF\n");
  add_note(site, "db/notes.md", "Notes", "db/notes.html", "x\n");
  add_note(site, "net/notes.md", "Notes", "net/notes.html", "x\n");
  add_note(site, "db/ID.md", "ID 生成", "db/id.html", "x\n");
  site.places.folders[""] = Folder{"", "", "index.html", std::nullopt, test::ids({}), {"db", "net", "网络"}, 6};
  site.places.folders["网络"] = Folder{"网络", "网络", "网络/index.html", std::nullopt, test::ids({1}), {}, 1};
  site.places.folders["db"] = Folder{"db", "db", "db/index.html", std::nullopt, test::ids({2, 3, 5}), {}, 3};
  site.places.folders["net"] = Folder{"net", "net", "net/index.html", std::nullopt, test::ids({4}), {}, 1};
  site.places.assets.push_back({"算法/imgs/bst.svg", "算法/imgs/bst.svg", "算法/imgs/bst.svg"});
  site.places.asset_by_source["算法/imgs/bst.svg"] = 0;
  return site;
}

markdown::WikiLink wiki(std::string target, std::string heading = "", bool embed = false) {
  markdown::WikiLink l;
  l.target = std::move(target);
  l.heading = std::move(heading);
  l.embed = embed;
  l.raw = std::string(embed ? "!" : "") + "[[" + l.target + (l.heading.empty() ? "" : "#" + l.heading) + "]]";
  l.line = 2;
  l.col = 5;
  return l;
}

}  // namespace

TEST_CASE("wikilinks resolve by path, title, file name and alias, ignoring case and width") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  const NoteId from(2);  // db/Redis 持久化.md
  CHECK(index.resolve(from, wiki("网络/TCP"), d).href == "../网络/tcp.html");  // path
  CHECK(index.resolve(from, wiki("tcp 三次握手"), d).href == "../网络/tcp.html");  // title, any case
  CHECK(index.resolve(from, wiki("TCP.md"), d).href == "../网络/tcp.html");       // file name with extension
  CHECK(index.resolve(from, wiki("握手"), d).href == "../网络/tcp.html");         // alias
  CHECK(index.resolve(from, wiki(" ｉｄ 生成 "), d).href == "id.html");           // width, spaces
  auto r = index.resolve(from, wiki("TCP 三次握手"), d);
  CHECK(r.kind == Kind::Page);
  CHECK(r.title == "TCP 三次握手");
  CHECK(d.sorted().empty());
}

TEST_CASE("a note's title beats a folder's name; a trailing slash names the folder") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  CHECK(index.resolve(NoteId(2), wiki("网络"), d).href == "../网络.html");
  CHECK(index.resolve(NoteId(2), wiki("网络/"), d).href == "../网络/index.html");
  CHECK(d.sorted().empty());
}

TEST_CASE("headings are checked; [[#Heading]] stays on the page") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  CHECK(index.resolve(NoteId(2), wiki("TCP 三次握手", "TIME_WAIT"), d).href == "../网络/tcp.html#time_wait");
  CHECK(index.resolve(NoteId(2), wiki("TCP 三次握手", "为什么是三次？"), d).href ==
        "../网络/tcp.html#为什么是三次");
  CHECK(index.resolve(NoteId(2), wiki("", "AOF"), d).href == "#aof");
  CHECK(d.sorted().empty());
  index.resolve(NoteId(2), wiki("TCP 三次握手", "四次挥手"), d);
  auto all = d.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].to_string() ==
        "content/db/Redis 持久化.md:2:5: warning: broken anchor [[TCP 三次握手#四次挥手]]: no heading '四次挥手' in "
        "content/网络/TCP.md");
}

TEST_CASE("ambiguous links go to the nearest note and name every candidate") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  // From db/, "Notes" is first a path relative to the note: no ambiguity.
  CHECK(index.resolve(NoteId(2), wiki("Notes"), d).href == "notes.html");
  CHECK(d.sorted().empty());
  // From 网络/, two notes have that title, neither nearer: the first in path order.
  CHECK(index.resolve(NoteId(1), wiki("Notes"), d).href == "../db/notes.html");
  auto all = d.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].to_string() ==
        "content/网络/TCP.md:2:5: warning: ambiguous link [[Notes]]: 2 notes match by title "
        "(content/db/notes.md, content/net/notes.md); using content/db/notes.md");
}

TEST_CASE("broken links and embeds of files") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  auto img = index.resolve(NoteId(2), wiki("bst.svg", "", true), d);
  CHECK(img.kind == Kind::Image);
  CHECK(img.href == "../算法/imgs/bst.svg");
  CHECK(index.resolve(NoteId(2), wiki("Redis持久化"), d).kind == Kind::Broken);
  CHECK(index.resolve(NoteId(2), wiki("nope.png", "", true), d).kind == Kind::Broken);
  auto all = d.sorted();
  REQUIRE(all.size() == 2);
  CHECK(all[0].message == "broken embed ![[nope.png]]: no such file in the site");
  CHECK(all[1].message == "broken link [[Redis持久化]]; did you mean [[Redis 持久化]]?");
}

TEST_CASE("did you mean: titles, file names, aliases and headings, with the exact diagnostic") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  auto link = wiki("TCP 三次握", "TIME_WAIT");
  link.line = 12;
  index.resolve(NoteId(2), link, d);                        // a title, one character short
  index.resolve(NoteId(2), wiki("握 x"), d);                // no: one shared character is not enough
  index.resolve(NoteId(2), wiki("握 手 x"), d);             // the alias 握手
  index.resolve(NoteId(2), wiki("TCP 三次握手", "为什么三次"), d);  // a heading
  index.resolve(NoteId(2), wiki("Redsi 持久化", "", true), d);   // an embed, Latin typo
  index.resolve(NoteId(2), wiki("完全无关的名字"), d);
  std::vector<std::string> lines;
  for (const auto& x : d.sorted()) lines.push_back(x.to_string());
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  INFO(all);
  CHECK(lines == std::vector<std::string>{  // by position, then message
      "content/db/Redis 持久化.md:2:5: warning: broken anchor [[TCP 三次握手#为什么三次]]: no heading '为什么三次' in "
      "content/网络/TCP.md; did you mean [[TCP 三次握手#为什么是三次？]]?",
      "content/db/Redis 持久化.md:2:5: warning: broken embed ![[Redsi 持久化]]; did you mean ![[Redis 持久化]]?",
      "content/db/Redis 持久化.md:2:5: warning: broken link [[完全无关的名字]]",
      "content/db/Redis 持久化.md:2:5: warning: broken link [[握 x]]",
      "content/db/Redis 持久化.md:2:5: warning: broken link [[握 手 x]]; did you mean [[握手]]?",
      "content/db/Redis 持久化.md:12:5: warning: broken link [[TCP 三次握#TIME_WAIT]]; did you mean "
      "[[TCP 三次握手#TIME_WAIT]]?"});
  int note = -1;
  CHECK(index.suggest("redis持久", &note) == "Redis 持久化");
  CHECK(note == 2);
}

TEST_CASE("rule order: path, then title, then file name, then alias") {
  Site site;
  add_note(site, "home.md", "Home", "home.html", "x\n");
  add_note(site, "order/Alpha.md", "Beta", "order/alpha.html", "x\n");             // title Beta
  add_note(site, "order/Beta.md", "Gamma", "order/beta.html", "x\n");              // file name Beta, title Gamma
  add_note(site, "order/Delta.md", "Delta", "order/delta.html", "x\n", {"Gamma", "Epsilon"});
  add_note(site, "Beta.md", "Top", "beta.html", "x\n");                              // path "Beta" from the top
  site.places.folders[""] = Folder{"", "", "index.html", std::nullopt, test::ids({0, 4}), {"order"}, 5};
  site.places.folders["order"] = Folder{"order", "order", "order/index.html", std::nullopt, test::ids({1, 2, 3}), {}, 3};
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  const NoteId home(0);
  const NoteId in_order(3);
  links::WikiIndex::Target t;
  // From the top, "Beta" is a path (Beta.md) before it is a title.
  CHECK(index.resolve(home, wiki("Beta"), d, &t).href == "beta.html");
  CHECK(t.note == NoteId(4));
  // From order/, the path relative to the note comes first: order/Beta.md.
  CHECK(index.resolve(in_order, wiki("Beta"), d, &t).href == "beta.html");
  CHECK(t.note == NoteId(2));
  // A title beats an alias: "Gamma" is order/Beta.md's title and Delta's alias.
  CHECK(index.resolve(home, wiki("gamma"), d, &t).href == "order/beta.html");
  // The alias alone: the link reads as the alias.
  auto by_alias = index.resolve(home, wiki("ＥＰＳＩＬＯＮ"), d, &t);
  CHECK(by_alias.href == "order/delta.html");
  CHECK(by_alias.title == "ＥＰＳＩＬＯＮ");
  CHECK(t.note == NoteId(3));
  // A file name (stem) when no path or title matches.
  add_note(site, "order/Zeta file.md", "Something else", "order/zeta-file.html", "x\n");
  links::WikiIndex again(site.notes, site.places);
  CHECK(again.resolve(home, wiki("zeta FILE"), d, &t).href == "order/zeta-file.html");
  CHECK(d.sorted().empty());
}

TEST_CASE("what a link reached: note, heading id, folder; files that are not images are links") {
  Site site = vault();
  site.places.assets.push_back({"db/paper.pdf", "db/paper.pdf", "db/paper.pdf"});
  site.places.asset_by_source["db/paper.pdf"] = 1;
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  links::WikiIndex::Target t;
  index.resolve(NoteId(2), wiki("TCP 三次握手", "为什么是三次？"), d, &t);
  CHECK(t.note == NoteId(1));
  CHECK(t.heading == "为什么是三次");
  CHECK_FALSE(t.is_folder);
  index.resolve(NoteId(2), wiki("网络/"), d, &t);
  CHECK_FALSE(t.note.has_value());
  CHECK(t.is_folder);
  CHECK(t.folder == "网络");
  index.resolve(NoteId(2), wiki("", "AOF"), d, &t);
  CHECK(t.note == NoteId(2));  // the note itself
  CHECK(t.heading == "aof");
  auto pdf = index.resolve(NoteId(2), wiki("paper.pdf", "", true), d, &t);
  CHECK(pdf.kind == Kind::Page);
  CHECK(pdf.href == "paper.pdf");
  CHECK(index.anchor_id(1, "time_wait") == "time_wait");
  CHECK(index.anchor_id(1, "TIME_WAIT") == "time_wait");
  CHECK(index.anchor_id(1, "为什么是三次？") == "为什么是三次");
  CHECK(index.anchor_id(1, "nope") == "");
  CHECK(index.anchor_id(99, "x") == "");
  CHECK(d.sorted().empty());
}

TEST_CASE("a name with a dot is a note unless a file has it or a known file extension ends it") {
  Site site = vault();
  add_note(site, "tech/Node.js.md", "Node.js", "tech/node.js.html", "x\n");
  add_note(site, "tech/v1.2.md", "v1.2", "tech/v1.2.html", "x\n");
  add_note(site, "tech/Vue 3.x 响应式.md", "Vue 3.x 响应式", "tech/vue-3.x-响应式.html", "x\n");
  site.places.assets.push_back({"db/diagram.png", "db/diagram.png", "db/diagram.png"});
  site.places.asset_by_source["db/diagram.png"] = 1;
  site.places.assets.push_back({"db/plan.canvas", "db/plan.canvas", "db/plan.canvas"});
  site.places.asset_by_source["db/plan.canvas"] = 2;
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  const NoteId from(2);  // db/Redis 持久化.md
  auto node = index.resolve(from, wiki("Node.js"), d);
  CHECK(node.kind == Kind::Page);
  CHECK(node.href == "../tech/node.js.html");
  CHECK(index.resolve(from, wiki("v1.2"), d).href == "../tech/v1.2.html");
  CHECK(index.resolve(from, wiki("Vue 3.x 响应式"), d).href == "../tech/vue-3.x-响应式.html");
  CHECK(index.resolve(from, wiki("diagram.png", "", true), d).kind == Kind::Image);
  CHECK(index.resolve(from, wiki("Plan.canvas"), d).href == "plan.canvas");  // a long extension
  CHECK(d.sorted().empty());
  // Nothing of that name: a known extension is a missing file (offered a file of
  // the same kind), anything else a missing note.
  index.resolve(from, wiki("diagramm.png", "", true), d);
  index.resolve(from, wiki("Node.jss"), d);
  std::vector<std::string> messages;
  for (const auto& x : d.sorted()) messages.push_back(x.message);
  CHECK(messages == std::vector<std::string>{
                        "broken embed ![[diagramm.png]]: no such file in the site; did you mean ![[diagram.png]]?",
                        "broken link [[Node.jss]]; did you mean [[Node.js]]?"});
}

TEST_CASE("heading chains [[Note#A#B]] and block references [[Note#^id]]") {
  Site site;
  add_note(site, "Guide.md", "Guide", "guide.html",
           "# Guide\n\n## Setup\n\n### Linux\n\nSteps. ^linux-steps\n\n## Usage\n\n### Linux\n\n### macOS\n\n"
           "- item ^item-1\n\n| a |\n|---|\n| 1 |\n\n^table-1\n");
  add_note(site, "Other.md", "Other", "other.html", "x\n");
  site.places.folders[""] = Folder{"", "", "index.html", std::nullopt, test::ids({0, 1}), {}, 2};
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  links::WikiIndex::Target t;
  const NoteId from(1);
  CHECK(index.resolve(from, wiki("Guide", "Setup#Linux"), d, &t).href == "guide.html#linux");
  CHECK(t.heading == "linux");
  CHECK(index.resolve(from, wiki("Guide", "Usage#Linux"), d, &t).href == "guide.html#linux-1");
  CHECK(t.heading == "linux-1");
  CHECK(index.resolve(from, wiki("Guide", "Guide#Usage#macOS"), d).href == "guide.html#macos");
  CHECK(index.resolve(from, wiki("Guide", " Usage # macOS "), d).href == "guide.html#macos");
  CHECK(index.resolve(from, wiki("Guide", "^linux-steps"), d, &t).href == "guide.html#linux-steps");
  CHECK(t.heading == "^linux-steps");
  CHECK(index.resolve(from, wiki("Guide", "^ITEM-1"), d).href == "guide.html#item-1");
  CHECK(index.resolve(NoteId(0), wiki("", "^table-1"), d).href == "#table-1");
  CHECK(index.anchor_id(0, "^table-1") == "^table-1");
  CHECK(index.anchor_id(0, "Usage#Linux") == "linux-1");
  CHECK(d.sorted().empty());
  index.resolve(from, wiki("Guide", "Setup#macOS"), d);  // macOS is under Usage
  index.resolve(from, wiki("Guide", "^linux-step"), d);
  index.resolve(from, wiki("Guide", "^zzz", true), d);
  std::vector<std::string> messages;
  for (const auto& x : d.sorted()) messages.push_back(x.message);
  CHECK(messages == std::vector<std::string>{
                        "broken anchor ![[Guide#^zzz]]: no block '^zzz' in content/Guide.md",
                        "broken anchor [[Guide#Setup#macOS]]: no heading 'macOS' under 'Setup' in content/Guide.md",
                        "broken anchor [[Guide#^linux-step]]: no block '^linux-step' in content/Guide.md; did you "
                        "mean [[Guide#^linux-steps]]?"});
  CHECK(links::anchor_label("Usage#macOS") == "Usage \xE2\x80\xBA macOS");
  CHECK(links::anchor_label("^id") == "");
}
