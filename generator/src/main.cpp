// studywiki: the command line. Parses arguments and hands off to the library.
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/build.h"
#include "content/slug.h"
#include "core/fs.h"

namespace {

namespace stdfs = std::filesystem;

const char* kUsage =
    "usage: studywiki build  [--site DIR] [--source DIR] [--out DIR] [--base-url URL]\n"
    "                        [--jobs N] [--drafts] [--strict] [--explain] [--clean] [--quiet]\n"
    "       studywiki check  [--site DIR] [--source DIR] [--drafts] [--strict]\n"
    "       studywiki serve  [--site DIR] [--source DIR] [--bind 127.0.0.1] [--port 1313]\n"
    "       studywiki new    PATH [--title T]\n"
    "       studywiki --help | --version\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "studywiki: error: %s\n%s", message.c_str(), kUsage);
  return 2;
}

int run_new(const std::vector<std::string>& args) {
  std::string path, title;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--title") {
      if (i + 1 >= args.size()) return usage_error("--title needs a value");
      title = args[++i];
    } else if (!args[i].empty() && args[i][0] == '-') {
      return usage_error("unknown option " + args[i] + " for new");
    } else if (path.empty()) {
      path = args[i];
    } else {
      return usage_error("new takes one PATH");
    }
  }
  if (path.empty()) return usage_error("new needs a PATH");
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
  for (char c : title) quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
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
    std::printf("studywiki %s — turns a folder of Markdown notes into a cross-linked wiki\n\n%s", STUDYWIKI_VERSION,
                kUsage);
    return 0;
  }
  if (command == "--version") {
    std::printf("studywiki %s\n", STUDYWIKI_VERSION);
    return 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "new") return run_new(rest);
  if (command == "serve") {
    std::fprintf(stderr, "studywiki: error: serve is not available in this version yet; "
                         "run 'studywiki build' and open public/index.html\n");
    return 2;
  }
  if (command != "build" && command != "check") return usage_error("unknown command '" + command + "'");

  studywiki::BuildOptions o;
  o.mode = command == "check" ? studywiki::BuildMode::Check : studywiki::BuildMode::Build;
  std::string site, source, out;
  bool have_site = false, have_source = false;
  for (size_t i = 0; i < rest.size(); ++i) {
    const std::string& a = rest[i];
    auto value = [&](std::string& into) -> bool {
      if (i + 1 >= rest.size()) return false;
      into = rest[++i];
      return true;
    };
    std::string jobs;
    if (a == "--site") { if (!value(site)) return usage_error("--site needs a folder"); have_site = true; }
    else if (a == "--source") { if (!value(source)) return usage_error("--source needs a folder"); have_source = true; }
    else if (a == "--out" && o.mode == studywiki::BuildMode::Build) { if (!value(out)) return usage_error("--out needs a folder"); }
    else if (a == "--base-url" && o.mode == studywiki::BuildMode::Build) { if (!value(o.base_url)) return usage_error("--base-url needs a URL"); }
    else if (a == "--jobs" && o.mode == studywiki::BuildMode::Build) {
      if (!value(jobs)) return usage_error("--jobs needs a number");
      char* end = nullptr;
      long n = std::strtol(jobs.c_str(), &end, 10);
      if (!end || *end || n < 1 || n > 256) return usage_error("--jobs needs a number from 1 to 256");
      o.jobs = static_cast<unsigned>(n);
    }
    else if (a == "--drafts") o.drafts = true;
    else if (a == "--strict") o.strict = true;
    else if (a == "--explain" && o.mode == studywiki::BuildMode::Build) o.explain = true;
    else if (a == "--clean" && o.mode == studywiki::BuildMode::Build) o.clean = true;
    else if (a == "--quiet" && o.mode == studywiki::BuildMode::Build) o.quiet = true;
    else return usage_error("unknown option '" + a + "' for " + command);
  }
  if (have_source && !have_site) {
    o.source = stdfs::u8path(source);
    o.out = stdfs::u8path(out.empty() ? "public" : out);
    o.display_root = "";
  } else {
    o.site = stdfs::u8path(have_site ? site : ".");
    o.source = have_source ? stdfs::u8path(source) : o.site / "content";
    o.out = out.empty() ? o.site / "public" : stdfs::u8path(out);
    std::string rel = studywiki::fs::generic(o.source.lexically_relative(o.site));
    if (rel.empty() || rel == ".") o.display_root = "";
    else if (rel.rfind("..", 0) == 0) o.display_root = studywiki::fs::generic(o.source) + "/";
    else o.display_root = rel + "/";
  }
  o.exit_after_build = true;
  return studywiki::run_build(o);
}
