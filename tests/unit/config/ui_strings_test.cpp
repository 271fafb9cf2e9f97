// The theme's interface strings: languages, layers, {{strings.KEY}} in templates,
// plural forms, the scripts' file, and the language a site's notes are written in.
#include "config/ui_strings.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/fs.h"
#include "render/templates.h"

using namespace studywiki;
using nlohmann::json;

namespace {

const std::filesystem::path kTheme = STUDYWIKI_SOURCE_DIR "/templates";

std::set<std::string> keys(const YAML::Node& map) {
  std::set<std::string> out;
  for (const auto& item : map) out.insert(item.first.as<std::string>());
  return out;
}

std::vector<std::string> lines(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.sorted()) out.push_back(x.to_string());
  return out;
}

}  // namespace

TEST_CASE("the built-in languages have the same keys, and load without a problem") {
  const YAML::Node en = YAML::LoadFile((kTheme / "strings/en.yml").string());
  for (const char* lang : {"zh-CN"}) {
    const YAML::Node other = YAML::LoadFile((kTheme / "strings" / (std::string(lang) + ".yml")).string());
    CHECK(keys(other) == keys(en));
    CHECK(keys(other["script"]) == keys(en["script"]));
    Diagnostics d;
    UiStrings::load({}, "templates", lang, d);
    CHECK(lines(d).empty());
  }
}

TEST_CASE("the language picks its file: exact, same primary language, else English") {
  Diagnostics d;
  CHECK(UiStrings::load({}, "templates", "zh-CN", d).text("skip_link") == "\xE8\xB7\xB3\xE5\x88\xB0\xE6\xAD\xA3\xE6\x96\x87");  // 跳到正文
  CHECK(UiStrings::load({}, "templates", "zh-TW", d).source() == "strings/zh-CN.yml");
  CHECK(UiStrings::load({}, "templates", "ZH", d).source() == "strings/zh-CN.yml");
  CHECK(UiStrings::load({}, "templates", "en-GB", d).text("skip_link") == "Skip to content");
  CHECK(UiStrings::load({}, "templates", "fr", d).text("skip_link") == "Skip to content");
  CHECK(UiStrings::load({}, "templates", "fr", d).source() == "strings/en.yml");
  CHECK(lines(d).empty());
}

TEST_CASE("a site's strings file overrides single keys; a bad one is an error at its line") {
  const auto dir = std::filesystem::temp_directory_path() / "studywiki-strings-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "strings");
  std::ofstream(dir / "strings" / "en.yml") << "# mine\nskip_link: Jump to the note\nmine: Only mine\nscript:\n  copy: Grab\n";
  Diagnostics d;
  const UiStrings s = UiStrings::load(dir, "templates", "en", d);
  CHECK(lines(d).empty());
  CHECK(s.text("skip_link") == "Jump to the note");
  CHECK(s.text("mine") == "Only mine");
  CHECK(s.text("backlinks") == "Backlinks");  // not overridden
  CHECK(s.source() == "templates/strings/en.yml");
  const json script = json::parse(s.script_file().substr(17, s.script_file().size() - 19));
  CHECK(script["copy"] == "Grab");
  CHECK(script["copy_code"] == "Copy code");
  // zh-CN: the site's en.yml is not its language's file
  CHECK(UiStrings::load(dir, "templates", "zh-CN", d).text("skip_link") == "\xE8\xB7\xB3\xE5\x88\xB0\xE6\xAD\xA3\xE6\x96\x87");

  std::ofstream(dir / "strings" / "en.yml") << "skip_link: ok\nbacklinks: [a, b]\n";
  Diagnostics d2;
  const UiStrings bad = UiStrings::load(dir, "templates", "en", d2);
  CHECK(lines(d2) == std::vector<std::string>{
                         "templates/strings/en.yml:2:12: error: strings: 'backlinks' must be a string or {one: …, other: …}"});
  CHECK(bad.text("backlinks") == "Backlinks");  // the built-in one stays
  std::filesystem::remove_all(dir);
}

TEST_CASE("{{strings.KEY ARG…}} in a template: arguments, plural forms, errors at the tag") {
  Diagnostics d;
  const UiStrings en = UiStrings::load({}, "templates", "en", d);
  const UiStrings zh = UiStrings::load({}, "templates", "zh-CN", d);
  const std::string tmpl = "<p>{{strings.n_notes folder.count}}</p>{{ strings.skip_link }}";
  const std::string en_text = en.expand(tmpl, "t.mustache", d);
  const std::string zh_text = zh.expand(tmpl, "t.mustache", d);
  CHECK(lines(d).empty());
  CHECK(en_text ==
        "<p>{{#folder.count_is_one}}{{folder.count}} note{{/folder.count_is_one}}{{^folder.count_is_one}}"
        "{{folder.count}} notes{{/folder.count_is_one}}</p>Skip to content");
  CHECK(zh_text == "<p>{{folder.count}} \xE7\xAF\x87\xE7\xAC\x94\xE8\xAE\xB0</p>\xE8\xB7\xB3\xE5\x88\xB0\xE6\xAD\xA3\xE6\x96\x87");
  // rendered: the converter flags integers that are 1
  std::string error;
  CHECK(TemplateSet::render_text(en_text, {{"folder", {{"count", 1}}}}, {}, &error) == "<p>1 note</p>Skip to content");
  CHECK(TemplateSet::render_text(en_text, {{"folder", {{"count", 12}}}}, {}, &error) == "<p>12 notes</p>Skip to content");
  CHECK(TemplateSet::render_text(en_text, {{"folder", {{"count", 0}}}}, {}, &error) == "<p>0 notes</p>Skip to content");
  // arguments are escaped like any field; {{{N}}} would not be
  CHECK(TemplateSet::render_text(en.expand("{{strings.redirect_text page.href page.title}}", "t", d),
                                 {{"page", {{"href", "a.html"}, {"title", "<b>"}}}}, {}, &error) ==
        "This name points to <a href=\"a.html\">&lt;b&gt;</a>.");
  CHECK(error.empty());
  CHECK(lines(d).empty());

  Diagnostics bad;
  CHECK(en.expand("ok\n  {{strings.nope}} {{strings.n_notes}} {{strings.graph_capped a}}", "templates/x.mustache", bad) ==
        "ok\n    ");
  CHECK(lines(bad) == std::vector<std::string>{
                          "templates/x.mustache:2:3: error: template: no string 'nope' in strings/en.yml",
                          "templates/x.mustache:2:20: error: template: string 'n_notes' has plural forms: give it a "
                          "number, {{strings.n_notes COUNT}}",
                          "templates/x.mustache:2:40: error: template: string 'graph_capped' shows {{2}}, but the tag "
                          "gives 1 argument"});
  // Other tags are left alone.
  CHECK(en.expand("{{page.title}} {{{body}}} {{#strings}}x{{/strings}}", "t", bad) ==
        "{{page.title}} {{{body}}} {{#strings}}x{{/strings}}");
}

TEST_CASE("every {{strings.KEY}} of the built-in templates and every tr(KEY) of its scripts exists in every language") {
  for (const char* lang : {"en", "zh-CN"}) {
    Diagnostics d;
    const UiStrings strings = UiStrings::load({}, "templates", lang, d);
    auto set = TemplateSet::load({}, "templates", d, strings);
    CHECK_MESSAGE(lines(d).empty(), lang << ": " << (lines(d).empty() ? "" : lines(d)[0]));
    const json script = json::parse(strings.script_file().substr(17, strings.script_file().size() - 19));
    for (const char* js : {"assets/site.js", "assets/search-ui.js", "assets/graph.js"}) {
      const std::string text = *fs::read_file(kTheme / js, nullptr);
      const std::regex call(R"(\btr\("(\w+)\")");
      int calls = 0;
      for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it, ++calls)
        CHECK_MESSAGE(script.contains((*it)[1].str()), lang << ": " << js << " uses missing string " << (*it)[1].str());
      CHECK(calls > 0);
    }
    // and no page template still holds a Chinese word of its own
    for (const char* name : TemplateSet::kNames) {
      const std::string text = *fs::read_file(kTheme / (std::string(name) + ".mustache"), nullptr);
      CHECK_MESSAGE(text.find("\xE7\xAC\x94\xE8\xAE\xB0") == std::string::npos, name);  // 笔记
    }
  }
}

TEST_CASE("the generator's own words come from the strings, with arguments filled") {
  Diagnostics d;
  const UiStrings en = UiStrings::load({}, "templates", "en", d);
  CHECK(en.text("embed_cycle") == "Embed cycle: not expanded");
  CHECK(en.text("n_notes", {"1"}) == "1 note");
  CHECK(en.text("n_notes", {"3"}) == "3 notes");
  CHECK(en.text("missing-key").empty());
}

TEST_CASE("language from the notes: the share of CJK characters among letters") {
  CHECK(count_scripts("Hello, world").letters == 10);
  CHECK(count_scripts("Hello, world").cjk == 0);
  CHECK(count_scripts("\xE4\xBD\xA0\xE5\xA5\xBD Redis").cjk == 2);  // 你好
  CHECK(count_scripts("caf\xC3\xA9").letters == 4);                  // café
  CHECK(language_for({0, 0}) == "en");
  CHECK(language_for({0, 500}) == "en");
  CHECK(language_for({40, 500}) == "en");      // 7%: a few Chinese names in English notes
  CHECK(language_for({60, 500}) == "zh-CN");   // 11%: Chinese prose full of English terms
  CHECK(language_for({300, 100}) == "zh-CN");
}
