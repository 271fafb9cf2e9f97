// bench/search/index_bench — times search::Index::build alone.
//
//   bench/search/index_bench [--jobs N] [--runs K] NOTES_DIR
//
// Reads every .md under NOTES_DIR (sorted by path), renders it with
// markdown::Document (no link resolution, no front matter: titles are file
// stems, folders and tags are left out), cuts it into sections with
// search::split_sections, then builds the index K times and prints each
// run's wall and CPU time, the median, and a hash of all the files' bytes
// (the same code and input give the same hash: a quick check that a change
// to the index build left its output alone). Built by bench/search/index_bench.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/parallel.h"
#include "markdown/document.h"
#include "search/index.h"

namespace stdfs = std::filesystem;
using namespace studywiki;

int main(int argc, char** argv) {
  unsigned jobs = default_jobs();
  int runs = 3;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--jobs" && i + 1 < argc) jobs = static_cast<unsigned>(std::stoi(argv[++i]));
    else if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
    else dir = a;
  }
  if (dir.empty()) {
    std::fprintf(stderr, "usage: index_bench [--jobs N] [--runs K] NOTES_DIR\n");
    return 2;
  }
  std::vector<stdfs::path> paths;
  for (const auto& e : stdfs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".md") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  search::IndexInput input;
  input.notes.resize(paths.size());
  parallel_for(paths.size(), jobs, [&](size_t i, unsigned) {
    std::ifstream in(paths[i], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const markdown::Document doc = markdown::Document::parse(text.str());
    search::NoteInput& note = input.notes[i];
    note.url = stdfs::relative(paths[i], dir).replace_extension(".html").generic_string();
    note.title = paths[i].stem().string();
    note.sections = search::split_sections(doc.html(), doc.headings());
  });
  std::vector<double> walls;
  for (int r = 0; r < runs; ++r) {
    search::Options options;
    options.keep_postings = false;
    search::IndexInput copy = input;
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    const search::Index index = search::Index::build(std::move(copy), jobs, options);
    const double cpu = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    walls.push_back(wall);
    uint64_t hash = 0xcbf29ce484222325ull;
    for (const auto& [name, bytes] : index.files()) hash = search::fnv1a64(std::to_string(hash) + name + bytes);
    std::printf("run %d: %8.1f ms wall, %8.1f ms cpu, %zu files, %zu bytes, hash %016llx\n", r + 1, wall, cpu,
                index.files().size(), index.total_bytes(), static_cast<unsigned long long>(hash));
  }
  std::sort(walls.begin(), walls.end());
  std::printf("median: %.1f ms wall (%zu notes, jobs %u)\n", walls[walls.size() / 2], paths.size(), jobs);
  return 0;
}
