#include "content/front_matter.h"

#include <yaml-cpp/yaml.h>

namespace studywiki {

namespace {

bool is_fence(std::string_view line, std::string_view fence) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == fence;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      auto arr = nlohmann::json::array();
      for (const auto& item : node) arr.push_back(to_json(item));
      return arr;
    }
    case YAML::NodeType::Map: {
      auto obj = nlohmann::json::object();
      for (const auto& kv : node) obj[kv.first.Scalar()] = to_json(kv.second);
      return obj;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return s;  // quoted: always a string
      if (s == "true" || s == "True") return true;
      if (s == "false" || s == "False") return false;
      if (!s.empty() && s.find_first_not_of("0123456789-") == std::string::npos && s != "-" &&
          s.find('-', 1) == std::string::npos && s.size() < 18)
        return std::stoll(s);
      return s;
    }
    default:
      return nullptr;
  }
}

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
  YAML::Node root;
  try {
    root = YAML::Load(std::string(split.yaml));
  } catch (const YAML::Exception& e) {
    errors.push_back({split.yaml_line + std::max(0, e.mark.line), std::max(0, e.mark.column) + 1, e.msg});
    return fm;
  }
  if (!root || root.IsNull()) return fm;
  if (!root.IsMap()) {
    errors.push_back({split.yaml_line, 1, "expected key: value pairs"});
    return fm;
  }
  auto error_at = [&](const YAML::Node& node, std::string message) {
    errors.push_back({split.yaml_line + std::max(0, node.Mark().line), std::max(0, node.Mark().column) + 1,
                      std::move(message)});
  };
  auto scalar = [&](const YAML::Node& node, const std::string& key) -> std::optional<std::string> {
    if (node.IsNull()) return std::string();
    if (!node.IsScalar()) {
      error_at(node, key + " must be a string");
      return std::nullopt;
    }
    return node.Scalar();
  };
  auto string_list = [&](const YAML::Node& node, const std::string& key, std::vector<std::string>& out) {
    if (node.IsNull()) return;
    if (node.IsScalar()) {
      out = split_list(node.Scalar());
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        if (item.IsScalar()) {
          if (!item.Scalar().empty()) out.push_back(item.Scalar());
        } else if (!item.IsNull()) {
          error_at(item, key + " must be a list of strings");
        }
      }
    } else {
      error_at(node, key + " must be a list or a string");
    }
  };
  for (const auto& kv : root) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const YAML::Node& value = kv.second;
    if (key == "title") {
      if (auto s = scalar(value, key); s && !s->empty()) fm.title = *s;
    } else if (key == "tags") {
      string_list(value, key, fm.tags);
    } else if (key == "aliases") {
      string_list(value, key, fm.aliases);
    } else if (key == "date" || key == "updated") {
      if (auto s = scalar(value, key); s && !s->empty()) {
        if (date_part(*s).empty()) error_at(value, key + " must be a date like 2024-03-05");
        else (key == "date" ? fm.date : fm.updated) = *s;
      }
    } else if (key == "draft") {
      if (auto s = scalar(value, key)) {
        if (*s == "true" || *s == "yes") fm.draft = true;
        else if (*s == "false" || *s == "no" || s->empty()) fm.draft = false;
        else error_at(value, "draft must be true or false");
      }
    } else if (key == "description") {
      if (auto s = scalar(value, key)) fm.description = *s;
    } else if (!key.empty()) {
      fm.params[key] = to_json(value);
    }
  }
  return fm;
}

}  // namespace studywiki
