#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "output/write_gate.h"
#include "pipeline/build.h"
#include "serve/watch.h"

namespace studywiki::serve {

/// What one rebuild did, all the server needs to know of it. The server asks
/// for rebuilds through a `Rebuild` function only, so a faster (incremental)
/// build can take the full build's place without any change here.
struct Rebuilt {
  int status = 0;                      ///< the build's exit status (2: it stopped before building)
  std::vector<std::string> changed;    ///< output files written or removed (relative to the output folder)
  std::vector<std::string> failures;   ///< the diagnostics that fail it, as printed
  std::vector<std::string> warnings;   ///< the other diagnostics
  std::string base_url;                ///< the site's (it decides the path the site is served under)
  size_t written = 0, removed = 0;
  double seconds = 0;
  bool cancelled = false;              ///< called off by a newer save (BuildRequest::gate)
};
/// What a rebuild is asked for.
struct BuildRequest {
  bool first = false;          ///< the server's first build: it prints as `build` does
  bool warm = false;           ///< build even when nothing changed, for the results quick answers need
  WriteGate* gate = nullptr;   ///< closing it calls the build off (output/write_gate.h)
};
using Rebuild = std::function<Rebuilt(const BuildRequest&)>;
/// The first answer to a save, before the rebuild (pipeline/quick.h): the
/// pages written at once, or nullopt when only the rebuild can answer.
using Quick = std::function<std::optional<Rebuilt>(const std::vector<std::string>& sources)>;

/// A full build through run_build (the build command's), quiet after the
/// first; its diagnostics are printed by the server (errors always, warnings
/// when new). `quick` answers from what the last of them kept.
struct Builds {
  Rebuild rebuild;
  Quick quick;
  /// Whether no build has kept its results yet (the first found nothing
  /// changed and did nothing): the server then asks for a `warm` one.
  std::function<bool()> needs_warm;
};
Builds full_rebuild(const BuildOptions& options);

struct ServeOptions {
  BuildOptions build;
  std::string bind = "127.0.0.1";
  int port = 1313;
  bool polling = false;  ///< watch by polling even where inotify works (STUDYWIKI_WATCH=poll)
};

/// The trees `serve` watches: a site's content/ (or its --source folder
/// wherever it is), templates/, static/ and site.yml; a vault's whole folder
/// (its site.yml included). Never the output folder, wherever it lies.
std::vector<WatchRoot> watch_roots(const BuildOptions& o);

/// `studywiki serve`: builds, serves the output folder over HTTP, rebuilds on
/// every change and tells open pages to reload. Returns the exit status.
int run_serve(const ServeOptions& options, const Builds& builds);

/// The live-reload script, and an HTML page with it added before `</body>`;
/// `generation` is the number of rebuilds when the page was read (its event
/// stream starts there).
const std::string& live_script();
std::string inject_live_script(std::string html, const std::string& script_url, const std::string& base_path,
                               uint64_t generation);

/// "wrote db/redis.html in 0.012 s; rebuilding the rest" (a quick answer)
std::string quick_line(const Rebuilt& r);

/// "rebuilt in 0.42 s: 3 written, 0 removed (content/a.md changed)"
std::string summary_line(const Rebuilt& r, const std::vector<std::string>& sources);

}  // namespace studywiki::serve
