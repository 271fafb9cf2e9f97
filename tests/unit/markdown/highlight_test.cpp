#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "markdown/document.h"
#include "markdown/highlight.h"

using studywiki::markdown::Document;
namespace md = studywiki::markdown;

namespace {
std::string render(std::string_view text) { return Document::parse(text).html(); }
bool has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("highlight: a known language gets spans with classes, no inline styles") {
  const std::string html = render("```python\ndef f(x):\n    return \"hi\"  # note\n```\n");
  CHECK(has(html, "<pre><code class=\"language-python\"><span class=\"hl-keyword\">def</span>"));
  CHECK(has(html, "<span class=\"hl-string\">&quot;hi&quot;</span>"));
  CHECK(has(html, "<span class=\"hl-comment\"># note</span>"));
  CHECK(has(html, "</code></pre>\n"));
  CHECK(!has(html, "style="));
  CHECK(!has(html, "<font"));
}

TEST_CASE("highlight: the code's text is unchanged, only escaped") {
  const std::string code = "#include <vector>\nint main() { return a < b && c > d; }\n";
  const std::string html = render("```cpp\n" + code + "```\n");
  CHECK(has(html, "&lt;vector&gt;"));
  CHECK(has(html, "&lt;"));
  CHECK(has(html, "&amp;&amp;"));
  CHECK(!has(html, "<vector>"));
  // Stripping the tags and unescaping gives back the code exactly.
  std::string text;
  const std::string body = html.substr(html.find("\">") + 2);
  for (std::size_t i = 0; i < body.size();) {
    if (body.compare(i, 13, "</code></pre>") == 0) break;
    if (body[i] == '<') {
      i = body.find('>', i) + 1;
    } else if (body[i] == '&') {
      const std::size_t semi = body.find(';', i);
      const std::string ent = body.substr(i, semi - i + 1);
      text += ent == "&lt;" ? "<" : ent == "&gt;" ? ">" : ent == "&amp;" ? "&" : ent == "&quot;" ? "\"" : "'";
      i = semi + 1;
    } else {
      text += body[i++];
    }
  }
  CHECK(text == code);
}

TEST_CASE("highlight: spans end with their line; punctuation is not wrapped") {
  const std::string html = render("```js\n/* a\n   b */\nvar x = f(1);\n```\n");
  CHECK(has(html, "<span class=\"hl-comment\">/* a</span>\n<span class=\"hl-comment\">   b */</span>\n"
                  "<span class=\"hl-keyword\">var</span> x = <span class=\"hl-function\">f</span>(<span class=\"hl-number\">1</span>);\n"));
}

TEST_CASE("highlight: unknown languages and no language stay plain escaped code") {
  CHECK(render("```nosuchlang\na <b> c\n```\n") ==
        "<pre><code class=\"language-nosuchlang\">a &lt;b&gt; c\n</code></pre>\n");
  CHECK(render("```\nif (a < b) return;\n```\n") == "<pre><code>if (a &lt; b) return;\n</code></pre>\n");
  CHECK(render("    int x = 1;\n") == "<pre><code>int x = 1;\n</code></pre>\n");
  CHECK(render("```text\nint x\n```\n") == "<pre><code class=\"language-text\">int x\n</code></pre>\n");
  // A language word with markup in it is escaped in the class.
  CHECK(has(render("```a\"b\nx\n```\n"), "class=\"language-a&quot;b\""));
}

TEST_CASE("highlight: a block with a very long line stays plain (and fast)") {
  std::string line = "var a = [";
  while (line.size() < 20000) line += "{\"k\": 1}, ";
  const auto t0 = std::chrono::steady_clock::now();
  const std::string html = render("```js\nvar b = 1;\n" + line + "\n```\n");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
  CHECK(html.rfind("<pre><code class=\"language-js\">var b = 1;\n", 0) == 0);
  CHECK(!has(html, "<span"));
  CHECK(md::highlight_code("js", std::string(md::kMaxHighlightLine, 'x') + "\n"));
  CHECK(!md::highlight_code("js", std::string(md::kMaxHighlightLine + 1, 'x') + "\n"));
  std::string many;  // lines within the limit, but so many long ones that the block would take seconds
  while (many.size() < 60000) many += std::string(450, 'x') + "\n";
  CHECK(!md::highlight_code("js", many));
}

TEST_CASE("highlight: fence names mapped to source-highlight's languages") {
  CHECK(md::highlight_language_file("python") == "python.lang");
  CHECK(md::highlight_language_file("Py") == "python.lang");
  CHECK(md::highlight_language_file("js") == "javascript.lang");
  CHECK(md::highlight_language_file("ts") == "javascript.lang");
  CHECK(md::highlight_language_file("c++") == "cpp.lang");
  CHECK(md::highlight_language_file("rust") == "rust.lang");
  CHECK(md::highlight_language_file("bash") == "sh.lang");
  CHECK(md::highlight_language_file("sql") == "sql.lang");
  CHECK(md::highlight_language_file("java") == "java.lang");
  CHECK(md::highlight_language_file("go") == "go.lang");
  CHECK(md::highlight_language_file("mermaid").empty());
  CHECK(md::highlight_language_file("txt").empty());
  CHECK(md::highlight_language_file("").empty());
  CHECK(md::highlight_language_file("nosuchlang").empty());
}

TEST_CASE("highlight: queries still see the code block") {
  const Document doc = Document::parse("# T\n\n```python\nprint(1)\n```\n\nafter ^blk\n");
  CHECK(has(doc.plain_text(), "print(1)"));
  CHECK(has(doc.html(), "hl-"));
  CHECK(has(doc.html(), "hl-"));  // rendering twice works (the tree was put back)
  CHECK(has(doc.section_html("t"), "<span class=\"hl-"));
  const Document lone = Document::parse("```python\nprint(1)\n```\n\n^code\n");
  CHECK(has(lone.html(), "<pre id=\"code\"><code class=\"language-python\">"));
  CHECK(has(lone.block_html("code"), "<pre id=\"code\"><code class=\"language-python\">"));
}

TEST_CASE("highlight: code inside lists and quotes is highlighted too") {
  CHECK(has(render("- item\n\n  ```python\n  import os\n  ```\n"), "<span class=\"hl-preproc\">import</span>"));
  CHECK(has(render("> ```python\n> pass\n> ```\n"), "<blockquote>\n<pre><code class=\"language-python\"><span"));
}

TEST_CASE("highlight: identical blocks are highlighted once (in-process cache), from many threads") {
  md::clear_highlight_cache();
  const std::string note = "```java\nclass A { int x = 42; }\n```\n";
  const std::string first = render(note);
  const auto after_one = md::highlight_cache_stats();
  CHECK(after_one.misses == 1);
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) results[t] = render(note + "\n```python\nx = " + std::to_string(i % 5) + "\n```\n");
    });
  for (auto& th : threads) th.join();
  for (const auto& r : results) CHECK(r.substr(0, first.size()) == first);
  const auto stats = md::highlight_cache_stats();
  CHECK(stats.misses <= 1 + 5 + 8);  // each python variant once (a race may do one twice), java once
  CHECK(stats.hits >= 8 * 50);
}

TEST_CASE("highlight: the cache file round-trips and a damaged one is ignored") {
  md::clear_highlight_cache();
  const std::string html = render("```go\nfunc main() {}\n```\n");
  const std::string file = md::highlight_cache_file();
  md::clear_highlight_cache();
  const std::string empty = md::highlight_cache_file();
  CHECK(md::read_highlight_cache(file));
  CHECK(md::highlight_cache_stats().loaded == 1);
  CHECK(md::highlight_cache_file() == empty);  // loaded, unused: not kept
  CHECK(render("```go\nfunc main() {}\n```\n") == html);
  CHECK(md::highlight_cache_stats().misses == 0);
  CHECK(md::highlight_cache_stats().hits == 1);
  CHECK(md::highlight_cache_file() == file);  // used again: kept
  md::clear_highlight_cache();
  CHECK(!md::read_highlight_cache(file.substr(0, file.size() - 3)));  // cut in a record
  CHECK(!md::read_highlight_cache("studywiki highlight cache 0\n"));   // another version
  // A byte changed inside a record, the length kept: the checksum refuses it.
  REQUIRE(file.find("func") != std::string::npos);
  std::string damaged = file;
  damaged[damaged.rfind("func")] = 'X';
  CHECK(!md::read_highlight_cache(damaged));
  CHECK(md::highlight_cache_stats().entries == 0);
  md::clear_highlight_cache();
}

TEST_CASE("mermaid: a ```mermaid block is a <pre class=\"mermaid\"> with its source as text") {
  const Document doc = Document::parse("```mermaid\ngraph TD\n  A[\"<b>\"] --> B & C\n```\n");
  CHECK(doc.html() == "<pre class=\"mermaid\">graph TD\n  A[&quot;&lt;b&gt;&quot;] --&gt; B &amp; C\n</pre>\n");
  CHECK(doc.has_mermaid());
  CHECK(!Document::parse("```python\nx\n```\n").has_mermaid());
  CHECK(!Document::parse("mermaid\n").has_mermaid());
}
