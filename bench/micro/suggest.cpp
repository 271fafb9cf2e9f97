// The did-you-mean suggester (links/suggest.h) at vault scale: 10,000 notes'
// titles, file names and aliases (30,000 names), 2,000 mistyped queries; and
// the small case a broken heading link makes, many times over.
#include <cstdio>
#include <optional>

#include "links/suggest.h"
#include "micro.h"
#include "name_corpus.h"
#include "timer.h"

namespace studywiki::bench {

int bench_suggest(int runs) {
  links::testing::NameMaker make(99);
  const std::vector<std::string> names = make.note_names(10000);
  const std::vector<std::string> queries = make.queries(names, 2000);
  const std::vector<std::string> headings = make.headings(20);
  const std::vector<std::string> heading_queries = make.heading_queries(headings, 100);

  Best build, query, tiny;
  std::optional<links::Suggester> s;
  for (int run = 0; run < runs; ++run) {
    s.reset();
    build.run([&] { s.emplace(names); });
  }
  int answered = 0;
  for (int run = 0; run < runs; ++run)
    query.run([&] {
      answered = 0;
      for (const auto& q : queries)
        if (s->suggest(q)) ++answered;
    });
  const int tiny_runs = 5000;
  int tiny_answered = 0;
  for (int run = 0; run < runs; ++run)
    tiny.run([&] {
      tiny_answered = 0;
      for (int i = 0; i < tiny_runs; ++i) {
        const links::Suggester h(headings);
        if (h.suggest(heading_queries[static_cast<std::size_t>(i) % heading_queries.size()])) ++tiny_answered;
      }
    });
  std::printf("suggest: %zu names: construction %s\n", names.size(), build.text().c_str());
  std::printf("suggest: %zu queries (%d answered): %s in all\n", queries.size(), answered, query.text().c_str());
  std::printf("suggest: %d x (20 headings: construction + one query; %d answered): %s in all\n", tiny_runs,
              tiny_answered, tiny.text().c_str());
  return answered > 0 ? 0 : 1;
}

}  // namespace studywiki::bench
