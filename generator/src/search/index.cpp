#include "search/index.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "content/site.h"
#include "core/parallel.h"
#include "core/utf8.h"
#include "search/tokenizer.h"
#include "tags/taxonomy.h"

namespace studywiki::search {

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

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

/// Cuts to at most `max` code points (no ellipsis).
std::string cut_code_points(const std::string& s, size_t max) {
  size_t pos = 0, count = 0;
  while (pos < s.size() && count < max) {
    utf8::next(s, pos);
    ++count;
  }
  return s.substr(0, pos);
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '<':
        // "</script" never appears in a file a <script> tag loads; harmless elsewhere.
        out += (i + 1 < s.size() && s[i + 1] == '/') ? "<\\" : "<";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

constexpr size_t kHashGroups = 32;

}  // namespace

uint32_t fnv1a32(std::string_view bytes) {
  uint32_t h = 0x811c9dc5u;
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x01000193u;
  }
  return h;
}

uint64_t fnv1a64(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char b : bytes) {
    h ^= b;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string_view route_key(std::string_view term) {
  if (term.empty() || term[0] == '#') return term;
  // The first two code points: a word's 2-letter prefix, a CJK unigram or
  // bigram whole; of a name term, its key's (the shard of its first word or bigram).
  const size_t start = term[0] == '=' ? 1 : 0;
  size_t pos = start;
  if (pos < term.size()) utf8::next(term, pos);
  if (pos < term.size()) utf8::next(term, pos);
  return term.substr(start, pos - start);
}

std::string name_key(std::string_view text) {
  std::string key;
  uint32_t word_end = 0;
  bool any_word = false;
  for (const Token& t : tokenize(text)) {
    if (t.kind == TokenKind::Word) {
      if (any_word && t.byte_end <= word_end) continue;  // a camelCase part of the word just taken
      any_word = true;
      word_end = t.byte_end;
      key += t.term;
    } else if (t.kind == TokenKind::CjkUnigram) {
      key += t.term;
    }
  }
  return key;
}

uint32_t shard_of(std::string_view term, uint32_t shards) {
  return shards <= 1 ? 0 : fnv1a32(route_key(term)) % shards;
}

void append_varint(std::string& out, uint64_t value) {
  while (value >= 32) {
    out += kAlphabet[32 + (value & 31)];
    value >>= 5;
  }
  out += kAlphabet[value];
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

const Term* Index::find(std::string_view term) const {
  auto it = std::lower_bound(terms_.begin(), terms_.end(), term,
                             [](const Term& t, std::string_view v) { return t.term < v; });
  return it != terms_.end() && it->term == term ? &*it : nullptr;
}

uint32_t Index::length(uint32_t note, uint32_t section, int field) const {
  return lengths_[first_section_[note] + section][static_cast<size_t>(field)];
}

double Index::pseudo_tf(const Posting& p) const {
  double tf = 0;
  for (int f = 0; f < kFieldCount; ++f) {
    if (!p.tf[static_cast<size_t>(f)]) continue;
    const double avg = avg_len_[static_cast<size_t>(f)] > 0 ? avg_len_[static_cast<size_t>(f)] : 1;
    const double b = options_.b[static_cast<size_t>(f)];
    const double norm = 1 - b + b * length(p.note, p.section, f) / avg;
    tf += options_.weights[static_cast<size_t>(f)] * p.tf[static_cast<size_t>(f)] / norm;
  }
  return tf;
}

size_t Index::total_bytes() const {
  size_t n = 0;
  for (const auto& [name, bytes] : files_) n += bytes.size();
  return n;
}

namespace {

/// A code point the fast path knows: what NFKC makes of it (0: not known).
/// ASCII stays; Han (U+3400–U+4DBF, U+4E00–U+9FFF) stays; full-width ASCII
/// (U+FF01–U+FF5E) becomes ASCII; U+3000 and U+00A0 become a space; a few
/// punctuation marks NFKC leaves alone (or maps to ASCII punctuation) are
/// separators. The unit test checks each against tokenize().
inline char32_t fast_map(char32_t c) {
  if (c < 0x80) return c;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return c;
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  switch (c) {
    case 0x3000: case 0x00A0: return ' ';
    case 0x3001: case 0x3002: case 0x3008: case 0x3009: case 0x300A: case 0x300B: case 0x300C: case 0x300D:
    case 0x300E: case 0x300F: case 0x3010: case 0x3011: case 0x3014: case 0x3015: case 0x3016: case 0x3017:
    case 0x2013: case 0x2014: case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x2026: case 0x00B7:
    case 0x00D7: case 0x2190: case 0x2191: case 0x2192: case 0x2193: case 0x2022:
      return '!';  // any separator
    default: return 0;
  }
}

inline bool ascii_alnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// Calls emit(term) for every token tokenize(text) gives (same terms, same
/// count; order may differ): a fast path for ASCII, Han and common CJK
/// punctuation, tokenize() itself for any whitespace-separated segment with
/// anything else. Whitespace ends every token and every NFKC chunk
/// (tokenizer.h rules 1–3), so segments can be tokenized apart.
template <typename Emit>
void for_each_term(std::string_view text, Emit&& emit) {
  std::string word, lowered;
  std::vector<uint32_t> starts;  // byte offsets of CJK code points in a run
  // The current word run: a view of the segment while it is plain ASCII,
  // copied into `word` once a full-width letter joins it.
  size_t word_start = std::string_view::npos, word_end = 0;
  bool word_copied = false;
  auto flush_word = [&](std::string_view segment) {
    if (word_start == std::string_view::npos) return;
    const std::string_view word_view = word_copied ? std::string_view(word) : segment.substr(word_start, word_end - word_start);
    word_start = std::string_view::npos;
    word_copied = false;
    const std::string_view& w = word_view;
    // Rule 4 on ASCII: break before i when (a) i-1 lower/digit and i upper, (b) i-1, i upper and i+1 lower.
    size_t parts = 1;
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    auto is_break = [&](size_t i) {
      return upper(w[i]) && (lower_or_digit(w[i - 1]) || (upper(w[i - 1]) && i + 1 < w.size() && w[i + 1] >= 'a' && w[i + 1] <= 'z'));
    };
    bool has_upper = false;
    for (size_t i = 0; i < w.size() && !has_upper; ++i) has_upper = upper(w[i]);
    if (!has_upper) {  // already lower case: one part, no copy
      emit(w);
      return;
    }
    for (size_t i = 1; i < w.size(); ++i) parts += is_break(i) ? 1 : 0;
    lowered.resize(w.size());
    for (size_t i = 0; i < w.size(); ++i) lowered[i] = lower(w[i]);
    const std::string_view all(lowered);
    if (parts == 1) {
      emit(all);
    } else {
      emit(all);
      size_t from = 0;
      for (size_t i = 1; i < w.size(); ++i)
        if (is_break(i)) {
          emit(all.substr(from, i - from));
          from = i;
        }
      emit(all.substr(from));
    }
  };
  auto flush_cjk = [&](std::string_view segment) {
    for (size_t k = 0; k < starts.size(); ++k) {
      emit(segment.substr(starts[k], 3));
      if (k + 1 < starts.size()) emit(segment.substr(starts[k], 6));
    }
    starts.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t' || text[pos] == '\r' ||
                                 text[pos] == '\f' || text[pos] == '\v'))
      ++pos;
    size_t end = pos;
    bool fast = true;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\t' && text[end] != '\r' &&
           text[end] != '\f' && text[end] != '\v') {
      const unsigned char b = static_cast<unsigned char>(text[end]);
      if (b < 0x80) {
        ++end;
        continue;
      }
      size_t at = end;
      char32_t c;
      if ((b & 0xF0) == 0xE0 && end + 2 < text.size() + 0 && (static_cast<unsigned char>(text[end + 1]) & 0xC0) == 0x80 &&
          (static_cast<unsigned char>(text[end + 2]) & 0xC0) == 0x80 &&
          (c = (static_cast<char32_t>(b & 0x0F) << 12) | (static_cast<char32_t>(text[end + 1] & 0x3F) << 6) |
               static_cast<char32_t>(text[end + 2] & 0x3F)) >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
        at = end + 3;  // a valid three-byte sequence (most CJK text)
      } else {
        c = utf8::next(text, at);
      }
      if (c == 0xFFFD || fast_map(c) == 0) fast = false;
      end = at;
    }
    if (end == pos) break;
    const std::string_view segment = text.substr(pos, end - pos);
    if (!fast) {
      for (const auto& t : tokenize(segment)) emit(std::string_view(t.term));
    } else {
      for (size_t i = 0; i < segment.size();) {
        const size_t at = i;
        char32_t c = static_cast<unsigned char>(segment[i]);
        if (c < 0x80) ++i;
        else if ((c & 0xF0) == 0xE0) {  // valid: checked by the scan above
          c = ((c & 0x0F) << 12) | (static_cast<char32_t>(segment[i + 1] & 0x3F) << 6) |
              static_cast<char32_t>(segment[i + 2] & 0x3F);
          i += 3;
        } else {
          c = utf8::next(segment, i);
        }
        const char32_t m = fast_map(c);
        if (m < 0x80) {
          flush_cjk(segment);
          if (ascii_alnum(m)) {
            if (word_start == std::string_view::npos) word_start = at;
            if (c >= 0x80 && !word_copied) {  // a full-width letter: copy what came before
              word.assign(segment.substr(word_start, at - word_start));
              word_copied = true;
            }
            if (word_copied) word += static_cast<char>(m);
            word_end = i;
          } else {
            flush_word(segment);
          }
        } else {
          flush_word(segment);
          starts.push_back(static_cast<uint32_t>(at));
        }
      }
      flush_word(segment);
      flush_cjk(segment);
    }
    pos = end;
  }
}

}  // namespace

std::vector<std::string> fast_terms(std::string_view text) {
  std::vector<std::string> out;
  for_each_term(text, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

namespace {

/// Per worker: its own term dictionary (ids are worker-local until merged).
struct Worker {
  // Terms of up to 8 bytes (every CJK unigram and bigram, most words) are
  // keyed by their bytes packed into an integer (no term has a NUL byte),
  // in an open-addressing table; longer ones in a hash map.
  std::vector<uint64_t> keys;
  std::vector<uint32_t> values;
  size_t used = 0;
  std::unordered_map<std::string_view, uint32_t> long_ids;
  std::deque<std::string> terms;  // by id; stable storage for long_ids' keys
  std::vector<uint32_t> stamp, slot;
  uint32_t generation = 0;

  Worker() : keys(1u << 14, 0), values(1u << 14, 0) {}

  uint32_t add(std::string_view term) {
    terms.emplace_back(term);
    stamp.push_back(0);
    slot.push_back(0);
    return static_cast<uint32_t>(terms.size() - 1);
  }
  static size_t bucket(uint64_t key, size_t mask) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask; }
  void grow() {
    std::vector<uint64_t> old_keys(keys.size() * 2, 0);
    std::vector<uint32_t> old_values(values.size() * 2, 0);
    old_keys.swap(keys);
    old_values.swap(values);
    const size_t mask = keys.size() - 1;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (!old_keys[i]) continue;
      size_t b = bucket(old_keys[i], mask);
      while (keys[b]) b = (b + 1) & mask;
      keys[b] = old_keys[i];
      values[b] = old_values[i];
    }
  }
  __attribute__((always_inline)) uint32_t id(std::string_view term) {
    if (term.size() <= 8 && !term.empty()) {
      uint64_t key = 0;
      std::memcpy(&key, term.data(), term.size());
      size_t mask = keys.size() - 1, b = bucket(key, mask);
      while (keys[b]) {
        if (keys[b] == key) return values[b];
        b = (b + 1) & mask;
      }
      const uint32_t id = add(term);
      keys[b] = key;
      values[b] = id;
      if (++used * 2 > keys.size()) grow();
      return id;
    }
    auto it = long_ids.find(term);
    if (it != long_ids.end()) return it->second;
    const uint32_t id = add(term);
    long_ids.emplace(std::string_view(terms.back()), id);
    return id;
  }
};

struct LocalPosting {
  uint32_t term;     // worker-local id, then global id
  uint16_t section;
  std::array<uint8_t, kFieldCount> tf;
};

struct NoteTerms {
  unsigned worker = 0;
  std::vector<LocalPosting> postings;  // by section, then first occurrence
};

std::vector<uint32_t> token_ids(Worker& w, std::string_view text, uint32_t* length) {
  std::vector<uint32_t> out;
  for_each_term(text, [&](std::string_view term) { out.push_back(w.id(term)); });
  if (length) *length = static_cast<uint32_t>(out.size());
  return out;
}

template <typename Count>
uint32_t count_terms(Worker& w, std::string_view text, Count&& count) {
  uint32_t n = 0;
  for_each_term(text, [&](std::string_view term) {
    count(w.id(term));
    ++n;
  });
  return n;
}

}  // namespace

Index Index::build(IndexInput input, unsigned jobs, const Options& options) {
  const bool timings = std::getenv("STUDYWIKI_SEARCH_TIMINGS") != nullptr;
  auto started = std::chrono::steady_clock::now();
  std::clock_t cpu_started = std::clock();
  auto phase = [&](const char* name) {
    if (!timings) return;
    const auto t = std::chrono::steady_clock::now();
    const std::clock_t c = std::clock();
    std::fprintf(stderr, "search: %-10s %7.1f ms (cpu %7.1f ms)\n", name,
                 std::chrono::duration<double, std::milli>(t - started).count(),
                 1000.0 * static_cast<double>(c - cpu_started) / CLOCKS_PER_SEC);
    started = t;
    cpu_started = c;
  };
  Index index;
  index.options_ = options;
  const size_t note_count = input.notes.size();
  jobs = std::max(1u, jobs);

  // 1. Tokens, per section and field, counted (in parallel, one dictionary per worker).
  index.first_section_.resize(note_count);
  size_t docs = 0;
  for (size_t n = 0; n < note_count; ++n) {
    index.first_section_[n] = static_cast<uint32_t>(docs);
    docs += input.notes[n].sections.size();
  }
  index.doc_count_ = docs;
  index.lengths_.assign(docs, {});
  std::vector<Worker> workers(jobs);
  std::vector<NoteTerms> note_terms(note_count);
  parallel_for(note_count, jobs, [&](size_t n, unsigned w) {
    Worker& worker = workers[w];
    const NoteInput& note = input.notes[n];
    NoteTerms& out = note_terms[n];
    size_t text_bytes = 0;
    for (const auto& section : note.sections) text_bytes += section.body.size();
    out.postings.reserve(64 + text_bytes / 3);
    out.worker = w;
    uint32_t title_len = 0, tags_len = 0;
    const auto title = token_ids(worker, note.title, &title_len);
    std::string tag_text;
    for (int t : note.tags) tag_text += input.tags[static_cast<size_t>(t)] + "\n";
    const auto tags = token_ids(worker, tag_text, &tags_len);
    for (size_t s = 0; s < note.sections.size(); ++s) {
      const SectionText& section = note.sections[s];
      auto& len = index.lengths_[index.first_section_[n] + s];
      const uint32_t generation = ++worker.generation;
      const size_t first = out.postings.size();
      auto count = [&](uint32_t id, int field) {
        if (worker.stamp[id] != generation) {
          worker.stamp[id] = generation;
          worker.slot[id] = static_cast<uint32_t>(out.postings.size() - first);
          out.postings.push_back({id, static_cast<uint16_t>(std::min<size_t>(s, 65535)), {}});
        }
        auto& tf = out.postings[first + worker.slot[id]].tf[static_cast<size_t>(field)];
        if (tf < 255) ++tf;
      };
      for (uint32_t id : title) count(id, kTitle);
      for (uint32_t id : tags) count(id, kTags);
      len[kTitle] = title_len;
      len[kTags] = tags_len;
      len[kHeading] = count_terms(worker, section.heading, [&](uint32_t id) { count(id, kHeading); });
      std::string links;
      for (const auto& l : section.links) links += l + "\n";
      len[kLinks] = count_terms(worker, links, [&](uint32_t id) { count(id, kLinks); });
      len[kBody] = count_terms(worker, section.body, [&](uint32_t id) { count(id, kBody); });
    }
    // Only the data files need the text now, and only its start.
    for (SectionText& section : input.notes[n].sections) {
      std::string().swap(section.body);
      std::vector<std::string>().swap(section.links);
      section.text = cut_code_points(section.text, options.snippet_chars);
    }
  });
  for (int f = 0; f < kFieldCount; ++f) {
    double sum = 0;
    for (const auto& l : index.lengths_) sum += l[static_cast<size_t>(f)];
    index.avg_len_[static_cast<size_t>(f)] = docs ? sum / static_cast<double>(docs) : 0;
  }

  phase("tokens");
  // 2. One dictionary, sorted; postings moved to their terms in (note, section) order.
  std::vector<std::string> all;
  for (auto& w : workers) all.insert(all.end(), w.terms.begin(), w.terms.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::vector<std::vector<uint32_t>> global(workers.size());
  parallel_for(workers.size(), jobs, [&](size_t w, unsigned) {
    global[w].resize(workers[w].terms.size());
    for (size_t i = 0; i < workers[w].terms.size(); ++i)
      global[w][i] = static_cast<uint32_t>(std::lower_bound(all.begin(), all.end(), workers[w].terms[i]) - all.begin());
  });
  index.terms_.resize(all.size());
  // Notes are cut into `jobs` runs of about equal postings; each run writes
  // its postings at its own offsets in every term's list, so the lists come
  // out in note order without locks.
  size_t posting_total = 0;
  for (const auto& nt : note_terms) posting_total += nt.postings.size();
  std::vector<size_t> run_start{0};
  {
    size_t seen = 0;
    for (size_t n = 0; n < note_count; ++n) {
      if (seen >= posting_total * run_start.size() / jobs && run_start.size() < jobs && n > run_start.back())
        run_start.push_back(n);
      seen += note_terms[n].postings.size();
    }
  }
  run_start.push_back(note_count);
  const size_t runs = run_start.size() - 1;
  std::vector<std::vector<uint32_t>> run_counts(runs, std::vector<uint32_t>(all.size(), 0));
  parallel_for(runs, jobs, [&](size_t r, unsigned) {
    for (size_t n = run_start[r]; n < run_start[r + 1]; ++n)
      for (auto& p : note_terms[n].postings) {
        p.term = global[note_terms[n].worker][p.term];
        ++run_counts[r][p.term];
      }
  });
  std::vector<uint32_t> counts(all.size(), 0);
  for (size_t r = 0; r < runs; ++r)
    for (size_t t = 0; t < all.size(); ++t) {
      const uint32_t c = run_counts[r][t];
      run_counts[r][t] = counts[t];  // becomes the run's offset
      counts[t] += c;
    }
  struct Compact {
    uint32_t note;
    uint16_t section;  // the top bit: the term is in the title or the heading
    uint16_t q;
  };
  constexpr uint16_t kNamed = 0x8000;
  std::vector<std::vector<Compact>> compact(all.size());
  for (size_t t = 0; t < all.size(); ++t) {
    index.terms_[t].term = std::move(all[t]);
    if (options.keep_postings) index.terms_[t].postings.resize(counts[t]);
    compact[t].resize(counts[t]);
    index.terms_[t].df = counts[t];
  }
  // q = tf~ * scale, tf~ = sum of tf_f * w_f / (1 - b_f + b_f * len_f / avg_f): the factors per section first.
  const double scale = options.impact_scale;
  std::vector<std::array<double, kFieldCount>> factor(docs);
  for (size_t d = 0; d < docs; ++d)
    for (size_t f = 0; f < kFieldCount; ++f) {
      const double avg = index.avg_len_[f] > 0 ? index.avg_len_[f] : 1;
      factor[d][f] = options.weights[f] / (1 - options.b[f] + options.b[f] * index.lengths_[d][f] / avg);
    }
  parallel_for(runs, jobs, [&](size_t r, unsigned) {
    std::vector<uint32_t>& at = run_counts[r];
    for (size_t n = run_start[r]; n < run_start[r + 1]; ++n) {
      for (const auto& p : note_terms[n].postings) {
        const auto& fa = factor[index.first_section_[n] + p.section];
        double tf = 0;
        for (size_t f = 0; f < kFieldCount; ++f) tf += p.tf[f] * fa[f];
        const auto q = static_cast<uint16_t>(std::clamp<long>(std::lround(tf * scale), 1, 65535));
        const uint16_t named = (p.tf[kTitle] || p.tf[kHeading]) ? kNamed : 0;
        const uint32_t i = at[p.term]++;
        compact[p.term][i] = {static_cast<uint32_t>(n), static_cast<uint16_t>(std::min<uint16_t>(p.section, 0x7FFF) | named), q};
        if (options.keep_postings) index.terms_[p.term].postings[i] = {static_cast<uint32_t>(n), p.section, p.tf, q};
      }
      std::vector<LocalPosting>().swap(note_terms[n].postings);
    }
  });
  std::vector<NoteTerms>().swap(note_terms);
  workers.clear();

  phase("merge");
  // 3. The encoded postings, cut to the term budget.
  std::vector<std::string> encoded(index.terms_.size());
  auto encode = [&](size_t t, size_t keep) {
    const std::vector<Compact>& list = compact[t];
    const size_t n = list.size();
    // Keep the `keep` postings where the term names the section (title or
    // heading) first, then those of highest q (ties: earlier first): a
    // threshold from a histogram of q, then one pass in (note, section) order.
    bool named_only = false;   // true: only named postings are kept (some of them)
    uint32_t threshold = 0;
    size_t at_threshold = keep;  // how many postings with q == threshold to keep
    if (keep < n) {
      size_t named = 0;
      for (const auto& p : list) named += (p.section & kNamed) ? 1 : 0;
      named_only = named >= keep;
      const size_t want = named_only ? keep : keep - named;
      uint32_t max_q = 0;
      for (const auto& p : list)
        if (((p.section & kNamed) != 0) == named_only) max_q = std::max<uint32_t>(max_q, p.q);
      std::vector<uint32_t> histogram(max_q + 1, 0);
      for (const auto& p : list)
        if (((p.section & kNamed) != 0) == named_only) ++histogram[p.q];
      size_t above = 0;
      threshold = max_q;
      while (threshold > 0 && above + histogram[threshold] < want) above += histogram[threshold--];
      at_threshold = want - above;
    }
    std::string s;
    s.reserve(std::min(n, keep) * 3);
    uint32_t previous = 0;
    size_t kept = 0;
    for (const Compact& p : list) {
      const bool named = (p.section & kNamed) != 0;
      if (keep < n && named == named_only) {  // the group cut at the threshold
        if (p.q < threshold) continue;
        if (p.q == threshold) {
          if (at_threshold == 0) continue;
          --at_threshold;
        }
      } else if (keep < n && !named) {        // named_only: the others go
        continue;
      }
      const uint32_t section = p.section & 0x7FFF;
      const uint32_t small = std::min<uint32_t>(section, 7);
      append_varint(s, (static_cast<uint64_t>(p.note - previous) << 3) | small);
      if (small == 7) append_varint(s, section);
      append_varint(s, p.q);
      previous = p.note;
      ++kept;
    }
    index.terms_[t].kept = kept;
    return s;
  };
  parallel_for(index.terms_.size(), jobs, [&](size_t t, unsigned) {
    Term& term = index.terms_[t];
    const size_t total = compact[t].size();
    // About 2 bytes a posting: a list far over the budget starts cut.
    const size_t guess = options.max_term_bytes / 2;
    encoded[t] = encode(t, total > 2 * guess ? guess : total);
    while (encoded[t].size() < options.max_term_bytes / 2 && term.kept < total) {
      encoded[t] = encode(t, std::min(total, term.kept * 3 / 2 + 1));
      if (encoded[t].size() > options.max_term_bytes) {
        encoded[t] = encode(t, term.kept * 2 / 3);
        break;
      }
    }
    while (encoded[t].size() > options.max_term_bytes && term.kept > 1) {
      const size_t keep = std::max<size_t>(1, term.kept * options.max_term_bytes / encoded[t].size() * 15 / 16);
      encoded[t] = encode(t, std::min(keep, term.kept - 1));
    }
  });

  phase("encode");
  // Tag filter terms: "#<i>" -> notes.
  std::vector<std::pair<std::string, std::string>> tag_terms;
  for (size_t t = 0; t < input.tags.size(); ++t) {
    std::string s;
    int previous = 0;
    for (int n : input.tag_notes[t]) {
      append_varint(s, static_cast<uint64_t>(n - previous));
      previous = n;
    }
    tag_terms.emplace_back("#" + std::to_string(t), std::move(s));
  }

  // Name terms: "=<key>" -> notes whose title or an alias has that key.
  std::vector<std::pair<std::string, std::string>> name_terms;
  {
    std::vector<std::pair<std::string, uint32_t>> names;  // (term, note)
    for (size_t n = 0; n < note_count; ++n) {
      const NoteInput& note = input.notes[n];
      const size_t first = names.size();
      auto add = [&](const std::string& text) {
        std::string key = name_key(text);
        if (key.empty()) return;
        key.insert(0, 1, '=');
        for (size_t i = first; i < names.size(); ++i)
          if (names[i].first == key) return;
        names.emplace_back(std::move(key), static_cast<uint32_t>(n));
      };
      add(note.title);
      for (const auto& alias : note.aliases) add(alias);
    }
    std::sort(names.begin(), names.end());
    for (size_t i = 0; i < names.size();) {
      std::string s;
      uint32_t previous = 0;
      size_t j = i;
      for (; j < names.size() && names[j].first == names[i].first; ++j) {
        append_varint(s, names[j].second - previous);
        previous = names[j].second;
      }
      name_terms.emplace_back(names[i].first, std::move(s));
      i = j;
    }
  }

  // 4. Shards: S from the size, then no shard over the limit.
  auto entry_bytes = [&](size_t t) { return index.terms_[t].term.size() + encoded[t].size() + 8; };
  size_t total = 0;
  for (size_t t = 0; t < index.terms_.size(); ++t) total += entry_bytes(t);
  for (const auto& [k, v] : tag_terms) total += k.size() + v.size() + 6;
  for (const auto& [k, v] : name_terms) total += k.size() + v.size() + 6;
  uint32_t shards = options.shards;
  if (shards == 0) {
    shards = 1;
    while (shards < 65536 && total / shards > options.target_shard_bytes) shards *= 2;
  }
  index.shards_ = shards;
  std::vector<std::vector<uint32_t>> shard_terms(shards);
  for (size_t t = 0; t < index.terms_.size(); ++t)
    shard_terms[shard_of(index.terms_[t].term, shards)].push_back(static_cast<uint32_t>(t));
  std::vector<std::vector<uint32_t>> shard_tags(shards);
  for (size_t t = 0; t < tag_terms.size(); ++t) shard_tags[shard_of(tag_terms[t].first, shards)].push_back(
      static_cast<uint32_t>(t));
  std::vector<std::vector<uint32_t>> shard_name_terms(shards);
  for (size_t t = 0; t < name_terms.size(); ++t)
    shard_name_terms[shard_of(name_terms[t].first, shards)].push_back(static_cast<uint32_t>(t));
  std::vector<std::string> shard_files(shards);
  parallel_for(shards, jobs, [&](size_t s, unsigned) {
    size_t whole = 0;  // tag and name terms, never cut, count against the limit too
    for (uint32_t t : shard_tags[s]) whole += tag_terms[t].first.size() + tag_terms[t].second.size() + 6;
    for (uint32_t t : shard_name_terms[s]) whole += name_terms[t].first.size() + name_terms[t].second.size() + 6;
    auto size = [&] {
      size_t n = whole;
      for (uint32_t t : shard_terms[s]) n += entry_bytes(t);
      return n;
    };
    // Over the limit: the postings where a term is not in the title or heading
    // go first, from every term of the shard by the same fraction (found by
    // bisection); only if the named ones alone are too many are they cut too.
    if (size() > options.max_shard_bytes) {
      std::vector<size_t> named(shard_terms[s].size()), kept(shard_terms[s].size());
      for (size_t k = 0; k < shard_terms[s].size(); ++k) {
        const uint32_t t = shard_terms[s][k];
        for (const auto& p : compact[t]) named[k] += (p.section & kNamed) ? 1 : 0;
        kept[k] = index.terms_[t].kept;
        named[k] = std::min(named[k], kept[k]);
      }
      auto apply = [&](double f, bool named_part) {
        for (size_t k = 0; k < shard_terms[s].size(); ++k) {
          const uint32_t t = shard_terms[s][k];
          const double base = named_part ? 0.0 : static_cast<double>(named[k]);
          const double extra = named_part ? static_cast<double>(named[k]) : static_cast<double>(kept[k] - named[k]);
          encoded[t] = encode(t, std::max<size_t>(1, static_cast<size_t>(base + f * extra)));
        }
      };
      apply(0.0, false);
      const bool named_part = size() > options.max_shard_bytes;
      double lo = 0, hi = 1;
      for (int round = 0; round < 5; ++round) {
        const double mid = (lo + hi) / 2;
        apply(mid, named_part);
        (size() > options.max_shard_bytes ? hi : lo) = mid;
      }
      apply(lo, named_part);
    }
    // Tag terms sort with the others ('#' sorts first).
    std::string out = "StudywikiSearch._shard(" + std::to_string(s) + ",{";
    bool first = true;
    auto add = [&](std::string_view key, const std::string& value, const Term* term) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, key);
      out += ':';
      if (term && term->kept < term->df) {
        out += '[' + std::to_string(term->df) + ',';
        append_json_string(out, value);
        out += ']';
      } else {
        append_json_string(out, value);
      }
    };
    for (uint32_t t : shard_tags[s]) add(tag_terms[t].first, tag_terms[t].second, nullptr);
    for (uint32_t t : shard_name_terms[s]) add(name_terms[t].first, name_terms[t].second, nullptr);
    for (uint32_t t : shard_terms[s]) add(index.terms_[t].term, encoded[t], &index.terms_[t]);
    out += "});\n";
    shard_files[s] = std::move(out);
  });

  phase("shards");
  // 5. Data files: K notes each.
  std::vector<std::string> note_json(note_count);
  parallel_for(note_count, jobs, [&](size_t n, unsigned) {
    const NoteInput& note = input.notes[n];
    std::string& out = note_json[n];
    out += "{\"u\":";
    append_json_string(out, note.url);
    out += ",\"t\":";
    append_json_string(out, note.title);
    out += ",\"g\":[";
    for (size_t i = 0; i < note.tags.size(); ++i) out += (i ? "," : "") + std::to_string(note.tags[i]);
    out += "],\"f\":" + std::to_string(note.folder) + ",\"s\":[";
    for (size_t s = 0; s < note.sections.size(); ++s) {
      const SectionText& section = note.sections[s];
      out += s ? ",[" : "[";
      append_json_string(out, section.anchor);
      out += ',';
      append_json_string(out, section.heading);
      out += ',';
      append_json_string(out, cut_code_points(section.text, options.snippet_chars));
      out += ']';
    }
    out += "]}";
  });
  size_t data_total = 0;
  for (const auto& j : note_json) data_total += j.size();
  const size_t per_data =
      note_count ? std::max<size_t>(1, options.target_data_bytes / std::max<size_t>(1, data_total / note_count)) : 1;
  const size_t data_count = (note_count + per_data - 1) / per_data;
  std::vector<std::string> data_files(data_count);
  parallel_for(data_count, jobs, [&](size_t d, unsigned) {
    std::string out = "StudywikiSearch._data(" + std::to_string(d) + ",[";
    for (size_t n = d * per_data; n < std::min(note_count, (d + 1) * per_data); ++n) {
      if (n != d * per_data) out += ",\n";
      out += note_json[n];
    }
    out += "]);\n";
    data_files[d] = std::move(out);
  });

  phase("data");
  // 6. Names: files go in at most kHashGroups groups of consecutive numbers; a
  // file's name carries the hash of its group's bytes, so the entry lists 2 x 64
  // hashes at most instead of a name per file.
  auto group_hashes = [&](const std::vector<std::string>& files, size_t* group_size) {
    const size_t size = std::max<size_t>(1, (files.size() + kHashGroups - 1) / kHashGroups);
    std::vector<std::string> hashes((files.size() + size - 1) / size);
    parallel_for(hashes.size(), jobs, [&](size_t g, unsigned) {
      uint64_t h = 0xcbf29ce484222325ull;
      for (size_t i = g * size; i < std::min(files.size(), (g + 1) * size); ++i)
        for (unsigned char c : files[i]) {
          h ^= c;
          h *= 0x100000001b3ull;
        }
      char buf[24];
      std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
      hashes[g] = std::string(buf, 8);
    });
    *group_size = size;
    return hashes;
  };
  size_t shard_group = 1, data_group = 1;
  const auto shard_hashes = group_hashes(shard_files, &shard_group);
  const auto data_hashes = group_hashes(data_files, &data_group);
  std::vector<std::string> shard_names(shards), data_names(data_count);
  for (size_t i = 0; i < shards; ++i) shard_names[i] = "t-" + std::to_string(i) + "-" + shard_hashes[i / shard_group] + ".js";
  for (size_t i = 0; i < data_count; ++i) data_names[i] = "d-" + std::to_string(i) + "-" + data_hashes[i / data_group] + ".js";
  std::string entry = "StudywikiSearch._entry({\"version\":1,\"shards\":" + std::to_string(shards);
  auto list = [&](const char* key, const std::vector<std::string>& names) {
    entry += ",\"" + std::string(key) + "\":[";
    for (size_t i = 0; i < names.size(); ++i) {
      if (i) entry += ',';
      append_json_string(entry, names[i]);
    }
    entry += ']';
  };
  auto numbers = [&](const char* key, auto begin, auto end) {
    entry += ",\"" + std::string(key) + "\":[";
    for (auto it = begin; it != end; ++it) entry += (it == begin ? "" : ",") + number(static_cast<double>(*it));
    entry += ']';
  };
  entry += ",\"shard_group\":" + std::to_string(shard_group);
  list("shard_hashes", shard_hashes);
  entry += ",\"data_count\":" + std::to_string(data_count) + ",\"data_group\":" + std::to_string(data_group);
  list("data_hashes", data_hashes);
  entry += ",\"notes_per_data\":" + std::to_string(per_data) + ",\"note_count\":" + std::to_string(note_count) +
           ",\"doc_count\":" + std::to_string(docs);
  entry += ",\"fields\":[\"title\",\"heading\",\"tags\",\"links\",\"body\"]";
  numbers("avg_len", index.avg_len_.begin(), index.avg_len_.end());
  numbers("weights", options.weights.begin(), options.weights.end());
  numbers("b", options.b.begin(), options.b.end());
  entry += ",\"k1\":" + number(options.k1) + ",\"scale\":" + std::to_string(options.impact_scale);
  list("tags", input.tags);
  list("folders", input.folders);
  entry += ",\"folder_notes\":[";
  for (size_t i = 0; i < input.folder_notes.size(); ++i)
    entry += (i ? ",[" : "[") + std::to_string(input.folder_notes[i].first) + "," +
             std::to_string(input.folder_notes[i].second) + "]";
  entry += "]});\n";

  phase("entry");
  index.files_.emplace_back("index.js", std::move(entry));
  for (size_t s = 0; s < shards; ++s) index.files_.emplace_back(shard_names[s], std::move(shard_files[s]));
  for (size_t d = 0; d < data_count; ++d) index.files_.emplace_back(data_names[d], std::move(data_files[d]));
  return index;
}

IndexInput input_from_site(const Site& site, const Taxonomy& taxonomy, unsigned jobs) {
  IndexInput input;
  std::vector<NoteId> order;
  for (NoteId id : site.notes.ids())
    if (!site.out(id).empty()) order.push_back(id);
  std::sort(order.begin(), order.end(), [&](NoteId a, NoteId b) { return site.notes[a].source < site.notes[b].source; });
  std::vector<int> number_of(site.notes.size(), -1);
  for (size_t k = 0; k < order.size(); ++k) number_of[order[k].index()] = static_cast<int>(k);

  std::unordered_map<std::string, int> folder_index;
  for (const auto& [source, folder] : site.places.folders) {
    if (source.empty()) continue;
    folder_index[source] = static_cast<int>(input.folders.size());
    input.folders.push_back(source);
  }
  for (const auto& f : input.folders) {
    const std::string parent = parent_of(f);
    input.folder_parents.push_back(parent.empty() ? -1 : folder_index.count(parent) ? folder_index[parent] : -1);
    // Notes are in source order, so a folder's notes (at any depth) are one range.
    const std::string lo = f + "/", hi = f + "0";  // '0' follows '/'
    auto key = [&](NoteId k) -> const std::string& { return site.notes[k].source; };
    const auto first = std::lower_bound(order.begin(), order.end(), lo,
                                        [&](NoteId k, const std::string& v) { return key(k) < v; });
    const auto end = std::lower_bound(order.begin(), order.end(), hi,
                                      [&](NoteId k, const std::string& v) { return key(k) < v; });
    input.folder_notes.emplace_back(static_cast<int>(first - order.begin()), static_cast<int>(end - order.begin()));
  }
  for (const Tag& t : taxonomy.tags()) {
    input.tags.push_back(t.name);
    input.tag_parents.push_back(t.parent);
    std::vector<int> notes;
    for (int n : t.notes)
      if (n >= 0 && static_cast<size_t>(n) < number_of.size() && number_of[static_cast<size_t>(n)] >= 0)
        notes.push_back(number_of[static_cast<size_t>(n)]);
    std::sort(notes.begin(), notes.end());
    notes.erase(std::unique(notes.begin(), notes.end()), notes.end());
    input.tag_notes.push_back(std::move(notes));
  }
  input.notes.resize(order.size());
  parallel_for(order.size(), jobs, [&](size_t k, unsigned) {
    const NoteId id = order[k];
    const LoadedNote& n = site.notes[id];
    const Body& body = site.bodies[id];
    NoteInput& in = input.notes[k];
    in.url = site.out(id);
    in.title = n.title;
    // A folder's index without a title of its own (a README that uses `#`
    // for sections) is the folder's page: it goes by the folder's name, as
    // that page is titled (render/pages.cpp folder_title).
    if (site.role(id) == Place::Role::FolderIndex && !n.front.title && n.hidden_heading < 0)
      if (const Folder* f = site.folder(n.folder)) in.title = f->name;
    in.aliases = n.front.aliases;
    in.folder = n.folder.empty() ? -1 : folder_index.count(n.folder) ? folder_index.at(n.folder) : -1;
    for (int t : taxonomy.note_tags(id.index())) in.tags.push_back(t);
    in.sections = split_sections(body.html, body.headings);
  });
  return input;
}

}  // namespace studywiki::search
