#include "config/ui_strings.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/embedded.h"
#include "core/fs.h"
#include "core/utf8.h"
#include "core/escape.h"

namespace studywiki {

namespace stdfs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// "zh-TW" -> "zh", "en_US" -> "en".
std::string primary(const std::string& tag) { return lower(tag.substr(0, tag.find_first_of("-_"))); }

/// Of `names` (language tags, the file names without .yml), the one for `language`:
/// the same tag (any case), else the first of the same primary language; "" when none.
std::string pick(const std::vector<std::string>& names, const std::string& language) {
  for (const auto& n : names)
    if (lower(n) == lower(language)) return n;
  for (const auto& n : names)
    if (primary(n) == primary(language)) return n;
  return "";
}

using Table = std::map<std::string, UiStrings::Value, std::less<>>;

/// Reads one strings file into `strings` / `script`, later keys winning.
void read_layer(const std::string& text, const std::string& display, Table& strings, Table& script,
                Diagnostics& diagnostics) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diagnostics.error(display, e.mark.line + 1, e.mark.column + 1, "strings: " + e.msg);
    return;
  }
  if (!root || root.IsNull()) return;
  if (!root.IsMap()) {
    diagnostics.error(display, 1, 1, "strings: must be a mapping of KEY: text");
    return;
  }
  auto read_map = [&](const YAML::Node& map, Table& into, bool top) {
    for (const auto& item : map) {
      const std::string key = item.first.as<std::string>();
      const YAML::Node& v = item.second;
      if (top && key == "script") {
        if (v.IsMap()) continue;  // read below
        diagnostics.error(display, v.Mark().line + 1, v.Mark().column + 1, "strings: script must be a mapping");
        continue;
      }
      UiStrings::Value value;
      if (v.IsScalar()) {
        value.other = v.as<std::string>();
      } else if (v.IsMap() && v["other"] && v["other"].IsScalar() && (!v["one"] || v["one"].IsScalar()) &&
                 v.size() == (v["one"] ? 2u : 1u)) {
        value.other = v["other"].as<std::string>();
        value.one = v["one"] ? v["one"].as<std::string>() : value.other;
        value.plural = true;
      } else {
        diagnostics.error(display, v.Mark().line + 1, v.Mark().column + 1,
                          "strings: '" + key + "' must be a string or {one: …, other: …}");
        continue;
      }
      into[key] = std::move(value);
    }
  };
  try {
    read_map(root, strings, true);
    if (const YAML::Node s = root["script"]; s && s.IsMap()) read_map(s, script, false);
  } catch (const YAML::Exception& e) {
    diagnostics.error(display, e.mark.line + 1, e.mark.column + 1, "strings: " + e.msg);
  }
}

/// {{N}} and {{{N}}} (N = 1..9) in `text` replaced by {{ARG}} / {{{ARG}}};
/// false when the text names an argument that was not given.
bool fill_args(std::string& text, const std::vector<std::string>& args, size_t* missing) {
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t open = text.find("{{", at);
    if (open == std::string::npos) break;
    const bool triple = text.compare(open, 3, "{{{") == 0;
    const size_t digit = open + (triple ? 3 : 2);
    const char* close = triple ? "}}}" : "}}";
    if (digit < text.size() && text[digit] >= '1' && text[digit] <= '9' &&
        text.compare(digit + 1, triple ? 3 : 2, close) == 0) {
      const size_t n = static_cast<size_t>(text[digit] - '0');
      if (n > args.size()) {
        *missing = n;
        return false;
      }
      out.append(text, at, open - at);
      out += triple ? "{{{" : "{{";
      out += args[n - 1];
      out += close;
      at = digit + 1 + (triple ? 3 : 2);
    } else {
      out.append(text, at, digit - at);
      at = digit;
    }
  }
  out.append(text, at, std::string::npos);
  text = std::move(out);
  return true;
}

}  // namespace

UiStrings UiStrings::load(const stdfs::path& site_templates, const std::string& display_dir,
                          const std::string& language, Diagnostics& diagnostics) {
  UiStrings s;
  std::map<std::string, std::string> builtin;  // language tag -> text
  for (const auto& file : embedded_files()) {
    const std::string name(file.name);
    if (name.rfind("strings/", 0) == 0 && name.size() > 12 && name.compare(name.size() - 4, 4, ".yml") == 0)
      builtin[name.substr(8, name.size() - 12)] = std::string(file.bytes);
  }
  std::vector<std::string> builtin_names;
  for (const auto& [name, text] : builtin) builtin_names.push_back(name);
  if (auto en = builtin.find("en"); en != builtin.end())
    read_layer(en->second, "(built-in theme)/strings/en.yml", s.strings_, s.script_, diagnostics);
  if (const std::string mine = pick(builtin_names, language); !mine.empty()) {
    if (mine != "en")
      read_layer(builtin[mine], "(built-in theme)/strings/" + mine + ".yml", s.strings_, s.script_, diagnostics);
    s.source_ = "strings/" + mine + ".yml";
  }
  if (!site_templates.empty()) {
    std::vector<std::string> site_names;
    std::error_code ec;
    for (stdfs::directory_iterator it(site_templates / "strings", ec), end; !ec && it != end; it.increment(ec)) {
      const stdfs::path p = it->path();
      if (p.extension() == ".yml" && it->is_regular_file(ec)) site_names.push_back(p.stem().string());
    }
    std::sort(site_names.begin(), site_names.end());
    if (const std::string mine = pick(site_names, language); !mine.empty()) {
      const std::string display = display_dir + "/strings/" + mine + ".yml";
      std::string error;
      if (auto text = fs::read_file(site_templates / "strings" / (mine + ".yml"), &error)) {
        read_layer(*text, display, s.strings_, s.script_, diagnostics);
        s.source_ = display;
      } else {
        diagnostics.error(display, 0, 0, error);
      }
    }
  }
  return s;
}

const UiStrings& UiStrings::builtin_english() {
  static const UiStrings english = [] {
    Diagnostics ignored;
    return load({}, "templates", "en", ignored);
  }();
  return english;
}

const UiStrings::Value* UiStrings::find(std::string_view key) const {
  auto it = strings_.find(key);
  return it == strings_.end() ? nullptr : &it->second;
}

std::string UiStrings::text(std::string_view key, const std::vector<std::string>& args) const {
  const Value* v = find(key);
  if (v == nullptr) return "";
  std::string out = v->plural && !args.empty() && args[0] == "1" ? v->one : v->other;
  for (size_t n = 1; n <= 9; ++n) {
    const std::string tag = "{{" + std::to_string(n) + "}}";
    for (size_t at = out.find(tag); at != std::string::npos; at = out.find(tag, at))
      if (n <= args.size()) {
        out.replace(at, tag.size(), args[n - 1]);
        at += args[n - 1].size();
      } else {
        at += tag.size();
      }
  }
  return out;
}

std::string UiStrings::expand(std::string_view text, const std::string& display, Diagnostics& diagnostics) const {
  static constexpr std::string_view kOpen = "{{strings.";
  std::string out;
  size_t at = 0;
  while (true) {
    size_t open = text.find("{{", at);
    // `{{strings.KEY …}}`, spaces allowed after the braces.
    size_t name = open;
    if (open != std::string_view::npos) {
      name = open + 2;
      while (name < text.size() && text[name] == ' ') ++name;
    }
    if (open == std::string_view::npos) break;
    if (text.compare(name, kOpen.size() - 2, kOpen.substr(2)) != 0) {
      out.append(text, at, open + 2 - at);
      at = open + 2;
      continue;
    }
    const size_t close = text.find("}}", name);
    if (close == std::string_view::npos) break;  // Mustache reports the unclosed tag
    out.append(text, at, open - at);
    at = close + 2;
    // KEY and the arguments, split on spaces.
    std::vector<std::string> words;
    std::string_view inside = text.substr(name + kOpen.size() - 2, close - (name + kOpen.size() - 2));
    for (size_t i = 0; i < inside.size();) {
      while (i < inside.size() && inside[i] == ' ') ++i;
      size_t j = i;
      while (j < inside.size() && inside[j] != ' ') ++j;
      if (j > i) words.emplace_back(inside.substr(i, j - i));
      i = j;
    }
    // line:col of the tag, for messages
    int line = 1, col = 1;
    for (size_t i = 0; i < open; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    const Value* v = words.empty() ? nullptr : find(words[0]);
    if (v == nullptr) {
      diagnostics.error(display, line, col,
                        "template: no string '" + (words.empty() ? std::string() : words[0]) + "' in " + source_);
      continue;
    }
    const std::vector<std::string> args(words.begin() + 1, words.end());
    std::string s;
    if (v->plural) {
      if (args.empty()) {
        diagnostics.error(display, line, col,
                          "template: string '" + words[0] + "' has plural forms: give it a number, {{strings." +
                              words[0] + " COUNT}}");
        continue;
      }
      const std::string flag = args[0] + "_is_one";
      s = "{{#" + flag + "}}" + v->one + "{{/" + flag + "}}{{^" + flag + "}}" + v->other + "{{/" + flag + "}}";
    } else {
      s = v->other;
    }
    size_t missing = 0;
    if (!fill_args(s, args, &missing)) {
      diagnostics.error(display, line, col,
                        "template: string '" + words[0] + "' shows {{" + std::to_string(missing) + "}}, but the tag gives " +
                            std::to_string(args.size()) + " argument" + (args.size() == 1 ? "" : "s"));
      continue;
    }
    out += s;
  }
  out.append(text, at, std::string_view::npos);
  return out;
}

std::string UiStrings::script_file() const {
  std::string out = "window.swStrings={";
  bool first = true;
  auto quoted = [](std::string& to, const std::string& s) { append_json_string(to, s); };
  for (const auto& [key, v] : script_) {
    if (!first) out += ',';
    first = false;
    quoted(out, key);
    out += ':';
    if (v.plural) {
      out += "{\"one\":";
      quoted(out, v.one);
      out += ",\"other\":";
      quoted(out, v.other);
      out += '}';
    } else {
      quoted(out, v.other);
    }
  }
  out += "};\n";
  return out;
}

ScriptCounts count_scripts(std::string_view text) {
  ScriptCounts c;
  for (size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ++c.letters;
      ++i;
      continue;
    }
    const char32_t cp = utf8::next(text, i);
    if (utf8::is_cjk(cp)) ++c.cjk;
    else if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x52F)) ++c.letters;
  }
  return c;
}

std::string language_for(const ScriptCounts& counts) {
  const size_t all = counts.cjk + counts.letters;
  return all > 0 && counts.cjk * 10 >= all ? "zh-CN" : "en";
}

}  // namespace studywiki
