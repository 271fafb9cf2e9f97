#include "render/templates.h"

#include "core/hash.h"

#include <kainjow/mustache.hpp>
#include <mutex>

#include "core/embedded.h"
#include "core/fs.h"

namespace studywiki {

namespace mustache = kainjow::mustache;

namespace {

mustache::data scalar_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      // kainjow treats "" as true in sections; an empty field should hide
      // its section ({{#page.date}}…{{/page.date}}), and renders "" anyway.
      if (j.get_ref<const std::string&>().empty()) return mustache::data{false};
      return mustache::data{j.get_ref<const std::string&>()};
    case nlohmann::json::value_t::boolean:
      return mustache::data{j.get<bool>()};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mustache::data{j.dump()};
    default:
      return mustache::data{false};
  }
}

/// An integer 1: its member gets a K_is_one flag, for the plural forms of interface strings.
bool is_one(const nlohmann::json& j) {
  return (j.is_number_unsigned() && j.get<uint64_t>() == 1) || (j.is_number_integer() && j.get<int64_t>() == 1);
}

mustache::data empty_like(const nlohmann::json& j) {
  if (j.is_object()) return mustache::data{mustache::data::type::object};
  if (j.is_array()) return mustache::data{mustache::data::type::list};
  return scalar_data(j);
}

/// Fills `out` (an empty object or list made by empty_like) from `j`.
/// kainjow's set() and push_back() copy their argument, so building children
/// first and adding them would copy every subtree once per level above it;
/// instead each child is added empty and filled where it lies. kainjow hands
/// out only const access to children, but they are ours and not const.
void fill(const nlohmann::json& j, mustache::data& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      out.set(it.key(), empty_like(it.value()));
      if (it.value().is_structured()) fill(it.value(), const_cast<mustache::data&>(*out.get(it.key())));
      if (is_one(it.value())) out.set(it.key() + "_is_one", mustache::data{true});
    }
  } else if (j.is_array()) {
    for (const auto& item : j) {
      out.push_back(empty_like(item));
      if (item.is_structured()) fill(item, const_cast<mustache::list&>(out.list_value()).back());
    }
  }
}

mustache::data to_data(const nlohmann::json& j) {
  mustache::data out = empty_like(j);
  fill(j, out);
  return out;
}

mustache::data string_data(std::string&& s) {
  mustache::data d(mustache::data::type::string);
  const_cast<std::string&>(d.string_value()) = std::move(s);  // ours, and kainjow has no string move
  return d;
}

/// The same data as to_data(), taking the strings out of `j` rather than
/// copying them (a page's body is copied once less, every string too).
mustache::data take_data(nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string: {
      std::string& s = j.get_ref<std::string&>();
      if (s.empty()) return mustache::data{false};
      return string_data(std::move(s));
    }
    case nlohmann::json::value_t::object: {
      mustache::data d(mustache::data::type::object);
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (is_one(it.value())) d[it.key() + "_is_one"] = mustache::data{true};
        d[it.key()] = take_data(it.value());
      }
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data d(mustache::data::type::list);
      auto& list = const_cast<mustache::list&>(d.list_value());
      list.reserve(j.size());
      for (auto& item : j) list.push_back(take_data(item));
      return d;
    }
    default:
      return scalar_data(j);
  }
}

}  // namespace

/// kainjow's render() only writes to the template on errors (partials and
/// lambdas, which we do not pass), but it is not const; a mutex-free copy per
/// call would cost a deep copy, so each Parsed keeps a small pool.
struct TemplateSet::Parsed {
  std::string text;
  mutable std::mutex mutex;
  mutable std::vector<std::unique_ptr<mustache::mustache>> pool;

  std::unique_ptr<mustache::mustache> take() const {
    {
      std::lock_guard lock(mutex);
      if (!pool.empty()) {
        auto t = std::move(pool.back());
        pool.pop_back();
        return t;
      }
    }
    return std::make_unique<mustache::mustache>(text);
  }
  void give(std::unique_ptr<mustache::mustache> t) const {
    std::lock_guard lock(mutex);
    pool.push_back(std::move(t));
  }
};

TemplateSet::~TemplateSet() = default;

std::unique_ptr<TemplateSet> TemplateSet::load(const std::filesystem::path& site_templates,
                                               const std::string& display_dir, Diagnostics& diagnostics,
                                               const UiStrings& strings) {
  std::unique_ptr<TemplateSet> set(new TemplateSet());
  std::map<std::string, std::string> builtin;
  for (const auto& file : embedded_files()) builtin[std::string(file.name)] = std::string(file.bytes);
  for (const char* name : kNames) {
    const std::string file = std::string(name) + ".mustache";
    auto builtin_text = builtin.find(file);
    auto parse = [&](const std::string& source, const std::string& display) -> bool {
      const std::string text = strings.expand(source, display, diagnostics);
      auto first = std::make_unique<mustache::mustache>(text);
      if (!first->is_valid()) {
        diagnostics.error(display, 0, 0, "template: " + first->error_message());
        return false;
      }
      auto parsed = std::make_unique<Parsed>();
      parsed->text = text;
      parsed->give(std::move(first));
      set->templates_[name] = std::move(parsed);
      return true;
    };
    std::error_code ec;
    if (!site_templates.empty() && std::filesystem::exists(site_templates / file, ec)) {
      std::string error;
      auto bytes = fs::read_file(site_templates / file, &error);
      if (!bytes) diagnostics.error(display_dir + "/" + file, 0, 0, error);
      // A broken override falls back to the built-in template, so the site still reads well.
      else if (parse(*bytes, display_dir + "/" + file)) continue;
    }
    if (builtin_text == builtin.end())
      diagnostics.error("(built-in theme)/" + file, 0, 0, "template missing from the built-in theme");
    else
      parse(builtin_text->second, "(built-in theme)/" + file);
  }
  return set;
}

uint64_t TemplateSet::fingerprint() const {
  std::string all;
  for (const auto& [name, parsed] : templates_) {
    all += name;
    all += '\0';
    all += std::to_string(parsed->text.size());
    all += '\0';
    all += parsed->text;
  }
  return fnv1a64(all);
}

std::string TemplateSet::render(const std::string& name, const nlohmann::json& context) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return "";
  auto tmpl = it->second->take();
  std::string out = tmpl->render(to_data(context));
  it->second->give(std::move(tmpl));
  return out;
}

std::string TemplateSet::render_page(const std::string& kind, const nlohmann::json& context) const {
  nlohmann::json copy = context;
  return render_page(kind, std::move(copy));
}

std::string TemplateSet::render_page(const std::string& kind, nlohmann::json&& context) const {
  mustache::data data = take_data(context);
  auto render_with = [&](const std::string& name) -> std::string {
    auto it = templates_.find(name);
    if (it == templates_.end()) return "";
    auto tmpl = it->second->take();
    std::string out = tmpl->render(data);
    it->second->give(std::move(tmpl));
    return out;
  };
  data["body"] = string_data(render_with(kind));
  return render_with("layout");
}

std::string TemplateSet::render_text(const std::string& text, const nlohmann::json& context,
                                     const std::map<std::string, std::string>& partials, std::string* error) {
  mustache::mustache tmpl(text);
  if (!tmpl.is_valid()) {
    if (error) *error = tmpl.error_message();
    return "";
  }
  mustache::data data = to_data(context);
  if (!partials.empty() && data.is_object()) {
    for (const auto& [name, body] : partials)
      data.set(name, mustache::partial{[body] { return body; }});
  }
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid() && error) *error = tmpl.error_message();
  return out;
}

}  // namespace studywiki
