#include "content/front_matter.h"

// yaml-cpp >= 0.7: its recursive parser has a depth guard (YAML::DeepRecursion,
// CVE-2017-5950); without it, deeply nested front matter overflows the stack.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <utility>
#include <vector>

namespace studywiki {

namespace {

bool is_fence(std::string_view line, std::string_view fence) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == fence;
}

/// Aliases share nodes, so a few hundred bytes of YAML can name billions of
/// values ("billion laughs") or a node that contains itself (`x: &a [*a]`).
/// Every walk over the parsed YAML goes through a Walk, which bounds it.
constexpr size_t kMaxDepth = 64;        ///< levels of lists/maps under a key
constexpr size_t kMaxValues = 100'000;  ///< values visited in the whole front matter

class Walk {
 public:
  enum class Stop { none, recursive, too_deep, too_many };

  explicit Walk(const YAML::Node& root) : root_(root) {}

  /// Counts one value against the budget; false once it is spent.
  bool count() {
    if (++values_ <= kMaxValues) return true;
    stop_ = Stop::too_many;
    return false;
  }

  /// True (and the walk stopped as recursive) when `node` is the root or `container`:
  /// checks an item of a list that is not walked further (tags, aliases).
  bool is_cycle(const YAML::Node& node, const YAML::Node& container) {
    if (!node.is(root_) && !node.is(container)) return false;
    stop_ = Stop::recursive;
    return true;
  }

  /// A key's value as JSON; nullopt when a bound was hit (see `take_stop()`).
  std::optional<nlohmann::json> to_json(const YAML::Node& node) {
    path_.assign(1, root_);
    nlohmann::json out;
    if (!convert(node, out)) return std::nullopt;
    return out;
  }

  /// Why the last walk stopped (none: it did not); resets it for the next key.
  Stop take_stop() { return std::exchange(stop_, Stop::none); }

 private:
  bool convert(const YAML::Node& node, nlohmann::json& out) {
    if (!count()) return false;
    switch (node.Type()) {
      case YAML::NodeType::Sequence:
      case YAML::NodeType::Map: {
        for (const auto& on_path : path_) {
          if (on_path.is(node)) {
            stop_ = Stop::recursive;
            return false;
          }
        }
        if (path_.size() > kMaxDepth) {  // path_[0] is the root
          stop_ = Stop::too_deep;
          return false;
        }
        path_.push_back(node);
        bool ok = true;
        if (node.IsSequence()) {
          out = nlohmann::json::array();
          for (const auto& item : node) {
            if (!(ok = convert(item, out.emplace_back()))) break;
          }
        } else {
          out = nlohmann::json::object();
          for (const auto& kv : node) {
            // a key that is not a scalar (`? [a]: b`) is read as "", as before,
            // and not walked
            if (!(ok = convert(kv.second, out[kv.first.IsScalar() ? kv.first.Scalar() : std::string()]))) break;
          }
        }
        path_.pop_back();
        return ok;
      }
      case YAML::NodeType::Scalar:
        out = scalar_json(node);
        return true;
      default:
        out = nullptr;
        return true;
    }
  }

  static nlohmann::json scalar_json(const YAML::Node& node) {
    const std::string& s = node.Scalar();
    if (node.Tag() == "!") return s;  // quoted: always a string
    if (s == "true" || s == "True") return true;
    if (s == "false" || s == "False") return false;
    if (!s.empty() && s.find_first_not_of("0123456789-") == std::string::npos && s != "-" &&
        s.find('-', 1) == std::string::npos && s.size() < 18)
      return std::stoll(s);
    return s;
  }

  YAML::Node root_;
  std::vector<YAML::Node> path_;  ///< the root, then the lists/maps above the current value
  size_t values_ = 0;
  Stop stop_ = Stop::none;
};

/// Splits "a, b c" on commas and whitespace (full-width commas too).
std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ',' || c == ' ' || c == '\t' || c == '\n') { flush(); continue; }
    if (s.compare(i, 3, "\xEF\xBC\x8C") == 0 || s.compare(i, 3, "\xE3\x80\x81") == 0) {  // ， 、
      flush();
      i += 2;
      continue;
    }
    cur += c;
  }
  flush();
  return out;
}

}  // namespace

std::string date_part(std::string_view v) {
  auto digit = [&](size_t i) { return i < v.size() && v[i] >= '0' && v[i] <= '9'; };
  if (v.size() >= 10 && digit(0) && digit(1) && digit(2) && digit(3) && v[4] == '-' && digit(5) && digit(6) &&
      v[7] == '-' && digit(8) && digit(9)) {
    int month = (v[5] - '0') * 10 + (v[6] - '0');
    int day = (v[8] - '0') * 10 + (v[9] - '0');
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && (v.size() == 10 || v[10] == 'T' || v[10] == ' '))
      return std::string(v.substr(0, 10));
  }
  return "";
}

SplitNote split_front_matter(std::string_view text) {
  SplitNote split;
  split.body = text;
  size_t first_end = text.find('\n');
  if (first_end == std::string_view::npos || !is_fence(text.substr(0, first_end), "---")) return split;
  size_t pos = first_end + 1;
  int line = 2;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (is_fence(l, "---") || is_fence(l, "...")) {
      split.yaml = text.substr(first_end + 1, pos - (first_end + 1));
      split.yaml_line = 2;
      split.has_front_matter = true;
      split.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      split.body_line = line + 1;
      return split;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  return split;  // no closing fence: not front matter, just a thematic break
}

FrontMatter parse_front_matter(const SplitNote& split, std::vector<FrontMatterError>& errors) {
  FrontMatter fm;
  if (!split.has_front_matter) return fm;
  auto error_at_mark = [&](const YAML::Mark& mark, std::string message) {
    errors.push_back({split.yaml_line + std::max(0, mark.line), std::max(0, mark.column) + 1, std::move(message)});
  };
  const std::string too_deep = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
  YAML::Node root;
  try {
    // Loading is linear in the text: an alias is a second reference to the
    // anchored node, not a copy. yaml-cpp's parser recurses per level of
    // nesting and throws DeepRecursion past a few hundred levels.
    root = YAML::Load(std::string(split.yaml));
  } catch (const YAML::DeepRecursion& e) {
    error_at_mark(e.mark, too_deep);
    return fm;
  } catch (const YAML::Exception& e) {
    error_at_mark(e.mark, e.msg);
    return fm;
  }
  if (!root || root.IsNull()) return fm;
  if (!root.IsMap()) {
    errors.push_back({split.yaml_line, 1, "expected key: value pairs"});
    return fm;
  }
  auto error_at = [&](const YAML::Node& node, std::string message) { error_at_mark(node.Mark(), std::move(message)); };
  // A value of the wrong type: that value is ignored, the note still published.
  auto warning_at = [&](const YAML::Node& node, std::string message) {
    error_at_mark(node.Mark(), std::move(message) + "; ignored");
    errors.back().severity = Severity::Warning;
  };
  Walk walk(root);
  auto scalar = [&](const YAML::Node& node, const std::string& key) -> std::optional<std::string> {
    if (node.IsNull()) return std::string();
    if (!node.IsScalar()) {
      warning_at(node, key + " must be a string");
      return std::nullopt;
    }
    return node.Scalar();
  };
  // A tag needs a letter, as an inline #tag does (`tags: 5`, `- 2024`).
  auto is_number = [](const std::string& s) { return s.find_first_not_of("0123456789") == std::string::npos; };
  // Reads the list into `out`; leaves `out` alone when the walk stops.
  auto string_list = [&](const YAML::Node& node, const std::string& key, std::vector<std::string>& out) {
    if (node.IsNull()) return;
    const bool tags = key == "tags";
    if (node.IsScalar()) {
      if (tags && is_number(node.Scalar())) {
        warning_at(node, "tag '" + node.Scalar() + "' needs a letter");
        return;
      }
      out = split_list(node.Scalar());
    } else if (node.IsSequence()) {
      std::vector<std::string> items;
      for (const auto& item : node) {
        if (!walk.count() || walk.is_cycle(item, node)) return;
        if (item.IsScalar()) {
          if (item.Scalar().empty()) continue;
          if (tags && is_number(item.Scalar()))
            warning_at(item, "tag '" + item.Scalar() + "' needs a letter");
          else
            items.push_back(item.Scalar());
        } else if (!item.IsNull()) {
          warning_at(item, key + " must be a list of strings");  // not walked further
        }
      }
      out.insert(out.end(), items.begin(), items.end());
    } else {
      warning_at(node, key + " must be a list or a string");
    }
  };
  for (const auto& kv : root) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const YAML::Node& value = kv.second;
    if (!walk.count()) {
      // counts the key (its value counts again); a spent budget is handled below
    } else if (key == "title") {
      if (auto s = scalar(value, key); s && !s->empty()) fm.title = *s;
    } else if (key == "tags") {
      string_list(value, key, fm.tags);
    } else if (key == "aliases") {
      string_list(value, key, fm.aliases);
    } else if (key == "date" || key == "updated") {
      // Obsidian's template placeholders (`date: {{date}}`) read as YAML maps.
      if (!value.IsNull() && (!value.IsScalar() || (!value.Scalar().empty() && date_part(value.Scalar()).empty())))
        warning_at(value, key + " must be a date like 2024-03-05");
      else if (value.IsScalar() && !value.Scalar().empty())
        (key == "date" ? fm.date : fm.updated) = value.Scalar();
    } else if (key == "draft") {
      // It decides whether the note is published: a value that says neither stays an error.
      const std::string s = value.IsScalar() ? value.Scalar() : std::string();
      if (s == "true" || s == "yes") fm.draft = true;
      else if (value.IsNull() || (value.IsScalar() && (s == "false" || s == "no" || s.empty()))) fm.draft = false;
      else error_at(value, "draft must be true or false");
    } else if (key == "description") {
      if (auto s = scalar(value, key)) fm.description = *s;
    } else if (!key.empty()) {
      if (auto json = walk.to_json(value)) fm.params[key] = std::move(*json);
    }
    switch (walk.take_stop()) {
      case Walk::Stop::none:
        break;
      case Walk::Stop::recursive:  // the key is dropped
        error_at(kv.first, "recursive YAML alias in '" + key + "'");
        break;
      case Walk::Stop::too_deep:  // the key is dropped
        error_at(kv.first, "'" + key + "' is " + too_deep);
        break;
      case Walk::Stop::too_many:  // the whole front matter is ignored
        error_at(kv.first, "expands to more than " + std::to_string(kMaxValues) +
                               " values (through YAML aliases?); ignored");
        return FrontMatter{};
    }
  }
  return fm;
}

}  // namespace studywiki
