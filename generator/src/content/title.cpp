#include "content/title.h"

#include "content/slug.h"
#include "core/utf8.h"

namespace studywiki {

namespace {
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Longest run of hex digits that contains at least one digit.
size_t longest_hex_run(std::string_view s) {
  size_t best = 0, run = 0;
  bool digit = false;
  for (char c : s) {
    if (is_hex(c)) {
      ++run;
      digit = digit || is_digit(c);
      if (digit) best = std::max(best, run);
    } else {
      run = 0;
      digit = false;
    }
  }
  return best;
}
}  // namespace

bool is_machine_made_name(std::string_view stem) {
  std::string lower;
  for (char c : stem) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  auto strip_number = [](std::string_view s) {
    while (!s.empty() && (is_digit(s.back()) || s.back() == ' ' || s.back() == '-' || s.back() == '_'))
      s.remove_suffix(1);
    return s;
  };
  std::string_view base = strip_number(lower);
  if (base == "untitled" || base == "未命名" || base == "无标题" || base == "新建文本文档" ||
      base == "untitled note" || base == "new note")
    return true;
  // Only ASCII letters/digits/separators and a long hex or digit run.
  bool only_id_chars = !lower.empty();
  for (char c : lower)
    if (!(is_hex(c) || c == '_' || c == '-' || c == ' ' || c == '.')) only_id_chars = false;
  if (only_id_chars && longest_hex_run(lower) >= 8) return true;
  return false;
}

TitleChoice choose_title(const std::optional<std::string>& front_title, const markdown::Document& doc,
                         std::string_view stem) {
  using Source = TitleChoice::Source;
  const auto& headings = doc.headings();
  const int leading = doc.leading_heading_index();
  TitleChoice choice;
  if (front_title && !front_title->empty()) {
    choice.title = *front_title;
    choice.source = Source::FrontMatter;
    if (leading >= 0 && fold_key(headings[static_cast<size_t>(leading)].text) == fold_key(choice.title))
      choice.hidden_heading = leading;
    return choice;
  }
  auto from_heading = [&](int index) {
    choice.title = headings[static_cast<size_t>(index)].text;
    choice.source = Source::Heading;
    if (index == leading) choice.hidden_heading = index;
  };
  size_t level1 = 0;
  for (const auto& h : headings) level1 += h.level == 1 ? 1 : 0;
  if (leading >= 0 && level1 == 1 && headings[static_cast<size_t>(leading)].level == 1 &&
      !headings[static_cast<size_t>(leading)].text.empty()) {
    from_heading(leading);
    return choice;
  }
  if (!is_machine_made_name(stem)) {
    choice.title = std::string(stem);
    choice.source = Source::FileName;
    return choice;
  }
  for (size_t i = 0; i < headings.size(); ++i) {
    if (!headings[i].text.empty()) {
      from_heading(static_cast<int>(i));
      return choice;
    }
  }
  std::string line = doc.first_text_line();
  if (!line.empty()) {
    choice.title = utf8::truncate(line, 60);
    choice.source = Source::FirstLine;
    choice.hidden_line = choice.title == line && doc.leading_line() == line;
    return choice;
  }
  choice.title = std::string(stem);
  choice.source = Source::FileName;
  return choice;
}

}  // namespace studywiki
