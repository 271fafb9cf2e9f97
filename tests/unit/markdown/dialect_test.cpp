// Runs the golden Markdown -> HTML examples of tests/markdown/dialect.txt
// (cmark's spec.txt format; the file's head says what its options mean).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/document.h"

using studywiki::markdown::Document;
using studywiki::markdown::LineBreaks;
using studywiki::markdown::Options;
using studywiki::markdown::RawHtml;
using studywiki::markdown::WikiLink;
using studywiki::markdown::WikiResolution;

namespace {

const std::string kFence(32, '`');

struct Example {
  int line = 0;          // of the opening fence
  std::string section;   // the `##`/`###` headings above it, "A › B"
  std::vector<std::string> options;
  std::string markdown, html;
};

std::string untab(std::string_view s) {
  constexpr std::string_view kArrow = "\xE2\x86\x92";  // →
  std::string out;
  for (std::size_t at; (at = s.find(kArrow)) != std::string_view::npos; s.remove_prefix(at + kArrow.size())) {
    out.append(s.substr(0, at));
    out += '\t';
  }
  out.append(s);
  return out;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<Example> read_examples(std::istream& in) {
  std::vector<Example> out;
  std::string h2, h3;
  Example* ex = nullptr;
  int state = 0;  // 0 prose, 1 Markdown, 2 HTML
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (state == 0) {
      if (line.rfind("## ", 0) == 0) {
        h2 = line.substr(3);
        h3.clear();
      } else if (line.rfind("### ", 0) == 0) {
        h3 = line.substr(4);
      } else if (line.rfind(kFence + " example", 0) == 0) {
        out.emplace_back();
        ex = &out.back();
        ex->line = number;
        ex->section = h3.empty() ? h2 : h2 + " \xE2\x80\xBA " + h3;
        ex->options = words(std::string_view(line).substr(kFence.size() + 8));
        state = 1;
      }
    } else if (state == 1) {
      if (line == ".") state = 2;
      else ex->markdown += untab(line) + "\n";
    } else if (line == kFence) {
      state = 0;
    } else {
      ex->html += untab(line) + "\n";
    }
  }
  if (state != 0) out.pop_back();  // an example left open: not one
  return out;
}

// resolve_wikilinks: "Missing…" broken, "*.png" embedded an image, the
// rest pages titled "Title of <target>" (none for [[#H]]).
WikiResolution fake_wikilink(const WikiLink& w) {
  WikiResolution r;
  if (w.target.rfind("Missing", 0) == 0) return r;
  const bool image = w.target.size() > 4 && w.target.substr(w.target.size() - 4) == ".png";
  r.kind = image && w.embed ? WikiResolution::Kind::Image : WikiResolution::Kind::Page;
  r.href = (w.target.empty() ? "" : "p/" + w.target + ".html") + (w.heading.empty() ? "" : "#" + w.heading);
  if (image) r.href = "img/" + w.target;
  if (!w.target.empty() && !image) r.title = "Title of " + w.target;
  return r;
}

std::string fake_tag_href(const std::string& name) { return name == "none" ? "" : "../tags/" + name + ".html"; }

// The HTML of one example, or why it cannot be rendered.
bool render(const Example& ex, std::string* html) {
  Options options;
  bool wikilinks = false, tags = false;
  for (const std::string& o : ex.options) {
    if (o == "line_breaks=soft") options.line_breaks = LineBreaks::Soft;
    else if (o == "raw_html=escape") options.raw_html = RawHtml::Escape;
    else if (o == "raw_html=allow") options.raw_html = RawHtml::Allow;
    else if (o == "inline_tags=false") options.inline_tags = false;
    else if (o == "resolve_wikilinks") wikilinks = true;
    else if (o == "resolve_tags") tags = true;
    else {
      *html = "unknown option " + o;
      return false;
    }
  }
  Document doc = Document::parse(ex.markdown, options);
  if (wikilinks) doc.resolve_wikilinks(fake_wikilink);
  if (tags) doc.resolve_tags(fake_tag_href);
  *html = doc.html();
  return true;
}

}  // namespace

TEST_CASE("markdown dialect: every example in tests/markdown/dialect.txt") {
  const std::string path = std::string(STUDYWIKI_SOURCE_DIR) + "/tests/markdown/dialect.txt";
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  const std::vector<Example> examples = read_examples(in);
  REQUIRE_MESSAGE(!examples.empty(), "no examples in " << path);
  int failed = 0;
  for (const Example& ex : examples) {
    std::string got;
    const bool rendered = render(ex, &got);
    if (rendered && got == ex.html) continue;
    ++failed;
    ADD_FAIL_CHECK_AT(path.c_str(), ex.line,
                      "example at line " << ex.line << " (" << ex.section << ")\n  markdown: " << ex.markdown
                                         << "  expected: " << ex.html << "  got:      " << got);
  }
  MESSAGE(examples.size() << " dialect examples, " << failed << " failed");
}
