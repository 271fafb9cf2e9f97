#include "markdown/highlight.h"

#include "core/hash.h"

#include <srchilite/formatter.h>
#include <srchilite/formattermanager.h>
#include <srchilite/langdefmanager.h>
#include <srchilite/langmap.h>
#include <srchilite/regexrulefactory.h>
#include <srchilite/settings.h>
#include <srchilite/sourcehighlighter.h>
#include <srchilite/versions.h>

#include <boost/make_shared.hpp>

#include <array>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/escape.h"

namespace studywiki::markdown {

namespace {

// Bumped whenever the HTML this file writes changes, so an old cache file is
// not trusted.
constexpr std::string_view kCacheMagic = "studywiki highlight cache 1\n";

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The element names of source-highlight's default.style (and style.defaults):
// each gets its class; others (rare, language-specific) stay plain text, and
// so do punctuation (symbol, cbracket), which the palettes leave in the
// text colour: a span around every `(` and `;` would only weigh the page.
constexpr std::array kElements = {
    "keyword",  "type",       "usertype", "string",   "regexp",   "specialchar", "comment",    "number",
    "preproc",  "function",   "todo",     "code",     "predef_var", "predef_func",
    "classname", "url",       "date",     "time",     "ip",       "variable",    "argument",   "optionalargument",
    "math",     "bibtex",     "oldfile",  "newfile",  "difflines", "selector",   "property",   "value",
    "atom",     "meta",       "path",     "label",    "error",    "warning",     "section",    "attribute",
    "name",
};

/// Collects the formatted pieces of one block as HTML, one span per run of
/// one element.
struct Sink {
  std::string out;
  std::string_view open;  // the element of the open span, "" when none

  void put(std::string_view elem, std::string_view text) {
    if (text.empty()) return;
    if (elem != open) {
      if (!open.empty()) out += "</span>";
      open = elem;
      if (!open.empty()) {
        out += "<span class=\"hl-";
        out += open;
        out += "\">";
      }
    }
    append_html_escaped(out, text);
  }
  void newline() {  // spans end with their line
    if (!open.empty()) out += "</span>";
    open = {};
    out += '\n';
  }
  std::string finish() {
    if (!open.empty()) out += "</span>";
    open = {};
    return std::move(out);
  }
};

class SpanFormatter : public srchilite::Formatter {
 public:
  SpanFormatter(Sink*& sink, std::string_view elem) : sink_(sink), elem_(elem) {}
  void format(const std::string& s, const srchilite::FormatterParams*) override {
    if (sink_ != nullptr) sink_->put(elem_, s);
  }

 private:
  Sink*& sink_;
  std::string_view elem_;  // "" for normal text
};

/// source-highlight itself: everything here runs under `mutex`.
struct Engine {
  std::mutex mutex;
  bool ready = false;
  std::string data_dir;
  std::unique_ptr<srchilite::LangMap> lang_map;
  std::unique_ptr<srchilite::RegexRuleFactory> rule_factory;
  std::unique_ptr<srchilite::LangDefManager> lang_defs;
  std::unique_ptr<srchilite::FormatterManager> formatters;
  Sink* sink = nullptr;
  std::unordered_map<std::string, srchilite::HighlightStatePtr> states;  // by .lang file
  std::unordered_map<std::string, std::string> files;                    // language word -> .lang file or ""

  void init() {
    if (ready) return;
    ready = true;
    try {
      data_dir = srchilite::Settings::retrieveDataDir();
      if (data_dir.empty()) data_dir = srchilite::Settings::getDefaultDataDir();
      if (!std::filesystem::exists(std::filesystem::path(data_dir) / "lang.map")) return;
      lang_map = std::make_unique<srchilite::LangMap>(data_dir, "lang.map");
      lang_map->open();
      rule_factory = std::make_unique<srchilite::RegexRuleFactory>();
      lang_defs = std::make_unique<srchilite::LangDefManager>(rule_factory.get());
      formatters = std::make_unique<srchilite::FormatterManager>(boost::make_shared<SpanFormatter>(sink, ""));
      for (const char* e : kElements) formatters->addFormatter(e, boost::make_shared<SpanFormatter>(sink, e));
    } catch (...) {
      lang_map.reset();
    }
  }

  std::string file_for(std::string_view language) {
    init();
    if (!lang_map) return "";
    const std::string word = lower_ascii(language);
    if (auto it = files.find(word); it != files.end()) return it->second;
    // Fence names source-highlight's lang.map lacks, mapped to the nearest definition it has.
    static const std::unordered_map<std::string_view, std::string_view> kAliases = {
        {"c++", "cpp"},       {"rust", "rs"},       {"golang", "go"},     {"ts", "js"},
        {"typescript", "js"}, {"jsx", "js"},        {"tsx", "js"},        {"mjs", "js"},
        {"node", "js"},       {"py3", "python"},    {"python3", "python"}, {"c#", "cs"},
        {"mysql", "sql"},     {"postgresql", "sql"}, {"postgres", "sql"}, {"plsql", "sql"},
        {"sqlite", "sql"},    {"psql", "sql"},      {"vue", "html"},      {"svg", "xml"},
        {"scss", "css"},      {"less", "css"},      {"make", "makefile"}, {"toml", "ini"},
        {"nginx", "conf"},    {"kt", ""},           {"yaml", ""},         {"yml", ""},
        {"text", ""},         {"txt", ""},          {"plain", ""},        {"plaintext", ""},
        {"mermaid", ""},      {"console", ""},      {"output", ""},
    };
    std::string key = word;
    if (auto a = kAliases.find(word); a != kAliases.end()) key = std::string(a->second);
    std::string file;
    if (!key.empty()) {
      try {
        file = lang_map->getMappedFileName(key);
      } catch (...) {
        file.clear();
      }
    }
    if (file == "nohilite.lang") file.clear();
    if (!file.empty() && !std::filesystem::exists(std::filesystem::path(data_dir) / file)) file.clear();
    files.emplace(word, file);
    return file;
  }

  std::optional<std::string> highlight(const std::string& file, std::string_view code) {
    try {
      auto it = states.find(file);
      if (it == states.end()) it = states.emplace(file, lang_defs->getHighlightState(data_dir, file)).first;
      srchilite::SourceHighlighter highlighter(it->second);
      highlighter.setFormatterManager(formatters.get());
      highlighter.setOptimize(false);
      Sink out;
      sink = &out;
      std::size_t start = 0;
      while (start < code.size()) {
        std::size_t end = code.find('\n', start);
        const bool has_newline = end != std::string_view::npos;
        if (!has_newline) end = code.size();
        highlighter.highlightParagraph(std::string(code.substr(start, end - start)));
        if (has_newline) out.newline();
        start = end + 1;
      }
      sink = nullptr;
      return out.finish();
    } catch (...) {
      sink = nullptr;
      states.erase(file);
      return std::nullopt;
    }
  }
};

Engine& engine() {
  static Engine e;
  return e;
}

struct CacheEntry {
  std::string html;
  bool used = false;
};

struct Cache {
  std::mutex mutex;
  std::unordered_map<std::string, CacheEntry> entries;  // by file + '\0' + code
  HighlightCacheStats stats;
};

Cache& cache() {
  static Cache c;
  return c;
}

std::string header() {
  std::string h(kCacheMagic);
  h += "source-highlight ";
  h += srchilite::Versions::getVersion();
  h += '\n';
  return h;
}

/// "KEYLEN VALUELEN\n": a record's header (decimal, so the file is text).
void put_lengths(std::string& out, std::size_t k, std::size_t v) {
  out += std::to_string(k);
  out += ' ';
  out += std::to_string(v);
  out += '\n';
}

bool get_number(std::string_view data, std::size_t& pos, char end, std::size_t& v) {
  const std::size_t start = pos;
  v = 0;
  while (pos < data.size() && data[pos] >= '0' && data[pos] <= '9' && pos - start < 12) v = v * 10 + (data[pos++] - '0');
  if (pos == start || pos >= data.size() || data[pos] != end) return false;
  ++pos;
  return true;
}

}  // namespace

std::string highlight_language_file(std::string_view language) {
  if (language.empty()) return "";
  Engine& e = engine();
  std::lock_guard lock(e.mutex);
  return e.file_for(language);
}

std::optional<std::string> highlight_code(std::string_view language, std::string_view code) {
  // source-highlight searches the rest of the line for every rule at every
  // token: time grows with the square of a line's length (an 8 KB line of
  // minified JSON took 2 s). Blocks with such lines, or too much of them, stay plain.
  if (code.size() > kMaxHighlightBlock) return std::nullopt;
  std::size_t work = 0;  // the sum of the lines' squared lengths
  for (std::size_t start = 0; start < code.size();) {
    std::size_t end = code.find('\n', start);
    if (end == std::string_view::npos) end = code.size();
    if (end - start > kMaxHighlightLine) return std::nullopt;
    work += (end - start) * (end - start);
    start = end + 1;
  }
  if (work > kMaxHighlightWork) return std::nullopt;
  const std::string file = highlight_language_file(language);
  if (file.empty()) return std::nullopt;
  std::string key = file;
  key += '\0';
  key.append(code);
  Cache& c = cache();
  {
    std::lock_guard lock(c.mutex);
    if (auto it = c.entries.find(key); it != c.entries.end()) {
      it->second.used = true;
      ++c.stats.hits;
      return it->second.html;
    }
  }
  std::optional<std::string> html;
  {
    Engine& e = engine();
    std::lock_guard lock(e.mutex);
    html = e.highlight(file, code);
  }
  if (!html) return std::nullopt;
  std::lock_guard lock(c.mutex);
  ++c.stats.misses;
  c.entries.try_emplace(std::move(key), CacheEntry{*html, true});
  return html;
}

HighlightCacheStats highlight_cache_stats() {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  HighlightCacheStats s = c.stats;
  s.entries = c.entries.size();
  return s;
}

bool read_highlight_cache(std::string_view data) {
  const std::string head = header();
  if (data.substr(0, head.size()) != head) return false;
  // The last line is "end " and the checksum of everything before it: damaged bytes are not trusted.
  constexpr std::size_t kTrailer = 4 + 16 + 1;
  if (data.size() < head.size() + kTrailer) return false;
  const std::string_view trailer = data.substr(data.size() - kTrailer);
  data = data.substr(0, data.size() - kTrailer);
  if (trailer != "end " + hex64(fnv1a64(data)) + "\n") return false;
  std::size_t pos = head.size();
  std::vector<std::pair<std::string, std::string>> read;
  while (pos < data.size()) {
    std::size_t klen = 0, vlen = 0;
    if (!get_number(data, pos, ' ', klen) || !get_number(data, pos, '\n', vlen) || data.size() - pos < klen + vlen)
      return false;
    read.emplace_back(data.substr(pos, klen), data.substr(pos + klen, vlen));
    pos += klen + vlen;
  }
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  for (auto& [k, v] : read)
    if (c.entries.try_emplace(std::move(k), CacheEntry{std::move(v), false}).second) ++c.stats.loaded;
  return true;
}

std::string highlight_cache_file(bool keep_unused) {
  std::string data = header();
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  std::vector<const std::pair<const std::string, CacheEntry>*> used;
  for (const auto& e : c.entries)
    if (e.second.used || keep_unused) used.push_back(&e);
  std::sort(used.begin(), used.end(), [](auto* x, auto* y) { return x->first < y->first; });
  for (const auto* e : used) {
    put_lengths(data, e->first.size(), e->second.html.size());
    data += e->first;
    data += e->second.html;
  }
  data += "end " + hex64(fnv1a64(data)) + "\n";
  return data;
}

void clear_highlight_cache() {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  c.entries.clear();
  c.stats = {};
}

}  // namespace studywiki::markdown
