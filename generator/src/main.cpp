// studywiki: the command line. Parses arguments and hands off to the library.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <malloc.h>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/build.h"
#include "serve/serve.h"
#include "content/slug.h"
#include "core/closest.h"
#include "core/fs.h"
#include "core/parallel.h"

namespace {

namespace stdfs = std::filesystem;

const char* kUsage =
    "usage: studywiki build  [FOLDER] [--site DIR] [--source DIR] [--out DIR] [--base-url URL]\n"
    "                        [--jobs N] [--drafts] [--strict] [--explain] [--clean] [--quiet]\n"
    "       studywiki check  [FOLDER] [--site DIR] [--source DIR] [--drafts] [--strict]\n"
    "       studywiki serve  [FOLDER] [--site DIR] [--source DIR] [--bind 127.0.0.1] [--port 1313]\n"
    "       studywiki new    PATH [--title T]\n"
    "       studywiki --help | --version      studywiki COMMAND --help\n";

/// One command: its usage lines, its help, and the options it takes (those
/// followed by a value end in '=' here).
struct Command {
  const char* name;
  const char* usage;
  const char* help;
  std::vector<std::string> options;
};

const char* kFolderHelp =
    "  FOLDER          a site (a folder holding content/) or else a vault of notes, built\n"
    "                  with the built-in theme and its own site.yml, if any\n"
    "  --site DIR      the site folder: site.yml, content/, templates/, static/ (default: .)\n"
    "  --source DIR    the notes (default: SITE/content); without --site, a vault as FOLDER\n";

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"build",
       "usage: studywiki build [FOLDER] [--site DIR] [--source DIR] [--out DIR] [--base-url URL]\n"
       "                       [--jobs N] [--drafts] [--strict] [--explain] [--clean] [--quiet]\n",
       "Builds the notes into a website: one page per note, folder and tag pages, graph, search.\n\n",
       {"--site=", "--source=", "--out=", "--base-url=", "--jobs=", "--drafts", "--strict", "--explain", "--clean",
        "--quiet", "--help"}},
      {"check", "usage: studywiki check [FOLDER] [--site DIR] [--source DIR] [--drafts] [--strict]\n",
       "Does everything build does (read, resolve links, render in memory) but writes nothing.\n\n",
       {"--site=", "--source=", "--drafts", "--strict", "--help"}},
      {"serve", "usage: studywiki serve [FOLDER] [--site DIR] [--source DIR] [--bind 127.0.0.1] [--port 1313]\n",
       "Builds the site into its output folder, serves it over HTTP under base_url's path, rebuilds\n"
       "on every save (content/ or the vault, templates/, static/, site.yml) and reloads open pages.\n"
       "The reload script goes only into the pages it serves, never into the output folder.\n\n",
       {"--site=", "--source=", "--bind=", "--port=", "--help"}},
      {"new", "usage: studywiki new PATH [--title T]\n",
       "Creates a note at PATH (.md added when missing) with front matter: title, today's date, tags.\n\n"
       "  --title T       its title (default: the file name)\n"
       "  -h, --help      this help\n",
       {"--title=", "--help"}},
  };
  return list;
}

const char* kBuildOptionsHelp =
    "  --out DIR       the output folder (default: SITE/public; ./public for a vault)\n"
    "  --base-url URL  where the site will live, e.g. https://me.github.io/notes/: absolute\n"
    "                  URLs in sitemap.xml, feed.xml (written only then) and 404.html\n"
    "  --jobs N        threads (default: one per core)\n";
const char* kCommonOptionsHelp =
    "  --drafts        include notes marked draft: true\n"
    "  --strict        warnings count as errors\n";
const char* kBuildFlagsHelp =
    "  --explain       say why each file was written or removed\n"
    "  --clean         first remove every file an earlier build wrote\n"
    "  --quiet         no summary line\n";
const char* kExitHelp =
    "  -h, --help      this help\n\n"
    "Exit status: 0 success; 1 the site has errors (with --strict, also warnings);\n"
    "2 bad usage (unknown command or option, a folder that does not exist).\n";

const Command* find_command(const std::string& name) {
  for (const Command& c : commands())
    if (name == c.name) return &c;
  return nullptr;
}

void print_help(const Command& c) {
  std::printf("%s\n%s", c.usage, c.help);
  const std::string name = c.name;
  if (name == "new") return;
  std::printf("%s", kFolderHelp);
  if (name == "build") std::printf("%s", kBuildOptionsHelp);
  if (name == "serve") {
    std::printf("  --bind ADDR     the address to listen on (default: 127.0.0.1)\n"
                "  --port N        the port (default: 1313)\n");
  } else {
    std::printf("%s", kCommonOptionsHelp);
  }
  if (name == "build") std::printf("%s", kBuildFlagsHelp);
  if (name == "serve")
    std::printf("  -h, --help      this help\n\n"
                "Ctrl-C stops it (during a build, once the build is done; a second Ctrl-C at once).\n"
                "Exit status: 0 stopped; 1 the address or port cannot be used;\n"
                "2 bad usage (unknown command or option, a folder that does not exist).\n");
  else
    std::printf("%s", kExitHelp);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "studywiki: error: %s\n%s", message.c_str(), kUsage);
  return 2;
}

/// A usage error of one command: the message, that command's usage, where its help is.
int usage_error(const Command& c, const std::string& message) {
  std::fprintf(stderr, "studywiki: error: %s\n%srun 'studywiki %s --help' for more\n", message.c_str(), c.usage,
               c.name);
  return 2;
}

bool takes_value(const Command& c, const std::string& option) {
  return std::find(c.options.begin(), c.options.end(), option + "=") != c.options.end();
}
bool takes_flag(const Command& c, const std::string& option) {
  return std::find(c.options.begin(), c.options.end(), option) != c.options.end();
}

/// An option the command does not take: another command's, or a typo of one of its own.
int unknown_option(const Command& c, const std::string& option) {
  for (const Command& other : commands())
    if (&other != &c && (takes_value(other, option) || takes_flag(other, option)))
      return usage_error(c, std::string(c.name) + " does not take " + option + " (" + other.name + " does)");
  std::vector<std::string> names;
  for (std::string o : c.options) {
    if (!o.empty() && o.back() == '=') o.pop_back();
    names.push_back(o);
  }
  const std::string guess = studywiki::closest_word(option, names);
  return usage_error(c, "unknown option '" + option + "' for " + c.name +
                            (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
}

/// The command's arguments as options with their values and positionals;
/// `--opt=value` is `--opt value`. 0, or the exit status of a usage error.
struct Parsed {
  std::vector<std::pair<std::string, std::string>> options;  ///< in order; flags have ""
  std::vector<std::string> positional;
  bool help = false;
};
int parse(const Command& c, const std::vector<std::string>& args, Parsed& parsed) {
  // Asking for help is never a usage error, whatever else the line holds.
  if (std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help"; }) !=
      args.end()) {
    parsed.help = true;
    return 0;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-h" || a == "--help") {
      parsed.help = true;
      continue;
    }
    if (a.size() < 2 || a[0] != '-') {
      parsed.positional.push_back(a);
      continue;
    }
    std::string value;
    bool inline_value = false;
    if (const size_t eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      inline_value = true;
    }
    if (takes_value(c, a)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) return usage_error(c, a + " needs a value");
        value = args[++i];
      }
      parsed.options.emplace_back(a, value);
    } else if (takes_flag(c, a)) {
      if (inline_value) return usage_error(c, a + " takes no value");
      parsed.options.emplace_back(a, "");
    } else {
      return unknown_option(c, a);
    }
  }
  return 0;
}

bool is_folder(const stdfs::path& p) {
  std::error_code ec;
  return stdfs::is_directory(p, ec);
}

int run_new(const Command& c, const std::vector<std::string>& args) {
  Parsed parsed;
  if (const int status = parse(c, args, parsed); status != 0) return status;
  if (parsed.help) {
    print_help(c);
    return 0;
  }
  std::string path, title;
  for (const auto& [option, value] : parsed.options)
    if (option == "--title") title = value;
  if (parsed.positional.size() > 1) return usage_error(c, "new takes one PATH");
  if (parsed.positional.size() == 1) path = parsed.positional[0];
  if (path.empty()) return usage_error(c, "new needs a PATH");
  stdfs::path file = stdfs::u8path(path);
  if (file.extension() != ".md" && file.extension() != ".markdown") file += ".md";
  std::error_code ec;
  if (stdfs::exists(file, ec)) {
    std::fprintf(stderr, "%s: error: already exists\n", studywiki::fs::generic(file).c_str());
    return 1;
  }
  if (title.empty()) title = studywiki::fs::generic(file.stem());
  std::time_t now = std::time(nullptr);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", std::localtime(&now));
  std::string quoted = "\"";
  for (char ch : title) quoted += (ch == '"' || ch == '\\') ? std::string("\\") + ch : std::string(1, ch);
  quoted += "\"";
  std::string text = "---\ntitle: " + quoted + "\ndate: " + date + "\ntags: []\n---\n\n";
  std::string error;
  if (studywiki::fs::write_if_changed(file, text, &error) == studywiki::fs::WriteResult::Failed) {
    std::fprintf(stderr, "%s: error: %s\n", studywiki::fs::generic(file).c_str(), error.c_str());
    return 1;
  }
  std::printf("created %s\n", studywiki::fs::generic(file).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  const std::string command = args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    if (args.size() > 1) {
      if (const Command* c = find_command(args[1])) {
        print_help(*c);
        return 0;
      }
      std::vector<std::string> names;
      for (const Command& k : commands()) names.push_back(k.name);
      const std::string guess = studywiki::closest_word(args[1], names);
      return usage_error("no command '" + args[1] + "' to help with" +
                         (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
    }
    std::printf("studywiki %s — turns a folder of Markdown notes into a cross-linked wiki\n\n%s", STUDYWIKI_VERSION,
                kUsage);
    return 0;
  }
  if (command == "--version") {
    std::printf("studywiki %s\n", STUDYWIKI_VERSION);
    return 0;
  }
  const Command* c = find_command(command);
  if (!c) {
    const bool option = command.rfind("-", 0) == 0;
    std::vector<std::string> names = {"help"};
    if (option) names = {"--help", "--version"};
    else for (const Command& k : commands()) names.push_back(k.name);
    const std::string guess = studywiki::closest_word(command, names);
    return usage_error((option ? "unknown option '" : "unknown command '") + command + "'" +
                       (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "new") return run_new(*c, rest);
  Parsed parsed;
  if (const int status = parse(*c, rest, parsed); status != 0) return status;
  if (parsed.help) {
    print_help(*c);
    return 0;
  }
  studywiki::BuildOptions o;
  studywiki::serve::ServeOptions serve;
  o.mode = command == "check" ? studywiki::BuildMode::Check : studywiki::BuildMode::Build;
  std::string site, source, out;
  bool have_site = false, have_source = false;
  for (const auto& [a, value] : parsed.options) {
    if (a == "--site") { site = value; have_site = true; }
    else if (a == "--source") { source = value; have_source = true; }
    else if (a == "--out") out = value;
    else if (a == "--base-url") o.base_url = value;
    else if (a == "--jobs") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || !end || *end || n < 1 || n > 256) return usage_error(*c, "--jobs needs a number from 1 to 256");
      o.jobs = static_cast<unsigned>(n);
    }
    else if (a == "--drafts") o.drafts = true;
    else if (a == "--strict") o.strict = true;
    else if (a == "--explain") o.explain = true;
    else if (a == "--clean") o.clean = true;
    else if (a == "--quiet") o.quiet = true;
    else if (a == "--bind") serve.bind = value;
    else if (a == "--port") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || !end || *end || n < 1 || n > 65535) return usage_error(*c, "--port needs a number from 1 to 65535");
      serve.port = static_cast<int>(n);
    }
  }
  if (command == "serve" && serve.bind.empty()) return usage_error(*c, "--bind needs an address, like 127.0.0.1");
  for (const auto& [a, value] : parsed.options)
    if ((a == "--site" || a == "--source" || a == "--out") && value.empty()) return usage_error(*c, a + " needs a folder");
  // A positional FOLDER: a site when it holds content/, else a vault (as --source).
  if (parsed.positional.size() > 1)
    return usage_error(*c, std::string(c->name) + " takes one FOLDER, not " + std::to_string(parsed.positional.size()));
  if (parsed.positional.size() == 1) {
    const std::string& folder = parsed.positional[0];
    if (have_site || have_source)
      return usage_error(*c, "give the notes either as FOLDER ('" + folder + "') or with --site/--source, not both");
    if (!is_folder(stdfs::u8path(folder))) return usage_error(*c, "folder '" + folder + "' does not exist");
    if (is_folder(stdfs::u8path(folder) / "content")) {
      site = folder;
      have_site = true;
    } else {
      source = folder;
      have_source = true;
    }
  }
  if (have_site && !is_folder(stdfs::u8path(site))) return usage_error(*c, "site folder '" + site + "' does not exist");
  if (have_source && !is_folder(stdfs::u8path(source)))
    return usage_error(*c, "source folder '" + source + "' does not exist");
  if (have_source && !have_site) {
    o.source = stdfs::u8path(source);
    o.out = stdfs::u8path(out.empty() ? "public" : out);
    o.display_root = "";
  } else {
    o.site = stdfs::u8path(have_site ? site : ".");
    o.source = have_source ? stdfs::u8path(source) : o.site / "content";
    if (!is_folder(o.source)) {
      const std::string shown = studywiki::fs::generic(o.source.lexically_normal());
      return usage_error(*c, "source folder '" + shown + "' does not exist" +
                                 "; a folder of notes without content/ is a vault: studywiki " + c->name + " " +
                                 (have_site ? site : std::string(".")));
    }
    o.out = out.empty() ? o.site / "public" : stdfs::u8path(out);
    std::string rel = studywiki::fs::generic(o.source.lexically_relative(o.site));
    if (rel.empty() || rel == ".") o.display_root = "";
    else if (rel.rfind("..", 0) == 0) o.display_root = studywiki::fs::generic(o.source) + "/";
    else o.display_root = rel + "/";
  }
#ifdef M_ARENA_MAX
  // glibc gives each new thread a heap of its own (up to eight per core), and what one
  // frees the others do not reuse: with the search thread beside the stages' workers,
  // that held 150 MB more at the peak of a 10,000-note build. As many heaps as workers.
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, o.jobs ? o.jobs : studywiki::default_jobs())));
#endif
  if (command == "serve") {
    serve.build = o;
    return studywiki::serve::run_serve(serve, studywiki::serve::full_rebuild(o));
  }
  o.exit_after_build = true;
  return studywiki::run_build(o);
}
