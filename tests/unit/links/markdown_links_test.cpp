// Markdown links and images resolved as Obsidian resolves them.
#include <doctest/doctest.h>

#include "links/wikilinks.h"

#include "../test_site.h"

using namespace studywiki;

namespace {

void add_note(Site& site, const std::string& source, const std::string& out, const std::string& markdown) {
  const std::string name = source.substr(source.rfind('/') == std::string::npos ? 0 : source.rfind('/') + 1);
  test::add_note(site, source, name.substr(0, name.rfind('.')), out, markdown);
}

void add_asset(Site& site, const std::string& source) { test::add_asset(site, source); }

Site vault() {
  Site site;
  add_note(site, "Reading/Notes.md", "reading/notes.html", "# Notes\n\n## Heading One\n\nText ^para-1\n");
  add_note(site, "Reading/Other note.md", "reading/other-note.html", "x\n");
  add_note(site, "Booklists/README.md", "booklists/index.html", "x\n");
  add_note(site, "BackEnd/Elasticsearch/README.md", "backend/elasticsearch/index.html", "x\n");
  add_note(site, "Guides/Readme.md", "guides/index.html", "## Install\n");
  add_note(site, "Top.md", "top.html", "x\n");
  add_note(site, "a/Same.md", "a/same.html", "x\n");
  add_note(site, "b/Same.md", "b/same.html", "x\n");
  add_note(site, "Diagram.md", "diagram.html", "x\n");
  add_asset(site, "Attachments/bases.png");
  add_asset(site, "Attachments/diagram.png");
  add_asset(site, "docs/paper.pdf");
  for (const char* f : {"", "Reading", "Booklists", "BackEnd", "BackEnd/Elasticsearch", "Guides", "a", "b"}) {
    Folder folder;
    folder.source = f;
    folder.out = std::string(f).empty() ? "index.html" : std::string(f) + "/index.html";
    site.places.folders[f] = folder;
  }
  return site;
}

std::vector<std::string> lines(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.sorted()) out.push_back(x.to_string());
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("Markdown links: relative, then from the top, then by name anywhere, case ignored") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  const NoteId notes(0);  // Reading/Notes.md
  links::WikiIndex::Target t;
  CHECK(index.resolve_url(notes, "Other%20note.md", false, 3, 1, d, &t) == "other-note.html");
  CHECK(t.note == NoteId(1));
  CHECK(index.resolve_url(notes, "Top.md", false, 3, 1, d) == "../top.html");                 // from the top
  CHECK(index.resolve_url(notes, "Booklists/README.md", false, 3, 1, d) == "../booklists/index.html");
  CHECK(index.resolve_url(notes, "Guides/README.md", false, 3, 1, d) == "../guides/index.html");  // Readme.md
  CHECK(index.resolve_url(notes, "readme.md", false, 3, 1, d, &t).has_value());  // by name: three, warned below
  CHECK(index.resolve_url(notes, "Elasticsearch/README.md", false, 3, 1, d) ==
        "../backend/elasticsearch/index.html");  // a path suffix
  CHECK(index.resolve_url(notes, "bases.png#interface", true, 3, 1, d) == "../Attachments/bases.png#interface");
  CHECK(index.resolve_url(notes, "../x/../Attachments/BASES.png", true, 3, 1, d) == "../Attachments/bases.png");
  CHECK(index.resolve_url(notes, "paper.pdf#page=2", false, 3, 1, d) == "../docs/paper.pdf#page=2");
  CHECK(index.resolve_url(NoteId(5), "Same.md", false, 4, 2, d) == "a/same.html");
  CHECK(lines(d) == V{
      "content/Reading/Notes.md:3:1: warning: ambiguous link 'readme.md': 3 notes match by file name "
      "(content/Booklists/README.md, content/BackEnd/Elasticsearch/README.md, content/Guides/Readme.md); using "
      "content/Booklists/README.md",
      "content/Top.md:4:2: warning: ambiguous link 'Same.md': 2 notes match by file name (content/a/Same.md, "
      "content/b/Same.md); using content/a/Same.md"});
}

TEST_CASE("Markdown fragments are checked like wikilink headings and point at the element's id") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  const NoteId top(5);
  links::WikiIndex::Target t;
  CHECK(index.resolve_url(top, "Reading/Notes.md#Heading%20One", false, 2, 1, d, &t) ==
        "reading/notes.html#heading-one");
  CHECK(t.heading == "heading-one");
  CHECK(index.resolve_url(top, "Reading/Notes.md#^para-1", false, 2, 1, d, &t) == "reading/notes.html#para-1");
  CHECK(t.heading == "^para-1");
  CHECK(index.resolve_url(NoteId(0), "#heading-one", false, 2, 1, d) == std::nullopt);  // fine as written
  CHECK(index.resolve_url(NoteId(0), "#Heading%20One", false, 2, 1, d) == "#heading-one");
  CHECK(index.resolve_url(NoteId(0), "#^para-1", false, 2, 1, d) == "#para-1");
  CHECK(index.resolve_url(NoteId(0), "#top", false, 2, 1, d) == std::nullopt);  // the browser's own
  CHECK(index.resolve_url(NoteId(0), "#", false, 2, 1, d) == std::nullopt);
  CHECK(d.sorted().empty());
  CHECK(index.resolve_url(NoteId(0), "#nope", false, 7, 3, d) == std::nullopt);
  CHECK(index.resolve_url(top, "Guides/Readme.md#instal", false, 8, 1, d) == "guides/index.html#instal");
  CHECK(lines(d) == V{
      "content/Reading/Notes.md:7:3: warning: broken anchor '#nope': no heading 'nope' in content/Reading/Notes.md",
      "content/Top.md:8:1: warning: broken anchor 'Guides/Readme.md#instal': no heading 'instal' in "
      "content/Guides/Readme.md; did you mean 'Guides/Readme.md#install'?"});
}

TEST_CASE("Markdown did you mean: the file of that name sharing the folders written; images only get images") {
  Site site = vault();
  links::WikiIndex index(site.notes, site.places);
  Diagnostics d;
  const NoteId notes(0);
  CHECK(index.resolve_url(notes, "./Others/Booklists/README.md", false, 5, 1, d) == "");
  CHECK(index.resolve_url(notes, "diagramm.png", true, 6, 1, d) == "");
  CHECK(index.resolve_url(notes, "Diagrm.png", true, 7, 1, d) == "");
  CHECK(index.resolve_url(notes, "Diagam.md", false, 8, 1, d) == "");
  CHECK(index.resolve_url(notes, "Nothing/README.md", false, 9, 1, d) == "");
  CHECK(index.resolve_url(notes, "../../x.md", false, 10, 1, d) == "");
  CHECK(lines(d) == V{
      "content/Reading/Notes.md:5:1: warning: broken link './Others/Booklists/README.md': no such file in the site; "
      "did you mean '../Booklists/README.md'?",
      "content/Reading/Notes.md:6:1: warning: broken image 'diagramm.png': no such file in the site; did you mean "
      "'../Attachments/diagram.png'?",
      "content/Reading/Notes.md:7:1: warning: broken image 'Diagrm.png': no such file in the site; did you mean "
      "'../Attachments/diagram.png'?",
      "content/Reading/Notes.md:8:1: warning: broken link 'Diagam.md': no such file in the site; did you mean "
      "'../Diagram.md'?",
      "content/Reading/Notes.md:9:1: warning: broken link 'Nothing/README.md': no such file in the site",
      "content/Reading/Notes.md:10:1: warning: link '../../x.md' points outside the site"});
}
