#include "links/embeds.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "core/embedded.h"
#include "core/escape.h"
#include "links/urls.h"

namespace studywiki {

namespace {

constexpr std::string_view kMarker = "<!--sw-embed:";
constexpr int kMaxDepth = 8;
constexpr size_t kMaxBytes = 4u << 20;

/// What can be embedded: a note, or one of its sections.
struct Unit {
  NoteId note;
  std::string heading;  // "" for the whole note, "^id" for a block
  bool operator<(const Unit& o) const { return note != o.note ? note < o.note : heading < o.heading; }
};

struct Marker {
  size_t begin, end;  // the marker's bytes, with its newline
  size_t index;       // into the note's embeds
};

std::vector<Marker> markers_in(std::string_view html) {
  std::vector<Marker> out;
  for (size_t p = html.find(kMarker); p != std::string_view::npos; p = html.find(kMarker, p + 1)) {
    size_t i = p + kMarker.size();
    size_t index = 0;
    const size_t digits = i;
    while (i < html.size() && html[i] >= '0' && html[i] <= '9') index = index * 10 + static_cast<size_t>(html[i++] - '0');
    if (i == digits || html.substr(i, 3) != "-->") continue;
    i += 3;
    if (i < html.size() && html[i] == '\n') ++i;
    out.push_back({p, i, index});
  }
  return out;
}

/// An attribute value as the browser reads it (the entities our HTML
/// escaper writes, decoded).
std::string unescape_attribute(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  static const std::pair<std::string_view, char> entities[] = {
      {"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
  for (size_t i = 0; i < v.size();) {
    bool done = false;
    if (v[i] == '&')
      for (const auto& [name, c] : entities)
        if (v.substr(i, name.size()) == name) {
          out += c;
          i += name.size();
          done = true;
          break;
        }
    if (!done) out += v[i++];
  }
  return out;
}

/// Drops id attributes and rebases href/src from the page `from` to `to`.
std::string move_html(std::string_view html, const std::string& from, const std::string& to) {
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  size_t i = 0;
  while (i < html.size()) {
    const size_t space = html.find(' ', i);
    if (space == std::string_view::npos) break;
    out.append(html.substr(i, space - i));
    std::string_view rest = html.substr(space);
    auto attr = [&](std::string_view name) { return rest.substr(0, name.size()) == name; };
    const bool id = attr(" id=\"");
    const bool link = attr(" href=\"") || attr(" src=\"");
    if (!id && !link) {
      out += ' ';
      i = space + 1;
      continue;
    }
    const size_t open = html.find('"', space);
    const size_t close = html.find('"', open + 1);
    if (close == std::string_view::npos) {
      i = space;
      break;
    }
    if (link) {
      out.append(html.substr(space, open + 1 - space));
      const std::string href = unescape_attribute(html.substr(open + 1, close - open - 1));
      append_html_escaped(out, links::rebase_href(href, from, to));
      out += '"';
    }
    i = close + 1;
  }
  out.append(html.substr(std::min(i, html.size())));
  return out;
}

class Expander {
 public:
  Expander(const PerNote<LoadedNote>& notes, const Places& places, PerNote<Body>& bodies, Diagnostics& diagnostics,
           const UiStrings& strings)
      : notes_(notes), places_(places), bodies_(bodies), diagnostics_(diagnostics), strings_(strings) {}

  void run() {
    std::vector<NoteId> hosts;
    for (NoteId id : bodies_.ids())
      if (!bodies_[id].embeds.empty()) hosts.push_back(id);
    if (hosts.empty()) return;
    // Find cycles first (depth-first, in note order), cutting the embed that closes each.
    for (NoteId h : hosts) visit({h, ""});
    // Then expand every host's body.
    std::map<NoteId, std::string> html;
    for (NoteId h : hosts) html[h] = expanded({h, ""}, 0).html;
    for (auto& [h, body] : html) {
      // A diagram embedded from another note needs Mermaid on this page too.
      if (have_mermaid() && body.find("<pre class=\"mermaid\">") != std::string::npos) bodies_[h].has_mermaid = true;
      bodies_[h].html = std::move(body);
    }
  }

 private:
  const LoadedNote& note(NoteId id) const { return notes_[id]; }
  const Body& body(NoteId id) const { return bodies_[id]; }
  const std::string& out_of(NoteId id) const { return places_.notes[id].out; }

  /// A unit's own HTML, markers not yet expanded.
  const std::string& raw(const Unit& u) {
    auto it = raw_.find(u);
    if (it != raw_.end()) return it->second;
    std::string html;
    if (!u.heading.empty()) {  // ![[Note#Heading]], ![[Note#^id]]: that section or block alone, taken by the bodies stage
      const auto& parts = body(u.note).fragments;
      if (const auto it = parts.find(u.heading); it != parts.end()) html = it->second;
    }
    if (html.empty()) html = body(u.note).html;  // the whole note (also when the heading is the hidden title)
    return raw_.emplace(u, std::move(html)).first->second;
  }

  Unit target(const Unit& u, size_t index) const {
    const NoteEmbed& e = body(u.note).embeds[index];
    return {e.note, e.heading};
  }

  void visit(const Unit& u) {
    if (state_[u] != 0) return;
    state_[u] = 1;
    stack_.push_back(u);
    for (const Marker& m : markers_in(raw(u))) {
      if (m.index >= body(u.note).embeds.size()) continue;
      const Unit t = target(u, m.index);
      const int s = state_[t];
      if (s == 1) {
        report_cycle(u, m.index, t);
      } else if (s == 0) {
        visit(t);
      }
    }
    stack_.pop_back();
    state_[u] = 2;
  }

  void report_cycle(const Unit& u, size_t index, const Unit& t) {
    if (!cut_.insert({u.note, index}).second) return;
    std::string path;
    auto it = std::find_if(stack_.begin(), stack_.end(), [&](const Unit& s) { return !(s < t) && !(t < s); });
    for (; it != stack_.end(); ++it) path += note(it->note).display_path + " \xE2\x86\x92 ";
    path += note(t.note).display_path;
    const NoteEmbed& e = body(u.note).embeds[index];
    diagnostics_.error(note(u.note).display_path, e.line, e.col, "embed cycle: " + path + "; not embedded");
  }

  std::string box_head(const NoteEmbed& e, bool error) const {
    std::string html = error ? "<div class=\"embed embed-error\">" : "<div class=\"embed\">";
    html += "<p class=\"embed-title\"><a class=\"internal\" href=\"";
    append_html_escaped(html, e.href);
    html += "\">";
    append_html_escaped(html, e.label);
    html += "</a></p>\n";
    return html;
  }

  struct Expansion {
    std::string html;
    bool limited = false;  // something in it was cut for depth or size: not reusable elsewhere
  };

  /// A unit's HTML with its embeds expanded, links relative to its own note's
  /// page, at most about kMaxBytes (the host's is the page body). Results cut
  /// by nothing but cycles are the same at any depth: kept for reuse.
  Expansion expanded(const Unit& u, int depth) {
    if (auto it = done_.find(u); it != done_.end()) return {it->second, false};
    const std::string html = raw(u);
    Expansion result;
    std::string& out = result.html;
    size_t at = 0;
    for (const Marker& m : markers_in(html)) {
      out.append(html, at, m.begin - at);
      at = m.end;
      if (m.index >= body(u.note).embeds.size()) continue;
      const NoteEmbed& e = body(u.note).embeds[m.index];
      const bool cut = cut_.count({u.note, m.index}) > 0;
      Expansion inner;
      if (!cut && depth < kMaxDepth && out.size() < kMaxBytes) inner = expanded(target(u, m.index), depth + 1);
      if (cut || depth >= kMaxDepth || out.size() + inner.html.size() > kMaxBytes) {
        result.limited = result.limited || !cut;
        out += box_head(e, true);
        out += "<p class=\"embed-note\">";
        // The theme's words (templates/strings/LANG.yml), e.g. "Embed cycle: not expanded".
        out += strings_.text(cut ? "embed_cycle" : depth >= kMaxDepth ? "embed_too_deep" : "embed_too_long");
        out += "</p>";
        out += "</div>\n";
        continue;
      }
      result.limited = result.limited || inner.limited;
      const Unit t = target(u, m.index);
      out += box_head(e, false);
      out += "<div class=\"embed-body\">\n";
      out += move_html(inner.html, out_of(t.note), out_of(u.note));
      out += "</div></div>\n";
    }
    out.append(html, at, std::string::npos);
    if (!result.limited) done_.emplace(u, out);
    return result;
  }

  const PerNote<LoadedNote>& notes_;
  const Places& places_;
  PerNote<Body>& bodies_;
  Diagnostics& diagnostics_;
  const UiStrings& strings_;
  std::map<Unit, std::string> raw_, done_;
  std::map<Unit, int> state_;  // 0 new, 1 on the stack, 2 done
  std::vector<Unit> stack_;
  std::set<std::pair<NoteId, size_t>> cut_;  // (note, embed index) closing a cycle
};

}  // namespace

void expand_embeds(const PerNote<LoadedNote>& notes, const Places& places, PerNote<Body>& bodies,
                   Diagnostics& diagnostics, const UiStrings& strings) {
  Expander(notes, places, bodies, diagnostics, strings).run();
}

}  // namespace studywiki
