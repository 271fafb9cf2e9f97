#include "search/sections.h"

#include "core/utf8.h"

namespace studywiki::search {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// The value of attribute `name` in a tag's attribute text, entities not decoded.
std::string_view attribute(std::string_view attrs, std::string_view name) {
  size_t pos = 0;
  while ((pos = attrs.find(name, pos)) != std::string_view::npos) {
    const bool boundary = pos == 0 || attrs[pos - 1] == ' ' || attrs[pos - 1] == '\t' || attrs[pos - 1] == '\n';
    size_t eq = pos + name.size();
    if (boundary && eq < attrs.size() && attrs[eq] == '=') {
      size_t start = eq + 1;
      if (start < attrs.size() && (attrs[start] == '"' || attrs[start] == '\'')) {
        const char quote = attrs[start];
        size_t end = attrs.find(quote, start + 1);
        if (end == std::string_view::npos) end = attrs.size();
        return attrs.substr(start + 1, end - start - 1);
      }
      size_t end = start;
      while (end < attrs.size() && attrs[end] != ' ' && attrs[end] != '>') ++end;
      return attrs.substr(start, end - start);
    }
    pos = eq;
  }
  return {};
}

bool has_attribute(std::string_view attrs, std::string_view name) {
  size_t pos = attrs.find(name);
  return pos != std::string_view::npos && (pos == 0 || attrs[pos - 1] == ' ');
}

bool has_class(std::string_view attrs, std::string_view cls) {
  std::string_view value = attribute(attrs, "class");
  size_t pos = 0;
  while ((pos = value.find(cls, pos)) != std::string_view::npos) {
    const size_t end = pos + cls.size();
    if ((pos == 0 || value[pos - 1] == ' ') && (end == value.size() || value[end] == ' ')) return true;
    pos = end;
  }
  return false;
}

/// Decodes the entity at html[pos] == '&' into `out`; returns the bytes consumed.
size_t decode_entity(std::string_view html, size_t pos, std::string& out) {
  const size_t semi = html.find(';', pos);
  if (semi == std::string_view::npos || semi - pos > 10) {
    out += '&';
    return 1;
  }
  const std::string_view name = html.substr(pos + 1, semi - pos - 1);
  char32_t cp = 0;
  if (name == "amp") cp = '&';
  else if (name == "lt") cp = '<';
  else if (name == "gt") cp = '>';
  else if (name == "quot") cp = '"';
  else if (name == "apos") cp = '\'';
  else if (name == "nbsp") cp = 0xA0;
  else if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    for (size_t i = hex ? 2 : 1; i < name.size(); ++i) {
      const char c = name[i];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0 || cp > 0x10FFFF) {
        cp = 0;
        break;
      }
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  }
  if (cp == 0) {
    out += '&';
    return 1;
  }
  utf8::append(out, cp);
  return semi - pos + 1;
}

bool is_block(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",   "div", "li", "ul", "ol", "br", "tr", "td", "th", "table", "blockquote", "pre", "hr",
      "section", "dt", "dd", "dl", "details", "summary", "figcaption", "thead", "tbody", "nav",
      "h1", "h2", "h3", "h4", "h5", "h6"};
  for (auto b : kBlocks)
    if (name == b) return true;
  return false;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string cut_code_points(const std::string& s, size_t max) {
  size_t pos = 0, count = 0;
  while (pos < s.size() && count < max) {
    utf8::next(s, pos);
    ++count;
  }
  return s.substr(0, pos);
}

std::vector<SectionText> split_sections(std::string_view html, const std::vector<markdown::Heading>& headings) {
  std::vector<SectionText> sections(1);
  std::string text;           // the current section's shown text
  std::string link_text, link_href;
  bool in_link = false, in_heading = false, skip_anchor = false;
  std::string heading_text;
  int heading_level = 0;
  int embed_depth = 0;        // > 0 inside an embedded note
  auto finish = [&]() {
    sections.back().text = collapse_whitespace(text);
    text.clear();
  };
  auto add_text = [&](std::string_view s) {
    if (skip_anchor) return;
    if (in_heading) {
      heading_text += s;
      return;
    }
    text += s;
    if (in_link) link_text += s;
    else sections.back().body += s;
  };
  for (size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '&') {
      if (embed_depth > 0) {
        ++i;
        continue;
      }
      std::string decoded;
      i += decode_entity(html, i, decoded);
      add_text(decoded);
      continue;
    }
    if (c != '<') {
      size_t next = i;
      while (next < html.size() && html[next] != '<' && html[next] != '&') ++next;
      if (embed_depth == 0) add_text(html.substr(i, next - i));
      i = next;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    // A tag: its name and attributes, quotes respected.
    size_t j = i + 1;
    const bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    const size_t name_start = j;
    while (j < html.size() && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
                               (html[j] >= '0' && html[j] <= '9')))
      ++j;
    if (j == name_start) {  // not a tag: a literal '<'
      if (embed_depth == 0) add_text("<");
      ++i;
      continue;
    }
    std::string name;
    for (size_t k = name_start; k < j; ++k) name += lower(html[k]);
    const size_t attrs_start = j;
    char quote = 0;
    while (j < html.size() && (quote || html[j] != '>')) {
      if (quote) {
        if (html[j] == quote) quote = 0;
      } else if (html[j] == '"' || html[j] == '\'') {
        quote = html[j];
      }
      ++j;
    }
    const std::string_view attrs = html.substr(attrs_start, j - attrs_start);
    i = j < html.size() ? j + 1 : html.size();

    if (embed_depth > 0) {
      if (name == "div") embed_depth += closing ? -1 : 1;
      continue;
    }
    if (!closing && (name == "script" || name == "style")) {
      const size_t end = html.find("</" + name, i);
      i = end == std::string_view::npos ? html.size() : end;
      continue;
    }
    if (!closing && name == "div" && (has_class(attrs, "embed"))) {
      embed_depth = 1;
      add_text("\n");
      continue;
    }
    const bool heading_tag = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
    if (heading_tag && !closing && !in_heading) {
      const std::string_view id = attribute(attrs, "id");
      if (!id.empty()) {
        finish();
        sections.emplace_back();
        std::string anchor;
        for (size_t k = 0; k < id.size();) {
          if (id[k] == '&') k += decode_entity(id, k, anchor);
          else anchor += id[k++];
        }
        sections.back().anchor = anchor;
        in_heading = true;
        heading_level = name[1] - '0';
        heading_text.clear();
        continue;
      }
    }
    if (heading_tag && closing && in_heading && name[1] - '0' == heading_level) {
      in_heading = false;
      std::string heading = collapse_whitespace(heading_text);
      for (const auto& h : headings)
        if (h.id == sections.back().anchor) {
          heading = h.text;
          break;
        }
      sections.back().heading = heading;
      continue;
    }
    if (name == "a") {
      if (!closing) {
        if (has_class(attrs, "anchor")) {
          skip_anchor = true;
        } else if (!in_heading && !in_link && !has_class(attrs, "tag") &&
                   !has_attribute(attrs, "data-footnote-ref") && !has_attribute(attrs, "data-footnote-backref")) {
          in_link = true;
          link_text.clear();
          link_href = std::string(attribute(attrs, "href"));
        }
      } else if (skip_anchor) {
        skip_anchor = false;
      } else if (in_link) {
        in_link = false;
        const std::string t = collapse_whitespace(link_text);
        // A bare URL is text, not a link name.
        if (t.empty() || t == link_href || starts_with(t, "http://") || starts_with(t, "https://") ||
            starts_with(t, "www."))
          sections.back().body += link_text;
        else
          sections.back().links.push_back(t);
      }
      continue;
    }
    if (is_block(name)) add_text("\n");
  }
  finish();
  return sections;
}

}  // namespace studywiki::search
