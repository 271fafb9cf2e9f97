// cmark_parse: the floor under studywiki's "load" stage. Reads every .md file
// under a folder and parses it with bare cmark-gfm, the way the generator
// does (generator/src/markdown/document.cpp): options FOOTNOTES | SOURCEPOS,
// the core extensions table, strikethrough, autolink, tasklist and tagfilter
// attached (not studywiki's own math extension or passes), on N threads
// handing out files one at a time (core/parallel.h). A YAML front matter
// block (`---` … `---`) is skipped, as the generator gives cmark only the body.
//
//   cmark_parse FOLDER [--jobs N] [--runs K]
//
// Prints the files, bytes and the time to find, read, parse and free them all
// (the fastest of K runs, default 1), in milliseconds: wall, and CPU of all
// threads (which a busy machine disturbs less).
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

// cmark-gfm 0.29 adds the attached extensions' special characters to one
// static table around every inline parse and removes them again, so two
// threads parsing at once disturb each other. As in the generator
// (generator/src/markdown/cmark_threads.cpp), this definition takes the
// library's place (CMakeLists.txt exports it with --export-dynamic-symbol):
// the first "add" is forwarded, every "remove" ignored; every parser here
// attaches the same extensions. If it is not called, parses take a mutex.
namespace {
std::atomic<bool> g_override_called{false};
std::once_flag g_added;
}  // namespace

extern "C" __attribute__((visibility("default"))) void cmark_manage_extensions_special_characters(
    cmark_parser* parser, int add) {
  g_override_called.store(true, std::memory_order_release);
  if (!add) return;
  std::call_once(g_added, [parser] {
    using Fn = void (*)(cmark_parser*, int);
    auto real = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters"));
    if (real != nullptr) real(parser, 1);
  });
}

namespace {

constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tasklist", "tagfilter"};

std::mutex g_parse_mutex;

/// The text after a leading `---` front matter block (the whole text if none).
std::size_t body_start(const std::string& text) {
  std::size_t first = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) first = 3;
  if (text.compare(first, 3, "---") != 0) return 0;
  std::size_t line = text.find('\n', first);
  while (line != std::string::npos) {
    const std::size_t next = line + 1;
    if (text.compare(next, 3, "---") == 0 || text.compare(next, 3, "...") == 0) {
      const std::size_t end = text.find('\n', next);
      return end == std::string::npos ? text.size() : end + 1;
    }
    line = text.find('\n', next);
  }
  return 0;  // not closed: all Markdown
}

/// Parses one file; returns its size in bytes, or -1 if it cannot be read.
long parse_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return -1;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t begin = body_start(text);
  std::unique_lock<std::mutex> lock(g_parse_mutex, std::defer_lock);
  if (!g_override_called.load(std::memory_order_acquire)) lock.lock();
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS);
  for (const char* name : kExtensions)
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser, ext);
  cmark_parser_feed(parser, text.data() + begin, text.size() - begin);
  cmark_node* root = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  cmark_node_free(root);
  return static_cast<long>(text.size());
}

struct Result {
  std::size_t files = 0, bytes = 0, unreadable = 0;
  double ms = 0;      ///< wall
  double cpu_ms = 0;  ///< this process, all threads
};

Result run_once(const std::filesystem::path& folder, unsigned jobs) {
  namespace fs = std::filesystem;
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {  // hidden files and folders, as discovery skips them
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && it->path().extension() == ".md") files.push_back(it->path());
  }
  std::atomic<std::size_t> next{0}, bytes{0}, unreadable{0};
  std::vector<std::thread> threads;
  for (unsigned w = 0; w < jobs; ++w)
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < files.size(); i = next++) {
        const long n = parse_file(files[i]);
        if (n < 0) ++unreadable;
        else bytes += static_cast<std::size_t>(n);
      }
    });
  for (std::thread& t : threads) t.join();
  Result r;
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  r.cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  r.files = files.size();
  r.bytes = bytes;
  r.unreadable = unreadable;
  return r;
}

int usage(std::FILE* to) {
  std::fprintf(to, "usage: cmark_parse FOLDER [--jobs N] [--runs K]\n");
  return to == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path folder;
  unsigned jobs = 2;
  int runs = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") return usage(stdout);
    if ((arg == "--jobs" || arg == "--runs") && i + 1 < argc) {
      const int value = std::atoi(argv[++i]);
      if (value < 1) return usage(stderr);
      if (arg == "--jobs") jobs = static_cast<unsigned>(value);
      else runs = value;
    } else if (folder.empty() && arg.rfind("--", 0) != 0) {
      folder = arg;
    } else {
      return usage(stderr);
    }
  }
  if (folder.empty()) return usage(stderr);
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    std::fprintf(stderr, "cmark_parse: error: not a folder: %s\n", folder.c_str());
    return 2;
  }
  // Registration once, before any thread parses.
  cmark_gfm_core_extensions_ensure_registered();
  Result best;
  best.ms = 1e300;
  for (int run = 0; run < runs; ++run) {
    const Result r = run_once(folder, jobs);
    if (r.ms < best.ms) best = r;
  }
  if (best.unreadable > 0) {
    std::fprintf(stderr, "cmark_parse: error: %zu files could not be read\n", best.unreadable);
    return 1;
  }
  std::printf("cmark-gfm read+parse: %zu files, %.1f MB, %d threads%s: %.1f ms (CPU %.1f ms)\n", best.files,
              static_cast<double>(best.bytes) / 1e6, static_cast<int>(jobs),
              g_override_called.load() ? "" : " (serialized: the override was not called)", best.ms, best.cpu_ms);
  return 0;
}
