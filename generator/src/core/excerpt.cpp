#include "core/excerpt.h"

#include <algorithm>
#include <vector>

#include "core/utf8.h"

namespace studywiki {

namespace {

bool ends_sentence(char32_t cp) {
  switch (cp) {
    case U'。': case U'！': case U'？': case U'；': case U'!': case U'?': case U';':
      return true;
    default:
      return false;
  }
}

bool is_space(char32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == U'\u3000' || cp == 0xA0; }

/// Whitespace runs to one space.
std::string collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t cp = utf8::next(s, i);
    if (is_space(cp)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out.append(s.substr(start, i - start));
  }
  if (space) out += ' ';
  return out;
}

std::string trim_left(std::string s) {
  const size_t b = s.find_first_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b);
}

std::string trim_right(std::string s) {
  const size_t e = s.find_last_not_of(' ');
  return e == std::string::npos ? std::string() : s.substr(0, e + 1);
}

/// Code point starts of `s`.
std::vector<size_t> starts_of(std::string_view s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size();) {
    starts.push_back(i);
    utf8::next(s, i);
  }
  return starts;
}

}  // namespace

Excerpt sentence_around(std::string_view text, size_t begin, size_t end, size_t max_side) {
  begin = std::min(begin, text.size());
  end = std::clamp(end, begin, text.size());
  // Looking further than this for a sentence's ends is pointless: that much
  // is cut anyway. It keeps a paragraph of a thousand links linear.
  const size_t reach = 4 * max_side + 8;
  // Sentence start: after the last line break or terminator before `begin`,
  // found walking back from it.
  const std::string_view head = text.substr(0, begin);
  size_t start = head.size();
  for (size_t steps = 0; start > 0 && steps < reach; ++steps) {
    size_t at = start - 1;
    while (at > 0 && (static_cast<unsigned char>(head[at]) & 0xC0) == 0x80) --at;
    size_t after = at;
    const char32_t cp = utf8::next(head, after);
    if (cp == '\n' || ends_sentence(cp) ||
        (cp == '.' && after < head.size() && is_space(static_cast<unsigned char>(head[after]))))
      break;
    start = at;
  }
  // Sentence end: through the first terminator after `end`, or before a line break.
  const std::string_view tail = text.substr(end, std::min(text.size() - end, reach * 4));
  size_t stop = tail.size();
  for (size_t i = 0; i < tail.size();) {
    const size_t at = i;
    const char32_t cp = utf8::next(tail, i);
    if (cp == '\n') {
      stop = at;
      break;
    }
    if (ends_sentence(cp) || (cp == '.' && (i >= tail.size() || is_space(static_cast<unsigned char>(tail[i]))))) {
      stop = i;
      break;
    }
  }
  Excerpt e;
  e.before = trim_left(collapse(head.substr(start)));
  e.match = collapse(text.substr(begin, end - begin));
  e.after = trim_right(collapse(tail.substr(0, stop)));
  const std::string ellipsis = "\xE2\x80\xA6";
  if (auto starts = starts_of(e.before); starts.size() > max_side)
    e.before = ellipsis + trim_left(e.before.substr(starts[starts.size() - max_side]));
  if (auto starts = starts_of(e.after); starts.size() > max_side)
    e.after = trim_right(e.after.substr(0, starts[max_side])) + ellipsis;
  if (e.before.empty()) e.match = trim_left(e.match);
  if (e.after.empty()) e.match = trim_right(e.match);
  return e;
}

}  // namespace studywiki
